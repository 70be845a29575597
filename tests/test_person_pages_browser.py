"""Every person-facing page in real Chromium, at 390 x 844 (phone) and 1280 x 800 (desktop): axe-core
WCAG 2.1 A/AA with no violation, <html lang="fr">, every target at least 44 x 44 px, no horizontal
scrolling, and a focus ring painted at each Tab stop. Then what axe cannot see: the kiosk's welcome
screen and sign-out (Back shows nothing personal, the browser stores nothing personal), the idle warning
with « Je continue » then the sign-out, and the kiosk-to-phone QR code (identifier filled in, refused on
second use and once expired).

The list of person pages is checked against the app's own menu, so a new page cannot be left out."""

from __future__ import annotations

import datetime as dt
import io
import time
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlmodel import Session

from dossier.accounts import handoff
from dossier.labels import t
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import HandoffToken, Place, Slot
from tests.support.apptest import as_person, page_links
from tests.support.browser import (
    DESKTOP,
    MIN_TARGET,
    PHONE,
    TARGETS_JS,
    afternoon_slot,
    axe_report,
    click_and_wait,
    demo_personal_data,
    focus_ring_problems,
    follow_menu,
    heading,
    open_menu,
    open_page,
    personal_data_found,
    sign_in_person,
    streamlit_server,
    to_confirm_step,
    wait_idle,
)
from tests.support.domain import PERSON

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# The person's pages: menu label -> title. Checked against the app's menu below.
PERSON_PAGES = {
    "nav.home": None,  # "Bonjour <name>"
    "nav.roadmap": "roadmap.title",
    "nav.situation": "diagnostic.title",
    "nav.history": "history.title",
    "nav.services": "services.title",
    "nav.booking": "booking.title",
    "nav.sharing": "sharing.title",
    "nav.consulted": "consulted.title",
    "nav.export": "export.title",
    "nav.devices": "devices.title",
    "nav.accessibility": "accessibility.title",
}
NO_HORIZONTAL_SCROLL_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def checked(page: Page, where: str) -> list[str]:
    """Everything this module asks of a person page, as a list of problems."""
    wait_idle(page)
    problems = [f"{where}: axe {line}" for line in axe_report(page)]
    if page.evaluate("document.documentElement.lang") != "fr":
        problems.append(f"{where}: lang is not fr")
    overflow = page.evaluate(NO_HORIZONTAL_SCROLL_JS)
    if overflow > 0:
        problems.append(f"{where}: scrolls sideways by {overflow} px")
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    small = [f"{x['tag']} «{x['name']}» {x['width']:.0f}x{x['height']:.0f}" for x in targets
             if x["small"] and not x["inline"]]
    if small:
        problems.append(f"{where}: targets under {MIN_TARGET} px: {small}")
    return problems


@pytest.fixture
def device(browser, request):
    context = browser.new_context(**VIEWPORTS[request.param])
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_the_list_covers_every_page_of_the_persons_menu(demo):
    at = as_person(demo, PERSON)
    links = page_links(at)  # label -> page, from the menu and the links in the page
    assert {links[t(label)] for label in PERSON_PAGES} == set(links.values())


@pytest.mark.parametrize("device", list(VIEWPORTS), indirect=True)
def test_signed_out_and_kiosk_pages(demo, server, device):
    page = device
    problems: list[str] = []
    open_page(page, server.url + "/")
    problems += checked(page, "connexion")
    open_page(page, server.url + "/activation")
    problems += checked(page, "activation")
    open_page(page, server.url + "/accessibilite")
    expect(heading(page, t("accessibility.title"))).to_be_visible()
    problems += checked(page, "accessibilité")
    open_page(page, server.url + "/?borne=1")
    expect(heading(page, t("welcome.title"))).to_be_visible()
    problems += checked(page, "bienvenue (borne)")
    click_and_wait(page, page.get_by_role("button", name=t("welcome.book")))
    expect(page.get_by_text(t("signin.then_booking"))).to_be_visible()
    problems += checked(page, "connexion (borne, puis rendez-vous)")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("device", list(VIEWPORTS), indirect=True)
