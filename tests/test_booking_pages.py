"""« Mon premier rendez-vous » and the professionals' agenda through AppTest, on the demo data.

The person: place → day → time → a confirm screen that books nothing → « Je confirme » books one seat;
« Retour » at each step; a seat taken by someone else meanwhile; the confirmation's reference, calendar
file and QR code; moving and cancelling, and the 24 h / 4 h limits. The agenda: names for the accueil,
attendance on a past créneau, booking by dossier number, cancelling a créneau, who may open it and whose
names a référent of another structure sees.

Everything is checked on screen (texts from dossier.labels) and in the database, refusals included:
each says why, next to its field.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import icalendar
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, text
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dossier import clock, formatting
from dossier.appointments import _booking as appointments
from dossier.appointments import qr_png, shortage
from dossier.appointments import waiting_people as people_waiting
from dossier.appointments._calendar_file import confirmation_url
from dossier.labels import long_date, t
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import Beneficiary, Booking, BookingEvent, OutboxMessage, Place, Slot
from tests.support.apptest import (
    as_person,
    as_professional,
    assert_ok,
    downloaded,
    k,
    page,
    page_links,
    press,
    request_page,
    served,
    shown,
    subheaders,
    walk,
)
from tests.support.domain import (
    ACCUEIL,
    REFERENT,
    bookings_of,
    count,
    free_slots_by_day,
    me,
    person_by_number,
    person_id,
    pro_actor,
)
from ui.text import html_table, plain

PERSON = "D2026-0004"  # active account, ASSO-PAS, has an e-mail address, no appointment
OTHER = "D2026-0006"  # active account, FT-VV, no appointment
CD_PERSON = "D2026-0005"  # active account, CD-VV (Claire Morel's structure), no appointment
BOOKED = "D2026-0003"  # ML-RIV; the demo books one upcoming appointment for them
UNKNOWN_NUMBER = "D2026-9999"


# --- fixtures and helpers ------------------------------------------------------------------------


def person_on_booking(engine, number: str = PERSON) -> AppTest:
    at = request_page(as_person(engine, number), "rendez-vous")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("booking.title")]
    return at


def pro_on_agenda(engine, email: str = ACCUEIL) -> AppTest:
    """A professional signed in, on the agenda page reached by its link's address."""
    at = as_professional(engine, email)
    at = request_page(at, page_links(at)[t("nav.agenda")])
    assert_ok(at)
    assert [e.value for e in at.title] == [t("agenda.title")]
    return at


def press_named(at: AppTest, name: str) -> AppTest:
    """Click the button whose key (without the generation suffix) is `name` and rerun."""
    return press(at, k(at, name))


def button_keys(at: AppTest) -> list[str]:
    return [b.key.rsplit("__", 1)[0] for b in at.button if b.key]


def keys_like(at: AppTest, prefix: str) -> list[str]:
    return [name for name in button_keys(at) if name.startswith(prefix)]


def hhmm(moment: dt.datetime) -> str:
    return clock.as_paris(moment).strftime("%H:%M")


def paris_day(moment: dt.datetime) -> dt.date:
    return clock.as_paris(moment).date()


def events_of(engine, booking_id: int) -> list[BookingEvent]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(BookingEvent).where(BookingEvent.booking_id == booking_id)
                                 .order_by(BookingEvent.id)))


def outbox_of(engine, number: str) -> list[OutboxMessage]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(OutboxMessage).join(Beneficiary, OutboxMessage.beneficiary_id == Beneficiary.id)
                                 .where(Beneficiary.dossier_number == number).order_by(OutboxMessage.id)))


def slot_row(engine, slot_id: int) -> Slot:
    with Session(engine, expire_on_commit=False) as session:
        return session.get(Slot, slot_id)


def mie_places(engine) -> list[Place]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(Place).where(Place.is_mie.is_(True)).order_by(Place.id)))


def free_slot(engine, *, after_hours: float = 0, place_id: int | None = None, skip: int = 0):
    """A free demo créneau starting more than `after_hours` from now (the `skip`-th such one)."""
    with Session(engine) as session:
        slots = [s for s in appointments.free_slots(session, place_id=place_id)
                 if s.starts_at - clock.now() > dt.timedelta(hours=after_hours)]
    return slots[skip]


def book_through_domain(engine, number: str, slot_id: int) -> appointments.BookingView:
    with session_scope(engine) as session:
        return appointments.book(session, me(session, number), person_by_number(session, number).id, slot_id)


def choose_place_day_time(at: AppTest, place_id: int, day: dt.date, slot_id: int) -> AppTest:
    press_named(at, f"booking_place_{place_id}")
    assert t("booking.step.day") in subheaders(at)
    press_named(at, f"booking_day_{day}")
    assert t("booking.step.time") in subheaders(at)
    return press_named(at, f"booking_slot_{slot_id}")


