"""Real-browser tests of « Mon premier rendez-vous » and the agenda at phone size (390 x 844), in Debian
Chromium.

The journey: an invited person activates their account, books the last free créneau through the steps,
sees the confirmation with its QR code and downloads the calendar file; a second person, on another
phone, reached the confirm screen for the same seat and is told « Ce créneau vient d'être pris » —
nothing is written for them. Then axe-core (WCAG 2.1 A/AA), the page language and 44 px touch targets
on each step of the person's flow, the taken error and the accueil's agenda.

One server and one browser for the module; every test seeds the shared database with `demo` (the
server reads it live) and opens its own browser contexts.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import func, text
from sqlmodel import Session, select

from dossier import appointments, clock, formatting
from dossier.appointments._calendar_file import confirmation_url
from dossier.labels import t
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from dossier.tools._demo import DEMO_INVITED_BIRTH_DATE
from storage.engine import session_scope
from storage.models import Booking, BookingEvent, Place, Slot
from tests.support.browser import (
    MIN_TARGET,
    TARGETS_JS,
    afternoon_slot,
    axe_violations,
    button,
    click_and_wait,
    heading,
    nav,
    new_phone,
    open_page,
    sign_in_person,
    sign_in_professional,
    to_confirm_step,
    to_day_step,
    to_time_step,
    wait_idle,
)
from tests.support.domain import ACCUEIL, NEW_CODE, bookings_of, me, person_by_number

INVITED = {"number": "D2026-0021", "code": "VERT-2345", "born": formatting.date(DEMO_INVITED_BIRTH_DATE)}
RACER = "D2026-0006"  # an active account (FT-VV), signs in with the demo code
PERSON = "D2026-0002"  # an active account for the accessibility checks


# --- helpers ------------------------------------------------------------------------------------


def only_free(engine, slot_id: int) -> None:
    """Every other créneau of the territory is full: `slot_id` is the last free seat."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE slot SET booked = capacity WHERE id != :s"), {"s": slot_id})
    with Session(engine) as session:
        assert [s.id for s in appointments.free_slots(session)] == [slot_id]


def slot_and_place(engine, slot_id: int) -> tuple[Slot, Place]:
    with Session(engine, expire_on_commit=False) as session:
        slot = session.get(Slot, slot_id)
        return slot, session.get(Place, slot.place_id)


def events_of(engine, number: str) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(BookingEvent).where(
            BookingEvent.beneficiary_id == person_by_number(session, number).id)).one()


def alert(page: Page, message: str):
    return page.get_by_role("alert").filter(has_text=message)


def open_booking(page: Page) -> None:
    nav(page, "nav.booking")
    expect(heading(page, t("booking.title"))).to_be_visible()
    expect(page.get_by_role("heading", name=t("booking.step.place"), exact=True)).to_be_visible()


def activate(page: Page, url: str) -> None:
    open_page(page, url + "/")
    click_and_wait(page, page.get_by_role("link", name=t("nav.activate")))
    expect(heading(page, t("activate.title"))).to_be_visible()
    page.get_by_label(t("activate.identifier"), exact=True).fill(INVITED["number"])
    page.get_by_label(t("activate.code"), exact=True).fill(INVITED["code"])
    page.get_by_label(t("activate.birth_date"), exact=True).fill(INVITED["born"])
    page.get_by_label(t("activate.new_code"), exact=True).fill(NEW_CODE)
    page.get_by_label(t("activate.confirm"), exact=True).fill(NEW_CODE)
    click_and_wait(page, button(page, t("activate.submit")))
    expect(page.get_by_text(t("activate.done"))).to_be_visible()


def qr_text(page: Page) -> str:
    """What a phone reading the QR code on screen gets: the served image, decoded."""
    image = page.locator("[data-testid='stImage'] img")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    response = page.request.get(image.evaluate("img => img.src"))
    assert response.ok
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.body())))
    return decoded.text


# --- 1. the journey -----------------------------------------------------------------------------


def test_invited_person_activates_and_books_the_last_seat_the_second_person_is_told_it_was_taken(
        demo, server, browser, tmp_path: Path):
    slot_id = afternoon_slot(demo)
    only_free(demo, slot_id)
    slot, place = slot_and_place(demo, slot_id)
    first, second = new_phone(browser), new_phone(browser)
    try:
        # The invited person activates their account on their phone and goes to the booking page.
        activate(first, server.url)
        open_booking(first)
        expect(button(first, t("booking.place.choose", name=place.name))).to_have_count(1)
        expect(first.get_by_role("button", name=t("booking.place.choose", name=""))).to_have_count(1)  # one place
        to_confirm_step(first, demo, slot, place)
        assert bookings_of(demo, INVITED["number"]) == []  # nothing booked before « Je confirme »

        # Another person, on another phone, reaches the confirm screen for the same seat.
        sign_in_person(second, server.url, RACER, DEMO_PERSON_CODE)
        open_booking(second)
        to_confirm_step(second, demo, slot, place)

        # The first confirms: booked.
        click_and_wait(first, button(first, t("booking.confirm")))
        expect(first.get_by_text(t("booking.done"), exact=True)).to_be_visible()
        [booking] = bookings_of(demo, INVITED["number"])
        assert (booking.slot_id, booking.status, booking.channel) == (slot_id, "a_venir", "autonome")
        expect(first.get_by_text(t("booking.reference", reference=booking.reference), exact=True)).to_be_visible()
        expect(first.get_by_text(t("booking.qr"), exact=True)).to_be_visible()
        assert qr_text(first) == confirmation_url(booking.reference, server.url)  # where the phone reached the app

        with first.expect_download() as download:
            button(first, t("booking.ics")).click()
        assert download.value.suggested_filename == f"rendez-vous-{booking.reference}.ics"
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        [event] = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert event.decoded("dtstart") == clock.as_paris(slot.starts_at)
        assert event.decoded("dtend") == clock.as_paris(slot.ends_at)
        assert str(event["summary"]) == t("booking.ics.summary")
        assert place.name in str(event["location"]) and booking.reference in str(event["description"])

        # The second confirms a moment later: told, offered nothing (no free créneau left), nothing written.
        click_and_wait(second, button(second, t("booking.confirm")))
        expect(alert(second, t("booking.taken.none"))).to_be_visible()
        assert t("booking.taken.none").startswith(t("booking.taken.short").rstrip("."))
        expect(second.get_by_text(t("booking.done"), exact=True)).to_have_count(0)
        expect(button(second, t("booking.confirm"))).to_have_count(0)
        assert bookings_of(demo, RACER) == [] and events_of(demo, RACER) == 0
        with Session(demo) as session:
            assert session.get(Slot, slot_id).booked == 1
            assert session.exec(select(func.count()).select_from(Booking).where(Booking.slot_id == slot_id)).one() == 1
    finally:
        first.context.close()
        second.context.close()