def test_every_person_page(demo, server, device):
    page = device
    slot_id = afternoon_slot(demo)
    sign_in_person(page, server.url, PERSON, DEMO_PERSON_CODE)
    problems: list[str] = []
    open_menu(page)
    problems += checked(page, "menu ouvert")
    page.keyboard.press("Escape")
    for label, title in PERSON_PAGES.items():
        follow_menu(page, t(label))
        if title:
            expect(heading(page, t(title))).to_be_visible()
        problems += checked(page, t(label))
    # The booking steps, up to the confirm screen.
    with Session(demo) as session:
        slot = session.get(Slot, slot_id)
        place = session.get(Place, slot.place_id)
    follow_menu(page, t("nav.booking"))
    to_confirm_step(page, demo, slot, place)
    problems += checked(page, "rendez-vous : confirmer")
    assert problems == [], "\n".join(problems)


def test_tab_focus_is_visible_on_the_persons_pages(demo, server, phone):
    page = phone
    sign_in_person(page, server.url, PERSON, DEMO_PERSON_CODE)
    problems: list[str] = []
    for label in ("nav.home", "nav.sharing"):
        follow_menu(page, t(label))
        page.locator("h1").first.click()  # start tabbing from the top of the page
        stops, found = focus_ring_problems(page, max_stops=15)
        assert len(stops) >= 4, (label, stops)
        problems += [f"{t(label)}: {p}" for p in found]
    assert problems == [], "\n".join(problems)


# --- the kiosk: sign-out leaves nothing -----------------------------------------------------------

STORAGE_JS = """() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"""


def test_kiosk_sign_out_leaves_nothing_behind(demo, server, phone):
    page = phone
    needles = demo_personal_data(demo)
    open_page(page, server.url + "/?borne=1")
    click_and_wait(page, page.get_by_role("button", name=t("welcome.signin")))
    page.get_by_label(t("signin.identifier"), exact=True).fill(PERSON)
    page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    expect(page.locator("h1")).to_have_text(t("home.person.hello", first_name="David", last_name="Laurent"))
    assert personal_data_found(page, needles)  # the check can see personal data when it is there
    for label in ("nav.roadmap", "nav.booking"):
        follow_menu(page, t(label))
    click_and_wait(page, page.get_by_role("button", name=t("nav.signout")))
    expect(heading(page, t("welcome.title"))).to_be_visible()
    assert personal_data_found(page, needles) == []
    for step in range(3):  # Back, Back, Back: never the person's pages again
        page.go_back()
        wait_idle(page)
        expect(page.locator("h1").first).to_be_visible()
        assert personal_data_found(page, needles) == [], f"after Back x{step + 1} ({page.url})"
    stored = page.evaluate(STORAGE_JS)
    assert [n for n in needles + [DEMO_PERSON_CODE] if n in stored] == [], stored
    assert [n for n in needles if n in " ".join(c["value"] for c in page.context.cookies())] == []


# --- the idle timeout, on a server with short delays ----------------------------------------------

IDLE_TIMEOUT_S, IDLE_WARNING_S, IDLE_CHECK_S = 16, 10, 2  # the real ones: 1800 / 60 / 10 s
IDLE_SETTINGS = {"DOSSIER_IDLE_TIMEOUT_PERSONAL": str(IDLE_TIMEOUT_S), "DOSSIER_IDLE_WARNING": str(IDLE_WARNING_S),
                 "DOSSIER_IDLE_CHECK_SECONDS": str(IDLE_CHECK_S)}


@pytest.fixture(scope="module")
def idle_server():
    with streamlit_server(settings=IDLE_SETTINGS) as running:
        yield running