def summary(moment: dt.datetime, place: Place, *, with_postcode: bool = True) -> str:
    city = f"{place.postcode} {place.city}" if with_postcode else place.city
    return t("booking.summary", day=long_date(paris_day(moment)), time=hhmm(moment), place=plain(place.name),
             address=plain(place.address), city=plain(city))


def markdowns(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


# --- the person's flow ---------------------------------------------------------------------------


def test_the_whole_flow_books_exactly_one_seat_and_nothing_before_je_confirme(demo):
    at = person_on_booking(demo)
    assert t("booking.intro") in shown(at)
    assert subheaders(at) == [t("booking.step.place")]
    with Session(demo) as session:
        places = appointments.places_with_free_slots(session)
    assert [b.label for b in at.button if (b.key or "").startswith("booking_place_")] == \
        [t("booking.place.choose", name=p.name) for p in places]
    place = mie_places(demo)[0]
    with Session(demo) as session:
        days = free_slots_by_day(session, place.id)

    press_named(at, f"booking_place_{place.id}")
    assert subheaders(at) == [t("booking.step.day")]
    assert t("booking.chosen.place", place=plain(place.name)) in [c.value for c in at.caption]
    assert [b.label for b in at.button if (b.key or "").startswith("booking_day_")] == \
        [t("booking.day.button", day=long_date(day), count=len(slots)) for day, slots in days.items()]

    day, slots = next(iter(days.items()))
    press_named(at, f"booking_day_{day}")
    assert subheaders(at) == [t("booking.step.time")]
    assert t("booking.chosen.day", place=plain(place.name), day=long_date(day)) in [c.value for c in at.caption]
    assert [(b.key.rsplit("__", 1)[0], b.label) for b in at.button if (b.key or "").startswith("booking_slot_")] == \
        [(f"booking_slot_{s.id}", hhmm(s.starts_at)) for s in slots]

    slot = slots[-1]
    bookings_before, events_before, outbox_before = count(demo, Booking), count(demo, BookingEvent), \
        count(demo, OutboxMessage)
    press_named(at, f"booking_slot_{slot.id}")
    assert subheaders(at) == [t("booking.step.confirm")]
    assert at.warning.values == [t("booking.not_yet")]
    assert f"**{summary(slot.starts_at, place)}**" in markdowns(at)
    assert at.button(key=k(at, "booking_confirm")).label == t("booking.confirm")
    # Nothing is booked yet: no row, no seat, no event, no notice.
    assert bookings_of(demo, PERSON) == []
    assert slot_row(demo, slot.id).booked == 0
    assert (count(demo, Booking), count(demo, BookingEvent), count(demo, OutboxMessage)) == \
        (bookings_before, events_before, outbox_before)

    press_named(at, "booking_confirm")
    [booking] = bookings_of(demo, PERSON)
    assert (booking.slot_id, booking.status, booking.channel) == (slot.id, "a_venir", "autonome")
    assert slot_row(demo, slot.id).booked == 1
    assert count(demo, Booking) == bookings_before + 1  # one seat, for this person only
    assert [e.change for e in events_of(demo, booking.id)] == ["booked"]
    assert [(m.kind, m.channel, m.booking_id) for m in outbox_of(demo, PERSON)] == \
        [("confirmation", "email", booking.id)]
    assert at.info.values[0] == t("booking.done")
    assert subheaders(at) == [t("booking.yours")]
    assert t("booking.reference", reference=booking.reference) in shown(at)
    assert not at.warning and "booking_confirm" not in button_keys(at)
    # A rerun (a second tap, a refresh of the script) books nothing more.
    at.run()
    assert_ok(at)
    assert len(bookings_of(demo, PERSON)) == 1 and slot_row(demo, slot.id).booked == 1


def test_retour_steps_back_one_step_at_a_time_and_books_nothing(demo):
    place = mie_places(demo)[1]
    slot = free_slot(demo, place_id=place.id)
    day = paris_day(slot.starts_at)
    at = choose_place_day_time(person_on_booking(demo), place.id, day, slot.id)
    assert subheaders(at) == [t("booking.step.confirm")]
    assert at.button(key=k(at, "booking_back_time")).label == t("booking.back")

    press_named(at, "booking_back_time")
    assert subheaders(at) == [t("booking.step.time")]
    assert f"booking_slot_{slot.id}" in button_keys(at)
    assert t("booking.chosen.day", place=plain(place.name), day=long_date(day)) in [c.value for c in at.caption]

    press_named(at, "booking_back_day")
    assert subheaders(at) == [t("booking.step.day")]
    assert f"booking_day_{day}" in button_keys(at)

    press_named(at, "booking_back_place")
    assert subheaders(at) == [t("booking.step.place")]
    assert keys_like(at, "booking_place_")
    assert bookings_of(demo, PERSON) == [] and slot_row(demo, slot.id).booked == 0


def test_a_seat_taken_meanwhile_shows_the_error_and_the_next_free_creneaux(demo):
    place = mie_places(demo)[0]
    slot = free_slot(demo, place_id=place.id)
    at = choose_place_day_time(person_on_booking(demo), place.id, paris_day(slot.starts_at), slot.id)
    assert subheaders(at) == [t("booking.step.confirm")]
    book_through_domain(demo, OTHER, slot.id)  # someone else is faster
    outbox_before = outbox_of(demo, PERSON)

    press_named(at, "booking_confirm")
    assert t("booking.taken") in at.error.values
    with Session(demo) as session:
        next_free = appointments.free_slots(session, place_id=place.id, limit=appointments.NEXT_FREE_SHOWN)
    assert slot.id not in [s.id for s in next_free]
    offered = [(b.key.rsplit("__", 1)[0], b.label) for b in at.button if (b.key or "").startswith("booking_next_")]
    assert offered == [(f"booking_next_{s.id}", f"{long_date(paris_day(s.starts_at))} {hhmm(s.starts_at)}")
                       for s in next_free]
    assert "booking_confirm" not in button_keys(at) and t("booking.step.confirm") not in subheaders(at)
    # Nothing was written for the person; the other person holds the only seat.
    assert bookings_of(demo, PERSON) == []
    assert outbox_of(demo, PERSON) == outbox_before
    assert slot_row(demo, slot.id).booked == 1
    with Session(demo) as session:
        assert session.exec(select(func.count()).select_from(BookingEvent).where(
            BookingEvent.beneficiary_id == person_id(demo, PERSON))).one() == 0

    # One tap on a créneau offered: the confirm screen again, for that one; then it is booked.
    chosen = next_free[0]
    press_named(at, f"booking_next_{chosen.id}")
    assert subheaders(at) == [t("booking.step.confirm")]
    assert not at.error
    assert f"**{summary(chosen.starts_at, place)}**" in markdowns(at)
    assert bookings_of(demo, PERSON) == []
    press_named(at, "booking_confirm")
    [booking] = bookings_of(demo, PERSON)
    assert booking.slot_id == chosen.id and at.info.values[0] == t("booking.done")


def test_when_the_last_free_creneau_of_the_place_is_taken_the_person_is_told_and_picks_a_place_again(demo):
    place, other_place = mie_places(demo)
    slot = free_slot(demo, place_id=place.id)
    at = choose_place_day_time(person_on_booking(demo), place.id, paris_day(slot.starts_at), slot.id)
    with demo.begin() as connection:  # every other créneau of the place is full
        connection.execute(text("UPDATE slot SET booked = capacity WHERE place_id = :p AND id != :s"),
                           {"p": place.id, "s": slot.id})
    book_through_domain(demo, OTHER, slot.id)

    press_named(at, "booking_confirm")
    assert at.error.values == [t("booking.taken.none")]
    assert not keys_like(at, "booking_next_")
    assert subheaders(at) == [t("booking.step.place")]
    assert keys_like(at, "booking_place_") == [f"booking_place_{other_place.id}"]
    assert bookings_of(demo, PERSON) == []


def test_the_confirmation_offers_the_reference_the_calendar_file_and_the_qr_code(demo, served_files):
    place = mie_places(demo)[0]
    slot = free_slot(demo, place_id=place.id, after_hours=48)
    at = choose_place_day_time(person_on_booking(demo), place.id, paris_day(slot.starts_at), slot.id)
    press_named(at, "booking_confirm")
    [booking] = bookings_of(demo, PERSON)
    texts = shown(at)
    assert t("booking.reference", reference=booking.reference) in texts
    assert f"**{summary(slot.starts_at, place, with_postcode=False)}**" in markdowns(at)
    assert t("booking.place.step_free" if place.step_free else "booking.place.not_step_free") in texts

    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == [t("booking.ics"), t("booking.print")]
    calendar = icalendar.Calendar.from_ical(downloaded(served_files, downloads[0]))
    [event] = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"{booking.reference}@dossier-insertion"
    assert event.decoded("dtstart") == clock.as_paris(slot.starts_at)
    assert event.decoded("dtend") == clock.as_paris(slot.ends_at)
    assert str(event["summary"]) == t("booking.ics.summary")
    assert str(event["location"]) == f"{place.name}, {place.address}, {place.city}"
    assert booking.reference in str(event["description"])
    with Session(demo) as session:
        who = person_by_number(session, PERSON)
    assert not {PERSON, who.last_name, who.email} & set(calendar.to_ical().decode().split())  # no personal data
    assert who.last_name not in calendar.to_ical().decode()
    assert downloaded(served_files, downloads[1]).startswith(b"%PDF-")

    images = [node for node in walk(at.main) if getattr(node, "type", "") == "image"]
    assert len(images) == 1
    assert images[0].proto.imgs[0].caption == t("booking.qr")
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(served(served_files, images[0].proto.imgs[0].url))))
    assert decoded.text == confirmation_url(booking.reference)
    assert decoded.text.endswith(f"/rendez-vous?ref={booking.reference}")
    [direct] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(booking.reference))))
    assert direct.text == decoded.text


