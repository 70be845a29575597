"""The first diagnostic appointment, domain rules on both engines: publishing (holidays skipped), the
booking window, capacity and the one-upcoming rule kept by the database, moves that never hold two seats
or none, cancellation and attendance rules, and 20 concurrent bookings at the last seat."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import actor_for_beneficiary
from dossier.appointments import Batch, SlotTaken
from dossier.appointments import _booking as appointments
from dossier.appointments import _waiting as waiting
from dossier.errors import FieldErrors, PermissionDenied, Refusal
from storage.engine import session_scope
from storage.models import Beneficiary, Booking, BookingEvent, Place, Slot
from tests.support.domain import (
    LUCAS,
    NEWCOMER,
    free_slots_by_day,
    me,
    mie,
    one_slot,
    person_by_number,
    pro_actor,
    set_clock,
)

MONDAY = dt.date(2026, 11, 30)  # a Monday; 2026-12-25 (Friday) is Christmas


# --- publishing -----------------------------------------------------------------------------------


def test_a_batch_skips_public_holidays_and_fills_the_time_range():
    batch = Batch(1, frozenset({4}), dt.time(9), dt.time(12), 45, dt.date(2026, 12, 18), dt.date(2027, 1, 1))
    starts = [clock.as_paris(s) for s, _ in appointments.planned_slots(batch)]
    days = sorted({s.date() for s in starts})
    assert days == [dt.date(2026, 12, 18)]  # Fridays 25/12 and 01/01 are public holidays
    assert [s.strftime("%H:%M") for s in starts] == ["09:00", "09:45", "10:30", "11:15"]  # ends at 12:00


@pytest.mark.parametrize(("field", "changes"), [
    ("weekdays", {"weekdays": frozenset()}), ("end", {"end": dt.time(8)}),
    ("last_day", {"last_day": MONDAY - dt.timedelta(days=1)}), ("capacity", {"capacity": 0}),
    ("duration", {"duration_minutes": 5}),
])
def test_a_bad_batch_names_its_field_and_creates_nothing(demo, field, changes):
    values = dict(place_id=0, weekdays=frozenset({0}), start=dt.time(9), end=dt.time(12), duration_minutes=60,
                  first_day=MONDAY, last_day=MONDAY, capacity=1)
    values.update(changes)
    with Session(demo) as s:
        place = mie(s)
        values["place_id"] = place.id
        before = s.exec(select(func.count()).select_from(Slot)).one()
        with pytest.raises(FieldErrors) as caught:
            appointments.publish(s, pro_actor(s, "lucas.petit@cd-vv.demo"), Batch(**values))
        assert field in caught.value.errors
        assert s.exec(select(func.count()).select_from(Slot)).one() == before


def test_preview_then_publish_never_doubles_and_only_for_the_structure_s_places(demo):
    with Session(demo) as s:
        accueil = pro_actor(s, "lucas.petit@cd-vv.demo")
        day = clock.today() + dt.timedelta(days=10)
        batch = Batch(mie(s).id, frozenset({day.weekday()}), dt.time(13), dt.time(17), 30, day, day)
        assert appointments.preview(s, accueil, batch) == 8
        assert appointments.publish(s, accueil, batch) == 8
        assert (appointments.preview(s, accueil, batch), appointments.publish(s, accueil, batch)) == (0, 0)
        with pytest.raises(PermissionDenied):
            appointments.publish(s, me(s, NEWCOMER), batch)
        agency = s.exec(select(Place).where(Place.is_mie.is_(False)).order_by(Place.id)).first()  # France Travail
        with pytest.raises(PermissionDenied):
            appointments.publish(s, accueil, Batch(agency.id, batch.weekdays, batch.start, batch.end, 30, day, day))


# --- booking --------------------------------------------------------------------------------------


def test_the_person_books_gets_a_reference_and_an_event(demo):
    with Session(demo) as s:
        slot = one_slot(s)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, slot)
        s.commit()
        assert len(view.reference) == 6 and set(view.reference) <= set(appointments.REFERENCE_ALPHABET)
        booking = s.get(Booking, view.id)
        assert (booking.status, booking.channel) == ("a_venir", "autonome")
        assert s.get(Slot, slot).booked == 1
        assert s.exec(select(BookingEvent.change).where(BookingEvent.booking_id == view.id)).all() == ["booked"]


@pytest.mark.parametrize("when", ["too_soon", "too_far"])
def test_booking_outside_the_window_is_refused(demo, when):
    with Session(demo) as s:
        slot = one_slot(s, days_ahead=50) if when == "too_far" else one_slot(s, days_ahead=1)
        if when == "too_soon":  # the slot starts in 30 minutes: under the 1-hour notice
            row = s.get(Slot, slot)
            row.starts_at, row.ends_at = clock.now() + dt.timedelta(minutes=30), clock.now() + dt.timedelta(minutes=90)
            s.add(row)
            s.commit()
        with pytest.raises(SlotTaken):
            appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, slot)


def test_capacity_is_kept_and_the_database_refuses_more(demo):
    with Session(demo) as s:
        slot = one_slot(s, capacity=2)
        for number in (NEWCOMER, "D2026-0042"):
            appointments.book(s, me(s, number), person_by_number(s, number).id, slot)
        s.commit()
        with pytest.raises(SlotTaken) as caught:
            appointments.book(s, me(s, "D2026-0043"), person_by_number(s, "D2026-0043").id, slot)
        assert all(v.id != slot for v in caught.value.next_free)
        s.rollback()
    with pytest.raises(DBAPIError), demo.begin() as connection:  # the CHECK, whatever the code does
        connection.execute(text("UPDATE slot SET booked = capacity + 1 WHERE id = :id"), {"id": slot})


def test_many_bookings_through_one_connection(demo):
    """psycopg prepares a statement after its fifth run and PostgreSQL turns to a generic plan after five
    more; the partial-index ON CONFLICT must still be recognised by PostgreSQL then (its predicate is
    written inline, not as a parameter)."""
    with Session(demo) as s:
        slot = one_slot(s, capacity=14)
        numbers = [f"D2026-{n:04d}" for n in range(41, 55)]
        for number in numbers:
            appointments.book(s, me(s, number), person_by_number(s, number).id, slot)
        s.commit()
        assert s.get(Slot, slot).booked == len(numbers)
        with pytest.raises(FieldErrors):  # and the one-upcoming rule still answers
            appointments.book(s, me(s, numbers[0]), person_by_number(s, numbers[0]).id, one_slot(s, hour=16))


def test_one_upcoming_appointment_per_person(demo):
    with Session(demo) as s:
        first, second = one_slot(s, hour=13), one_slot(s, hour=15)
        pid = person_by_number(s, NEWCOMER).id
        appointments.book(s, me(s, NEWCOMER), pid, first)
        s.commit()
        with pytest.raises(FieldErrors) as caught:
            appointments.book(s, me(s, NEWCOMER), pid, second)
        assert caught.value.errors == {"slot": "error.booking.already"}
        s.rollback()
        assert s.get(Slot, second).booked == 0  # the seat taken before the refusal went back with the rollback


def test_a_professional_of_another_structure_cannot_book_for_the_person(demo):
    with Session(demo) as s:
        slot = one_slot(s)
        david = person_by_number(s, "D2026-0001")  # structure référente: the Département
        with pytest.raises(PermissionDenied):
            appointments.book(s, pro_actor(s, "julie.roux@ft-vv.demo"), david.id, slot)
        view = appointments.book(s, pro_actor(s, "claire.morel@cd-vv.demo"), david.id, slot)
        assert s.get(Booking, view.id).channel == "referent"


# --- moving and cancelling ------------------------------------------------------------------------


def test_moving_takes_the_new_seat_then_releases_the_old_one(demo):
    with Session(demo) as s:
        old, new = one_slot(s, hour=13), one_slot(s, hour=16)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, old)
        moved = appointments.move(s, me(s, NEWCOMER), view.id, view.version, new)
        s.commit()
        assert (moved.id, moved.reference, moved.slot.id) == (view.id, view.reference, new)
        assert (s.get(Slot, old).booked, s.get(Slot, new).booked) == (0, 1)
        events = s.exec(select(BookingEvent).where(BookingEvent.booking_id == view.id)
                        .order_by(BookingEvent.id)).all()
        assert [(e.change, e.from_slot_id, e.to_slot_id) for e in events] == [("booked", None, old),
                                                                               ("moved", old, new)]


def test_a_move_to_a_full_slot_keeps_the_old_seat(demo):
    with Session(demo) as s:
        old, full = one_slot(s, hour=13), one_slot(s, hour=16)
        appointments.book(s, me(s, "D2026-0042"), person_by_number(s, "D2026-0042").id, full)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, old)
        s.commit()
        with pytest.raises(SlotTaken):
            appointments.move(s, me(s, NEWCOMER), view.id, view.version, full)
        s.rollback()
        assert s.get(Booking, view.id).slot_id == old
        assert (s.get(Slot, old).booked, s.get(Slot, full).booked) == (1, 1)


def test_a_stale_move_is_refused_and_rolls_the_new_seat_back(demo):
    with Session(demo) as s:
        old, new = one_slot(s, hour=13), one_slot(s, hour=16)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, old)
        s.commit()
        with pytest.raises(FieldErrors):
            appointments.move(s, me(s, NEWCOMER), view.id, view.version + 5, new)
        s.rollback()
        assert (s.get(Slot, old).booked, s.get(Slot, new).booked) == (1, 0)


def test_cancel_and_move_limits_for_the_person(demo, monkeypatch):
    with Session(demo) as s:
        slot, other = one_slot(s, days_ahead=3, hour=13), one_slot(s, days_ahead=5, hour=13)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, slot)
        s.commit()
        starts = s.get(Slot, slot).starts_at
        monkeypatch.setattr(clock, "now", lambda: starts - dt.timedelta(hours=23))
        with pytest.raises(FieldErrors) as caught:
            appointments.move(s, me(s, NEWCOMER), view.id, view.version, other)
        assert caught.value.errors == {"slot": "error.booking.too_late_to_move"}
        monkeypatch.setattr(clock, "now", lambda: starts - dt.timedelta(hours=3))
        with pytest.raises(FieldErrors) as caught:
            appointments.set_status(s, me(s, NEWCOMER), view.id, view.version, "excuse")
        assert caught.value.errors == {"status": "error.booking.too_late_to_cancel"}
        monkeypatch.setattr(clock, "now", lambda: starts - dt.timedelta(hours=5))
        done = appointments.set_status(s, me(s, NEWCOMER), view.id, view.version, "excuse")
        s.commit()
        assert done.status == "excuse" and s.get(Slot, slot).booked == 0


def test_attendance_transitions(demo, monkeypatch):
    with Session(demo) as s:
        slot = one_slot(s, days_ahead=2)
        david = person_by_number(s, "D2026-0001")
        claire = pro_actor(s, "claire.morel@cd-vv.demo")
        view = appointments.book(s, claire, david.id, slot)
        s.commit()
        with pytest.raises(FieldErrors):  # not before the appointment
            appointments.set_status(s, claire, view.id, view.version, "honore")
        starts = s.get(Slot, slot).starts_at
        monkeypatch.setattr(clock, "now", lambda: starts + dt.timedelta(hours=1))
        with pytest.raises(PermissionDenied):  # the person does not mark their own attendance
            appointments.set_status(s, actor_for_beneficiary(david), view.id, view.version, "honore")
        absent = appointments.set_status(s, claire, view.id, view.version, "absent")
        honoured = appointments.set_status(s, claire, view.id, absent.version, "honore")
        assert honoured.status == "honore"
        with pytest.raises(FieldErrors):
            appointments.set_status(s, claire, view.id, honoured.version, "excuse")  # honoré → excusé: no


def test_cancelling_a_slot_cancels_its_bookings(demo):
    with Session(demo) as s:
        slot = one_slot(s, capacity=3)
        ids = [appointments.book(s, me(s, n), person_by_number(s, n).id, slot).id for n in (NEWCOMER, "D2026-0042")]
        s.commit()
        with pytest.raises(PermissionDenied):  # another structure's créneau
            appointments.cancel_slot(s, pro_actor(s, "julie.roux@ft-vv.demo"), slot)
        assert sorted(appointments.cancel_slot(s, pro_actor(s, "lucas.petit@cd-vv.demo"), slot)) == sorted(ids)
        s.commit()
        assert {s.get(Booking, i).status for i in ids} == {"annule_structure"}
        assert s.get(Slot, slot).booked == 0
        assert slot not in [v.id for v in appointments.free_slots(s)]


def test_a_started_slot_cannot_be_cancelled_and_the_agenda_does_not_offer_it(demo):
    lucas = "lucas.petit@cd-vv.demo"
    with Session(demo) as s:
        slot = s.get(Slot, one_slot(s, capacity=2))
        slot.starts_at = clock.now() - dt.timedelta(minutes=5)
        s.add(slot)
        s.commit()
        with pytest.raises(Refusal) as refused:
            appointments.cancel_slot(s, pro_actor(s, lucas), slot.id)
        assert refused.value.key == "error.slot.started"
        assert s.get(Slot, slot.id).cancelled_at is None
        day = clock.as_paris(slot.starts_at).date()
        [shown] = [a for a in appointments.agenda(s, pro_actor(s, lucas), slot.place_id, day, 1) if a.id == slot.id]
        assert not shown.cancellable


def test_inside_the_persons_window_only_a_professional_moves_or_cancels(demo):
    """Two hours before: too late for the person online (« appelez votre structure »), not for a
    professional (here the accueil), who agrees it with them; can_move/can_cancel, which the booking
    page asks, say the same as the service."""
    with Session(demo) as s:
        person = person_by_number(s, NEWCOMER)
        first = one_slot(s, capacity=2)
        booked = appointments.book(s, me(s, NEWCOMER), person.id, first)
        slot = s.get(Slot, first)
        slot.starts_at = clock.now() + dt.timedelta(hours=2)
        s.add(slot)
        second = next(v.id for v in appointments.free_slots(s, place_id=slot.place_id) if v.id != first)
        s.commit()
        view = appointments.upcoming(s, me(s, NEWCOMER), person.id)
        accueil = pro_actor(s, "lucas.petit@cd-vv.demo")
        assert (appointments.can_move(me(s, NEWCOMER), view), appointments.can_cancel(me(s, NEWCOMER), view)) == (
            False, False)
        assert appointments.can_move(accueil, view) and appointments.can_cancel(accueil, view)
        with pytest.raises(FieldErrors) as refused:
            appointments.move(s, me(s, NEWCOMER), booked.id, view.version, second)
        assert refused.value.errors == {"slot": "error.booking.too_late_to_move"}
        s.rollback()
        with pytest.raises(FieldErrors) as refused:
            appointments.set_status(s, me(s, NEWCOMER), booked.id, view.version, "excuse")
        assert refused.value.errors == {"status": "error.booking.too_late_to_cancel"}
        s.rollback()
        moved = appointments.move(s, accueil, booked.id, view.version, second)
        s.commit()
        assert moved.slot.id == second and s.get(Booking, booked.id).slot_id == second


def test_booking_events_are_append_only(demo):
    with Session(demo) as s:
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s))
        s.commit()
    for statement in ("UPDATE booking_event SET change = 'x'", "DELETE FROM booking_event"):
        with pytest.raises(DBAPIError), demo.begin() as connection:
            connection.execute(text(statement))
    with Session(demo) as s:
        assert s.exec(select(func.count()).select_from(BookingEvent).where(BookingEvent.booking_id == view.id)).one()


# --- the race for the last seat -------------------------------------------------------------------


def test_twenty_concurrent_bookings_at_the_last_seat(demo):
    """20 people, 20 threads, one seat: exactly one booking, 19 clear refusals, nothing half-written."""
    with session_scope(demo) as s:
        slot = one_slot(s)
        people = [(p.id, actor_for_beneficiary(p)) for p in s.exec(
            select(Beneficiary).where(Beneficiary.dossier_number >= "D2026-0031").order_by(Beneficiary.id).limit(20))]
    assert len(people) == 20
    start = threading.Barrier(len(people))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(person_id, actor):
        start.wait()
        try:
            with session_scope(demo) as session:
                appointments.book(session, actor, person_id, slot)
            result = "booked"
        except SlotTaken:
            result = "taken"
        except Exception as exc:  # noqa: BLE001 — any other outcome is a failure of the guarantee
            result = f"error: {type(exc).__name__}: {exc}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=p) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["booked"] + ["taken"] * 19, outcomes
    with Session(demo) as s:
        assert s.get(Slot, slot).booked == 1
        assert s.exec(select(func.count()).select_from(Booking).where(Booking.slot_id == slot)).one() == 1
        assert s.exec(select(func.count()).select_from(BookingEvent).where(BookingEvent.to_slot_id == slot)).one() == 1


# --- publishing rights, preview, invitations, the funnel ----------------------------------------------


def test_an_invitation_letter_carries_the_code_the_qr_and_a_help_phone(demo):
    import io

    import pypdf
    import zxingcpp
    from PIL import Image

    from dossier.accounts import issue_activation_code
    from dossier.actor import Actor
    from dossier.appointments import activation_url, invitation_letters

    with Session(demo) as s:
        issued = [issue_activation_code(s, Actor.system(), person_by_number(s, n).id)
                  for n in ("D2026-0021", "D2026-0045")]
        pdf = pypdf.PdfReader(io.BytesIO(invitation_letters(s, issued)))
        assert len(pdf.pages) == 2
        first = pdf.pages[0].extract_text()
        assert issued[0].code in first and "D2026-0021" in first and "0399000001" in first  # the MIE's phone
        assert issued[1].code in pdf.pages[1].extract_text()
        [image] = pdf.pages[0].images
        [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
        assert decoded.text == activation_url()  # no personal data in the QR code


def test_the_funnel_counts_invited_activated_booked_honoured(demo, monkeypatch):
    with Session(demo) as s:
        accueil = pro_actor(s, "lucas.petit@cd-vv.demo")
        before = waiting.funnel(s, accueil)
        slot = one_slot(s, days_ahead=2)
        view = appointments.book(s, me(s, "D2026-0005"), person_by_number(s, "D2026-0005").id, slot)
        starts = s.get(Slot, slot).starts_at
        monkeypatch.setattr(clock, "now", lambda: starts + dt.timedelta(hours=1))
        appointments.set_status(s, accueil, view.id, view.version, "honore")
        after = waiting.funnel(s, accueil)
        assert (after.booked - before.booked, after.honoured - before.honoured) == (1, 1)
        assert before.people >= before.invited >= before.activated > 0


def test_the_days_of_a_place_are_counted_in_sql_as_every_creneau_read_says(demo):
    """The booking page's day buttons: `free_day_counts` (one grouped statement) agrees with reading every
    free créneau and grouping by Paris day; `free_slots_on` gives the day's créneaux."""
    with Session(demo) as session:
        place_id = mie(session).id
        every = free_slots_by_day(session, place_id)
        counted = appointments.free_day_counts(session, place_id)
        assert counted == {day: len(slots) for day, slots in every.items()} and len(counted) > 5
        day = list(every)[2]
        assert [s.id for s in appointments.free_slots_on(session, place_id, day)] == [s.id for s in every[day]]
        assert appointments.free_slots_on(session, place_id, day - dt.timedelta(days=1000)) == []