@pytest.mark.slow
def test_idle_warning_je_continue_then_sign_out(demo, idle_server, phone):
    """16 s without activity on a personal device (the server is set so, and checks every 2 s): the
    warning shows as soon as fewer than 10 s are left, well before the end; « Je continue » puts it away
    as often as needed, then silence signs out and shows why."""
    page = phone
    sign_in_person(page, idle_server.url, PERSON, DEMO_PERSON_CODE)
    expect(page.locator("h1")).to_have_text(t("home.person.hello", first_name="David", last_name="Laurent"))
    warning = page.get_by_text(t("idle.warning", seconds=0)[:40])
    keep = page.get_by_role("button", name=t("idle.continue"))
    for _ in range(2):
        started = time.monotonic()
        expect(warning).to_be_visible(timeout=(IDLE_TIMEOUT_S - IDLE_WARNING_S + 2 * IDLE_CHECK_S) * 1000)
        seconds_left = int(page.get_by_text(t("idle.warning", seconds=0)[:40]).inner_text().split()[-2])
        # shown at the first check inside the warning window, never at the last second
        assert seconds_left >= IDLE_WARNING_S - 2 * IDLE_CHECK_S, seconds_left
        keep.click()
        wait_idle(page)
        expect(warning).to_be_hidden(timeout=IDLE_WARNING_S * 1000)
        assert time.monotonic() - started < IDLE_TIMEOUT_S
    expect(heading(page, t("signin.title"))).to_be_visible(timeout=(IDLE_TIMEOUT_S + 4 * IDLE_CHECK_S) * 1000)
    expect(page.get_by_text(t("idle.signed_out"))).to_be_visible()
    assert personal_data_found(page, ["David Laurent", PERSON]) == []
    page.reload()  # the browser's session expired with the tab's: a reload asks to sign in again
    wait_idle(page)
    expect(heading(page, t("signin.title"))).to_be_visible()
    assert personal_data_found(page, ["David Laurent", PERSON]) == []


# --- from the kiosk to the phone ------------------------------------------------------------------


def kiosk_qr_link(page: Page, server_url: str) -> str:
    """Sign in on the kiosk, ask for the phone code, read the QR code from the screen."""
    open_page(page, server_url + "/?borne=1")
    click_and_wait(page, page.get_by_role("button", name=t("welcome.signin")))
    page.get_by_label(t("signin.identifier"), exact=True).fill(PERSON)
    page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    click_and_wait(page, page.get_by_role("button", name=t("handoff.show")))
    image = page.get_by_role("img", name=t("handoff.qr"))
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())))  # as painted on the screen
    if not found:  # a frame caught mid-paint on a busy machine: read the image the page was served
        served = page.request.get(urljoin(server_url + "/", image.get_attribute("src"))).body()
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(served)))
    [decoded] = found
    # The address the kiosk reached the app on (DOSSIER_PUBLIC_URL is not set here), with the token only.
    assert decoded.text.startswith(f"{server_url}/?{handoff.QUERY_KEY}="), decoded.text
    assert list(parse_qs(urlparse(decoded.text).query)) == [handoff.QUERY_KEY]
    return decoded.text


def open_on_phone(browser, link: str) -> Page:
    context = browser.new_context(**PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    open_page(page, link)
    return page


def assert_refused_on_a_phone(browser, link: str) -> None:
    page = open_on_phone(browser, link)
    try:
        expect(page.get_by_text(t("handoff.refused", minutes=5))).to_be_visible()
        expect(page.get_by_label(t("signin.identifier"), exact=True)).to_have_value("")
        assert handoff.QUERY_KEY not in page.url
    finally:
        page.context.close()


def test_the_kiosk_qr_code_opens_the_phone_once(demo, server, browser, phone):
    link = kiosk_qr_link(phone, server.url)
    first = open_on_phone(browser, link)
    try:
        expect(first.get_by_text(t("handoff.welcome"))).to_be_visible()
        expect(first.get_by_label(t("signin.identifier"), exact=True)).to_have_value(PERSON)
        expect(first.get_by_label(t("signin.code"), exact=True)).to_have_value("")
        assert handoff.QUERY_KEY not in first.url  # the token left the address bar at once
        first.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
        click_and_wait(first, first.get_by_role("button", name=t("signin.submit")))
        expect(first.locator("h1")).to_have_text(t("home.person.hello", first_name="David", last_name="Laurent"))
    finally:
        first.context.close()
    assert_refused_on_a_phone(browser, link)  # the same link, a second time


def test_the_kiosk_qr_code_is_refused_after_five_minutes(demo, server, browser, phone):
    link = kiosk_qr_link(phone, server.url)
    with session_scope(demo) as session:  # five minutes and one second later, for this token
        late = dt.timedelta(minutes=5, seconds=1)
        session.execute(update(HandoffToken).values(created_at=HandoffToken.created_at - late,
                                                    expires_at=HandoffToken.expires_at - late))
    assert_refused_on_a_phone(browser, link)