def test_moving_frees_the_old_seat_and_keeps_the_reference(demo):
    place = mie_places(demo)[0]
    old = free_slot(demo, place_id=place.id, after_hours=48)
    view = book_through_domain(demo, PERSON, old.id)
    at = person_on_booking(demo)
    assert subheaders(at) == [t("booking.yours")]
    assert t("booking.move.help", hours=get_settings().move_hours) in [c.value for c in at.caption]
    press_named(at, "booking_move")
    assert subheaders(at) == [t("booking.yours"), t("booking.move.title"), t("booking.step.place")]
    assert "booking_move" not in button_keys(at) and "booking_cancel" not in button_keys(at)

    new = free_slot(demo, place_id=place.id, after_hours=48, skip=3)
    assert new.id != old.id
    choose_place_day_time(at, place.id, paris_day(new.starts_at), new.id)
    assert t("booking.step.confirm") in subheaders(at) and at.warning.values == [t("booking.not_yet")]
    assert bookings_of(demo, PERSON)[0].slot_id == old.id  # nothing moved before « Je confirme »
    press_named(at, "booking_confirm")

    [booking] = bookings_of(demo, PERSON)
    assert (booking.id, booking.reference, booking.slot_id, booking.status) == (view.id, view.reference, new.id,
                                                                                 "a_venir")
    assert (slot_row(demo, old.id).booked, slot_row(demo, new.id).booked) == (0, 1)
    assert [(e.change, e.from_slot_id, e.to_slot_id) for e in events_of(demo, view.id)] == \
        [("booked", None, old.id), ("moved", old.id, new.id)]
    assert at.info.values[0] == t("booking.moved")
    assert t("booking.reference", reference=view.reference) in shown(at)
    assert f"**{summary(new.starts_at, place, with_postcode=False)}**" in markdowns(at)
    assert subheaders(at) == [t("booking.yours")]
    with Session(demo) as session:
        assert old.id in [s.id for s in appointments.free_slots(session, place_id=place.id)]