# --- 2. axe-core, page language, touch targets --------------------------------------------------


def _person(page: Page, url: str) -> None:
    sign_in_person(page, url, PERSON, DEMO_PERSON_CODE)
    open_booking(page)


def _first_free(engine) -> tuple[Slot, Place]:
    with Session(engine) as session:
        return slot_and_place(engine, appointments.free_slots(session)[0].id)


def _place_step(page: Page, url: str, engine) -> None:
    _person(page, url)
    expect(page.get_by_text(t("booking.intro"), exact=True)).to_be_visible()


def _day_step(page: Page, url: str, engine) -> None:
    _person(page, url)
    to_day_step(page, _first_free(engine)[1])


def _time_step(page: Page, url: str, engine) -> None:
    _person(page, url)
    to_time_step(page, engine, *_first_free(engine))


def _confirm_step(page: Page, url: str, engine) -> None:
    _person(page, url)
    to_confirm_step(page, engine, *_first_free(engine))


def _confirmation(page: Page, url: str, engine) -> None:
    _confirm_step(page, url, engine)
    click_and_wait(page, button(page, t("booking.confirm")))
    expect(page.get_by_text(t("booking.done"), exact=True)).to_be_visible()
    expect(page.locator("[data-testid='stImage'] img")).to_be_visible()
    expect(button(page, t("booking.cancel"))).to_be_visible()


def _taken(page: Page, url: str, engine) -> None:
    _person(page, url)
    slot, place = _first_free(engine)
    to_confirm_step(page, engine, slot, place)
    with session_scope(engine) as session:  # someone else is faster
        appointments.book(session, me(session, RACER), person_by_number(session, RACER).id, slot.id)
    click_and_wait(page, button(page, t("booking.confirm")))
    expect(alert(page, t("booking.taken"))).to_be_visible()
    assert bookings_of(engine, PERSON) == []


def _agenda(page: Page, url: str, engine) -> None:
    sign_in_professional(page, url, ACCUEIL, DEMO_PASSWORD)
    nav(page, "nav.agenda")
    expect(heading(page, t("agenda.title"))).to_be_visible()
    expect(page.get_by_role("heading", name=t("agenda.book"), exact=True)).to_be_visible()
    expect(page.locator("table")).to_be_visible()


# name: (how to get there, whether the 44 px rule applies, axe rules tolerated there — none now).
SCENARIOS: dict[str, tuple[Callable[[Page, str, object], None], bool, frozenset[str]]] = {
    "place": (_place_step, True, frozenset()),
    "day": (_day_step, True, frozenset()),
    "time": (_time_step, True, frozenset()),
    "confirm": (_confirm_step, True, frozenset()),
    "confirmation": (_confirmation, True, frozenset()),
    "taken": (_taken, True, frozenset()),
    "agenda": (_agenda, False, frozenset()),  # the accueil's page: axe and language
}


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]} — "
                     f"{v['nodes'][0].get('failureSummary', '')[:300]}" for v in violations)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_booking_accessibility(scenario, demo, server, phone):
    """axe-core WCAG 2.1 A/AA: zero violations; <html lang="fr">; on the person's steps, every visible
    target >= 44 x 44 px (a link inside a sentence exempt, as on the other signed-in pages)."""
    reach, targets_rule, known = SCENARIOS[scenario]
    page = phone
    reach(page, server.url, demo)
    wait_idle(page)
    violations = axe_violations(page)
    tolerated = [v for v in violations if v["id"] in known]
    assert all(len(v["nodes"]) == 1 for v in tolerated), describe(tolerated)  # the one known element only
    others = [v for v in violations if v["id"] not in known]
    assert others == [], f"{scenario}: {len(others)} axe violation(s):\n" + describe(others)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.viewport_size["width"] == 390
    if not targets_rule:
        return
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    assert len(targets) >= 3, targets
    small = [f"{x['selector']} «{x['name']}» {x['width']:.1f}x{x['height']:.1f}" for x in targets
             if x["small"] and not x["inline"]]
    assert small == [], f"{scenario}: targets under {MIN_TARGET} px: {small}"


def test_the_qr_code_has_a_text_alternative(demo, server, phone):
    page = phone
    _confirmation(page, server.url, demo)
    image = page.locator("[data-testid='stImage'] img")
    assert (image.get_attribute("alt") or "").strip()
    assert [v["id"] for v in axe_violations(page) if v["id"] == "image-alt"] == []