def test_a_creneau_just_after_midnight_counts_on_its_paris_day_across_the_change_of_time(demo, monkeypatch):
    """Around the last Sunday of March, a créneau at 00:30 Paris time belongs to that Paris day (UTC says
    the day before), in winter time and in summer time alike."""
    set_clock(monkeypatch, dt.datetime(2027, 3, 20, 9, 0, tzinfo=dt.UTC))
    with Session(demo) as session:
        place_id = mie(session).id
        accueil = pro_actor(session, LUCAS)
        for day in (dt.date(2027, 3, 27), dt.date(2027, 3, 30)):  # Saturday (UTC+1), Tuesday (UTC+2; Monday is Easter)
            appointments.publish(session, accueil, Batch(place_id, frozenset({day.weekday()}), dt.time(0, 30),
                                                         dt.time(1, 30), 60, day, day))
        session.flush()
        counted = appointments.free_day_counts(session, place_id)
        assert counted == {day: len(slots) for day, slots in free_slots_by_day(session, place_id).items()}
        for day in (dt.date(2027, 3, 27), dt.date(2027, 3, 30)):
            [slot] = [s for s in appointments.free_slots_on(session, place_id, day)
                      if clock.as_paris(s.starts_at).time() == dt.time(0, 30)]
            assert slot.starts_at.astimezone(dt.UTC).date() == day - dt.timedelta(days=1)  # UTC: the day before