def test_cancelling_asks_first_then_frees_the_seat(demo):
    slot = free_slot(demo, after_hours=48)
    view = book_through_domain(demo, PERSON, slot.id)
    at = person_on_booking(demo)
    assert at.button(key=k(at, "booking_cancel")).label == t("booking.cancel")
    press_named(at, "booking_cancel")
    assert at.warning.values == [t("booking.cancel.sure")]
    assert at.button(key=k(at, "booking_cancel_yes")).label == t("booking.cancel.yes")
    assert bookings_of(demo, PERSON)[0].status == "a_venir"  # asking is not cancelling

    press_named(at, "booking_cancel_no")
    assert not at.warning and "booking_cancel" in button_keys(at)
    assert bookings_of(demo, PERSON)[0].status == "a_venir"

    press_named(at, "booking_cancel")
    press_named(at, "booking_cancel_yes")
    [booking] = bookings_of(demo, PERSON)
    assert (booking.id, booking.status) == (view.id, "excuse")
    assert slot_row(demo, slot.id).booked == 0
    assert [(e.change, e.from_status, e.to_status) for e in events_of(demo, view.id)][-1] == \
        ("status", "a_venir", "excuse")
    assert [m.kind for m in outbox_of(demo, PERSON)] == ["confirmation", "cancellation"]
    assert at.info.values[0] == t("booking.cancelled")
    assert subheaders(at) == [t("booking.step.place")]  # free to book again
    assert t("booking.reference", reference=view.reference) not in shown(at)


@pytest.mark.parametrize(("limit", "offset", "move", "cancel"), [
    ("move_hours", 1, True, True), ("move_hours", -1, False, True),
    ("cancel_hours", 1, False, True), ("cancel_hours", -1, False, False)])
def test_move_and_cancel_are_offered_only_within_their_limits(demo, monkeypatch, limit, offset, move, cancel):
    """Move up to 24 hours before, cancel up to 4 hours before (the settings' defaults): one hour on
    either side of each limit."""
    hours_before = getattr(get_settings(), limit) + offset
    slot = free_slot(demo, after_hours=48)
    view = book_through_domain(demo, PERSON, slot.id)
    monkeypatch.setattr(clock, "now", lambda: slot.starts_at - dt.timedelta(hours=hours_before))
    at = person_on_booking(demo)
    assert subheaders(at) == [t("booking.yours")]
    assert t("booking.reference", reference=view.reference) in shown(at)
    keys, captions, settings = button_keys(at), [c.value for c in at.caption], get_settings()
    assert ("booking_move" in keys, t("booking.move.help", hours=settings.move_hours) in captions) == (move, move)
    assert ("booking_cancel" in keys, t("booking.cancel.help", hours=settings.cancel_hours) in captions) == \
        (cancel, cancel)
    assert not keys_like(at, "booking_place_")


# --- the agenda ----------------------------------------------------------------------------------


def agenda_week(at: AppTest) -> str:
    [week] = [s for s in subheaders(at) if s.startswith(t("agenda.week", day=""))]
    return week


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def go_to(at: AppTest, place_id: int, day: dt.date) -> AppTest:
    """Pick the place, then « Semaine d'après » / « Semaine d'avant » until the week of `day` shows. The
    agenda opens on this week's Monday (next week's at the weekend)."""
    box = at.selectbox(key=k(at, "agenda_place"))
    if box.value != place_id:
        box.select(place_id).run()
        assert_ok(at)
    today = clock.today()
    first = monday_of(today) + dt.timedelta(weeks=1 if today.weekday() >= 5 else 0)
    assert agenda_week(at) == t("agenda.week", day=long_date(first))
    weeks = (monday_of(day) - first).days // 7
    for _ in range(abs(weeks)):
        press_named(at, "agenda_next" if weeks > 0 else "agenda_prev")
    assert agenda_week(at) == t("agenda.week", day=long_date(monday_of(day)))
    return at


def booking_line(name: str, reference: str, status: str, channel: str) -> str:
    return t("agenda.booking", person=plain(name), reference=reference, status=t(f"booking.status.{status}"),
             channel=t(f"agenda.channel.{channel}"))


def listed_name(engine, number: str) -> str:
    with Session(engine) as session:
        p = person_by_number(session, number)
        return f"{p.last_name.upper()} {p.first_name}"


def waiting_table(at: AppTest) -> str:
    tables = [node.proto.body for node in walk(at.main) if getattr(node, "type", "") == "html"
              and "<table>" in node.proto.body]
    assert len(tables) == 1
    return tables[0]


def appointments_free(engine, place_id: int):
    with Session(engine) as session:
        return appointments.free_slots(session, place_id=place_id)


def errors_by_widget(at: AppTest) -> dict[str, list[str]]:
    """Error messages inside the « Réserver pour une personne » box, keyed by the widget they follow."""
    box = next(node for node in walk(at.main) if getattr(node, "type", "") == "subheader"
               and node.value == t("agenda.book"))
    errors: dict[str, list[str]] = {}
    current, inside = "_top", False
    for node in walk(at.main):
        if node is box:
            inside = True
            continue
        if not inside:
            continue
        kind = getattr(node, "type", "")
        if kind in ("text_input", "selectbox"):
            current = node.key.rsplit("__", 1)[0]
        elif kind == "button" and (node.key or "").startswith("agenda_book"):
            break
        elif kind == "error":
            errors.setdefault(current, []).append(node.value)
    return errors


def test_the_accueil_sees_the_week_with_names_references_and_who_booked(demo):
    [booking] = bookings_of(demo, BOOKED)
    slot = slot_row(demo, booking.slot_id)
    at = go_to(pro_on_agenda(demo), slot.place_id, paris_day(slot.starts_at))
    with Session(demo) as session:
        accueil = pro_actor(session, ACCUEIL)
        week = appointments.agenda(session, accueil, slot.place_id, monday_of(paris_day(slot.starts_at)))
    cards = [m for m in markdowns(at) if m.startswith("**") and " · " in m]
    assert cards == [f"**{hhmm(s.starts_at)}** · {t('agenda.seats', booked=s.booked, capacity=s.capacity)}"
                     for s in week]
    assert booking_line(listed_name(demo, BOOKED), booking.reference, "a_venir", "referent") in markdowns(at)
    # A future créneau: no attendance buttons, a cancel button.
    assert not keys_like(at, f"agenda_{booking.id}_")
    assert f"agenda_cancel_{slot.id}" in button_keys(at)
    # Week navigation.
    monday = monday_of(paris_day(slot.starts_at))
    press_named(at, "agenda_next")
    assert agenda_week(at) == t("agenda.week", day=long_date(monday + dt.timedelta(weeks=1)))
    assert booking_line(listed_name(demo, BOOKED), booking.reference, "a_venir", "referent") not in markdowns(at)
    press_named(at, "agenda_prev")
    press_named(at, "agenda_prev")
    assert agenda_week(at) == t("agenda.week", day=long_date(monday - dt.timedelta(weeks=1)))


def test_the_accueil_marks_attendance_on_a_past_creneau(demo, monkeypatch):
    slot = free_slot(demo, after_hours=48)
    view = book_through_domain(demo, PERSON, slot.id)
    monkeypatch.setattr(clock, "now", lambda: slot.starts_at + dt.timedelta(hours=1))
    at = pro_on_agenda(demo)
    at = go_to(at, slot.place_id, paris_day(slot.starts_at))
    assert booking_line(listed_name(demo, PERSON), view.reference, "a_venir", "autonome") in markdowns(at)
    marks = {name: at.button(key=k(at, name)).label for name in keys_like(at, f"agenda_{view.id}_")}
    assert marks == {f"agenda_{view.id}_{s}": t(f"agenda.mark.{s}") for s in ("honore", "absent", "excuse")}
    assert f"agenda_cancel_{slot.id}" not in button_keys(at)  # a past créneau is not cancelled

    press_named(at, f"agenda_{view.id}_honore")
    [booking] = bookings_of(demo, PERSON)
    assert (booking.status, booking.version) == ("honore", view.version + 1)
    last = events_of(demo, view.id)[-1]
    assert (last.change, last.from_status, last.to_status, last.actor_kind) == ("status", "a_venir", "honore",
                                                                                "professional")
    assert booking_line(listed_name(demo, PERSON), view.reference, "honore", "autonome") in markdowns(at)
    assert keys_like(at, f"agenda_{view.id}_") == [f"agenda_{view.id}_absent"]  # a mistake can be corrected

    press_named(at, f"agenda_{view.id}_absent")
    assert bookings_of(demo, PERSON)[0].status == "absent"


def search(at: AppTest, **fields: str) -> AppTest:
    """The agenda's desk search (the invitation desk's): dossier number, or last name and birth date."""
    for field in ("number", "last_name", "first_name", "birth_date"):
        at.text_input(key=k(at, f"agenda_{field}")).input(fields.get(field, ""))
    [button] = [b for b in at.button if b.label == t("invite.search.submit")]
    at = button.click().run()
    assert_ok(at)
    return at


def test_the_accueil_finds_the_person_by_number_or_name_sees_who_it_is_then_books(demo):
    """Defect 9: found by dossier number, or by last name and birth date (accents and case ignored), the
    person's name and birth date are on screen before booking, and the button names them."""
    slot = free_slot(demo, after_hours=48)
    at = pro_on_agenda(demo)
    at.selectbox(key=k(at, "agenda_place")).select(slot.place_id).run()
    assert_ok(at)
    assert at.text_input(key=k(at, "agenda_number")).label == t("invite.search")
    assert "agenda_book" not in button_keys(at)  # nobody chosen yet: nothing to book
    slot_box = at.selectbox(key=k(at, "agenda_slot"))
    assert slot_box.label == t("agenda.slot")
    with Session(demo) as session:
        free = appointments.free_slots(session, place_id=slot.place_id)
        target = person_by_number(session, PERSON)
    assert slot_box.options == [f"{long_date(paris_day(s.starts_at))} {hhmm(s.starts_at)}" for s in free]
    assert PERSON in waiting_table(at)

    at = search(at, number=f"  {PERSON.lower()} ")
    who = t("invite.person", first_name=target.first_name, last_name=target.last_name,
            birth_date=formatting.date(target.birth_date))
    assert who in markdowns(at)
    assert at.button(key=k(at, "agenda_book")).label == t("agenda.book.submit.for", first_name=target.first_name,
                                                          last_name=target.last_name)
    at.selectbox(key=k(at, "agenda_slot")).select(slot.id)
    press_named(at, "agenda_book")
    [booking] = bookings_of(demo, PERSON)
    assert (booking.slot_id, booking.channel, booking.status) == (slot.id, "accueil", "a_venir")
    assert at.info.values == [t("agenda.booked", reference=booking.reference)]
    assert at.text_input(key=k(at, "agenda_number")).value == ""
    assert at.selectbox(key=k(at, "agenda_slot")).value is None
    assert "agenda_book" not in button_keys(at) and who not in markdowns(at)
    assert PERSON not in waiting_table(at)
    assert slot_row(demo, slot.id).booked == 1

    # The same person again, found by name and birth date as a desk is asked: the refusal is about her.
    at = search(at, last_name=target.last_name.upper(), birth_date=formatting.date(target.birth_date))
    assert who in markdowns(at)
    other = next(s.id for s in appointments_free(demo, slot.place_id) if s.id != slot.id)
    at.selectbox(key=k(at, "agenda_slot")).select(other)
    press_named(at, "agenda_book")
    assert errors_by_widget(at) == {"_top": [t("error.summary", count=1)],
                                    "agenda_slot": [t("error.booking.already.person")]}
    assert len(bookings_of(demo, PERSON)) == 1


def test_an_unknown_person_is_an_error_next_to_the_field_and_books_nothing(demo):
    slot = free_slot(demo, after_hours=48)
    before = count(demo, Booking)
    at = pro_on_agenda(demo)
    at.selectbox(key=k(at, "agenda_place")).select(slot.place_id).run()
    at = search(at, number=UNKNOWN_NUMBER)
    assert errors_by_widget(at) == {"_top": [t("error.summary", count=1)],
                                    "agenda_number": [t("invite.not_found")]}
    assert "agenda_book" not in button_keys(at)
    at = search(at, last_name="Personne", birth_date="01/01/1990")
    assert errors_by_widget(at) == {"_top": [t("error.summary", count=1)],
                                    "agenda_last_name": [t("invite.not_found.name")]}
    at = search(at, last_name="Laurent")  # never by name alone
    assert errors_by_widget(at) == {"_top": [t("error.summary", count=1)],
                                    "agenda_birth_date": [t("error.required")]}
    assert count(demo, Booking) == before and slot_row(demo, slot.id).booked == 0


def test_a_booking_with_no_creneau_chosen_says_so_under_the_list(demo):
    at = search(pro_on_agenda(demo), number=CD_PERSON)
    press_named(at, "agenda_book")
    assert errors_by_widget(at) == {"_top": [t("error.summary", count=1)],
                                    "agenda_slot": [t("error.booking.choose_slot")]}
    assert bookings_of(demo, CD_PERSON) == []


def test_cancelling_a_creneau_asks_first_then_cancels_its_bookings(demo):
    slot = free_slot(demo, after_hours=48)
    view = book_through_domain(demo, PERSON, slot.id)
    at = go_to(pro_on_agenda(demo), slot.place_id, paris_day(slot.starts_at))
    press_named(at, f"agenda_cancel_{slot.id}")
    assert at.warning.values == [t("agenda.cancel.sure", count=1)]
    assert at.button(key=k(at, f"agenda_cancel_yes_{slot.id}")).label == t("agenda.cancel.yes")
    assert slot_row(demo, slot.id).cancelled_at is None  # asking is not cancelling

    press_named(at, f"agenda_cancel_no_{slot.id}")
    assert not at.warning and f"agenda_cancel_{slot.id}" in button_keys(at)
    assert bookings_of(demo, PERSON)[0].status == "a_venir"

    press_named(at, f"agenda_cancel_{slot.id}")
    press_named(at, f"agenda_cancel_yes_{slot.id}")
    cancelled = slot_row(demo, slot.id)
    assert cancelled.cancelled_at is not None and cancelled.booked == 0
    [booking] = bookings_of(demo, PERSON)
    assert (booking.id, booking.status) == (view.id, "annule_structure")
    assert [m.kind for m in outbox_of(demo, PERSON)] == ["confirmation", "slot_cancelled"]
    assert f"**{hhmm(slot.starts_at)}** · {t('agenda.cancelled')}" in markdowns(at)
    assert booking_line(listed_name(demo, PERSON), view.reference, "annule_structure", "autonome") in markdowns(at)
    assert f"agenda_cancel_{slot.id}" not in button_keys(at)
    with Session(demo) as session:
        assert slot.id not in [s.id for s in appointments.free_slots(session)]


def test_a_person_cannot_open_the_agenda(demo):
    accueil = as_professional(demo, ACCUEIL)
    url = page_links(accueil)[t("nav.agenda")]
    at = request_page(as_person(demo, PERSON), url)
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]  # said in French (issue 15)
    assert t("agenda.title") not in [e.value for e in at.title]
    assert "agenda" not in page_links(at).values()
    assert not keys_like(at, "agenda_") and not at.selectbox
    # The page function reached some other way refuses too.
    with Session(demo) as session:
        actor = me(session, PERSON)
    direct = page("agenda", actor).run()
    assert_ok(direct)
    assert direct.error.values == [t("denied")]
    assert not direct.title and not direct.button and not direct.selectbox


def test_a_referent_of_another_structure_sees_references_not_names(demo):
    """Claire Morel (CD-VV) opens the MIE agenda: the name of her structure's person, the reference
    only for people of other structures (D2026-0003: ML-RIV; D2026-0004: ASSO-PAS)."""
    [demo_booking] = bookings_of(demo, BOOKED)
    demo_slot = slot_row(demo, demo_booking.slot_id)
    day = paris_day(demo_slot.starts_at)
    same_week = [s for s in appointments_free(demo, demo_slot.place_id) if monday_of(paris_day(s.starts_at))
                 == monday_of(day)]
    mine = book_through_domain(demo, CD_PERSON, same_week[0].id)
    theirs = book_through_domain(demo, PERSON, same_week[1].id)
    at = go_to(pro_on_agenda(demo, REFERENT), demo_slot.place_id, day)
    lines = markdowns(at)
    assert booking_line(listed_name(demo, CD_PERSON), mine.reference, "a_venir", "autonome") in lines
    assert booking_line(theirs.reference, theirs.reference, "a_venir", "autonome") in lines
    assert booking_line(demo_booking.reference, demo_booking.reference, "a_venir", "referent") in lines
    screen = "\n".join(shown(at) + [waiting_table(at)])
    with Session(demo) as session:
        claire = pro_actor(session, REFERENT)
        everyone = session.exec(select(Beneficiary)).all()
        waiting = people_waiting(session, claire)
    ours = [p for p in everyone if p.organisation_id == claire.organisation_id]
    visible = {f"{p.last_name.upper()} {p.first_name}" for p in ours} | {f"{p.first_name} {p.last_name}" for p in ours}
    leaks = [needle for p in everyone if p.organisation_id != claire.organisation_id
             for needle in (f"{p.last_name.upper()} {p.first_name}", f"{p.first_name} {p.last_name}", p.dossier_number)
             if needle not in visible and needle in screen]  # a namesake in her structure is not a leak
    assert leaks == []
    assert set(_numbers(waiting_table(at))) <= {p.dossier_number for p in ours} and _numbers(waiting_table(at))
    assert waiting_table(at) == html_table(
        [t("agenda.col.name"), t("agenda.col.number"), t("agenda.col.entry"), t("agenda.col.days")],
        [[w.name, w.dossier_number, formatting.date(w.rsa_entry_date) if w.rsa_entry_date else "—",
          str(w.days_since_entry) if w.days_since_entry is not None else "—"] for w in waiting])


def test_the_waiting_list_and_the_shortage_warning(demo):
    at = pro_on_agenda(demo)
    with Session(demo) as session:
        accueil = pro_actor(session, ACCUEIL)
        found = shortage(session, accueil)
        seats, waiting = found.free_seats, found.waiting
        people = people_waiting(session, accueil, limit=10_000)
    assert waiting == len(people)
    assert at.warning.values == ([t("agenda.shortage", seats=seats, waiting=waiting)] if seats < waiting else [])
    assert t("agenda.waiting") in subheaders(at)
    table = waiting_table(at)
    assert _numbers(table) == [w.dossier_number for w in people[:20]]
    assert BOOKED not in table  # the demo booking: not waiting

    keep = {s.id for s in appointments_free(demo, None)[:3]}
    with demo.begin() as connection:  # only three free créneaux left on the territory
        connection.execute(text("UPDATE slot SET cancelled_at = :now WHERE booked < capacity AND id NOT IN "
                                f"({', '.join(str(i) for i in keep)})"), {"now": clock.now()})
    at = pro_on_agenda(demo)
    with Session(demo) as session:
        found = shortage(session, pro_actor(session, ACCUEIL))
        seats, waiting = found.free_seats, found.waiting
    assert seats <= 3 < waiting == len(people)
    assert at.warning.values == [t("agenda.shortage", seats=seats, waiting=waiting)]


def _numbers(table: str) -> list[str]:
    return re.findall(r"<td>(D2026-\d{4})</td>", table)


# --- refusals must say why -----------------------------------------------------------------------


def test_a_move_refused_at_confirmation_says_why(demo, monkeypatch):
    slot = free_slot(demo, after_hours=72)
    book_through_domain(demo, PERSON, slot.id)
    new = free_slot(demo, place_id=slot.place_id, after_hours=72, skip=2)
    limit = dt.timedelta(hours=get_settings().move_hours)
    monkeypatch.setattr(clock, "now", lambda: slot.starts_at - limit - dt.timedelta(minutes=5))
    at = person_on_booking(demo)
    press_named(at, "booking_move")
    choose_place_day_time(at, slot.place_id, paris_day(new.starts_at), new.id)
    assert t("booking.step.confirm") in subheaders(at)
    # The person dawdles on the confirm screen: the 24-hour limit passes.
    monkeypatch.setattr(clock, "now", lambda: slot.starts_at - limit + dt.timedelta(minutes=5))
    press_named(at, "booking_confirm")
    assert bookings_of(demo, PERSON)[0].slot_id == slot.id  # refused, nothing moved
    assert t("error.booking.too_late_to_move") in at.error.values


def test_a_stale_attendance_mark_says_why(demo, monkeypatch):
    slot = free_slot(demo, after_hours=48)
    view = book_through_domain(demo, PERSON, slot.id)
    monkeypatch.setattr(clock, "now", lambda: slot.starts_at + dt.timedelta(hours=1))
    at = go_to(pro_on_agenda(demo), slot.place_id, paris_day(slot.starts_at))
    with session_scope(demo) as session:  # a colleague marks the person absent meanwhile
        appointments.set_status(session, pro_actor(session, "ines.lambert@cd-vv.demo"), view.id, view.version, "absent")
    press_named(at, f"agenda_{view.id}_honore")  # the button still carries the old version
    assert bookings_of(demo, PERSON)[0].status == "absent"
    assert t("error.booking.changed") in at.error.values


def test_a_referent_searching_outside_her_structure_gets_the_same_answer_as_an_unknown_number(demo):
    slot = free_slot(demo, after_hours=48)
    at = pro_on_agenda(demo, REFERENT)
    at.selectbox(key=k(at, "agenda_place")).select(slot.place_id).run()
    at = search(at, number=UNKNOWN_NUMBER)
    unknown = errors_by_widget(at)
    assert unknown == {"_top": [t("error.summary", count=1)], "agenda_number": [t("invite.not_found")]}
    at = search(at, number=PERSON)  # ASSO-PAS: not Claire Morel's structure
    assert errors_by_widget(at) == unknown
    assert "agenda_book" not in button_keys(at)
    assert bookings_of(demo, PERSON) == [] and slot_row(demo, slot.id).booked == 0
