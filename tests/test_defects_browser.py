"""Defects 2 and 5 of the wave-2 list, as a person meets them in Chromium at 390×844: a 5,000-character
paste is kept and refused under the field (the browser used to drop it silently), and text typed as a
link, Markdown or an icon code shows as the words typed, never as a link."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from dossier.labels import t
from dossier.roadmap import add_comment
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from server import HSTS, SECURITY_HEADERS
from storage.engine import session_scope
from storage.models import Goal
from tests.support.browser import (
    DESKTOP,
    choose_in_combobox,
    click_and_wait,
    heading,
    nav,
    open_goal,
    open_page,
    sign_in_person,
    sign_in_professional,
    wait_idle,
)
from tests.support.domain import ADMIN, CLAIRE, DAVID, JOB_GOAL, MARC, me, person_by_number

HOSTILE = ("Voir http://exemple.invalid [ici](http://exemple.invalid) www.exemple.invalid :material/home: "
           "a@exemple.invalid")
HOSTILE_COMMENT = "**Urgent** <b>gras</b> https://exemple.invalid/x"


def test_typed_links_stay_text_and_a_long_paste_is_kept_and_refused(demo, server, phone):
    with session_scope(demo) as session:
        david = person_by_number(session, DAVID)
        goal = session.exec(select(Goal).where(Goal.beneficiary_id == david.id, Goal.label == JOB_GOAL)).one()
        goal.label = HOSTILE
        session.flush()
        add_comment(session, me(session, DAVID), goal_id=goal.id, body=HOSTILE_COMMENT, sensitive_ok=True)
    page = phone
    sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
    nav(page, "nav.roadmap")
    expander = open_goal(page, "Voir http")
    main = page.locator("[data-testid='stMain']")
    shown = main.inner_text().replace("\u2060", "")  # the invisible word joiners aside, the words typed
    assert HOSTILE_COMMENT in shown and HOSTILE in shown
    assert main.locator("a[href*='exemple'], a[href^='mailto']").count() == 0
    assert main.locator("b:text('gras'), strong:text('Urgent')").count() == 0

    field = expander.get_by_label(t("roadmap.action.own"), exact=True)
    pasted = ("Chercher un emploi " * 300)[:5000]
    field.fill(pasted)  # what a paste does: the whole text at once
    field.press("Tab")
    click_and_wait(page, expander.get_by_role("button", name=t("roadmap.action.submit"), exact=True))
    expect(page.get_by_text(t("error.text.too_long_200"), exact=True)).to_be_visible()
    assert len(expander.get_by_label(t("roadmap.action.own"), exact=True).input_value()) == 5000
    expect(expander.get_by_text(t("freetext.reminder", limit=200), exact=True).first).to_be_visible()


def test_no_request_leaves_the_apps_own_address(demo, server, phone):
    """Defect 17: a public service tells no third party who visits it. Every request of a person's visit
    (sign-in, home, roadmap, appointment) goes to the app itself; the page icon used to come from Google."""
    page = phone
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
    for label in ("nav.roadmap", "nav.booking", "nav.home"):
        nav(page, label)
    page.wait_for_timeout(500)  # the favicon is asked for after the page
    outside = sorted({url for url in requested if not url.startswith((server.url, "data:", "blob:"))})
    assert outside == []
    assert len(requested) > 10  # the listener saw the visit


BAD_IMPORT = ("numero_dossier;nom;prenom;date_naissance;telephone;email;numero_allocataire;date_entree_rsa\n"
              "D-960;Essai;Alix;31/02/1988;;;;\n"
              "D-961;Exemple;Bao;1975-01-31;12;pas-un-email;;\n")


COLUMN = "[data-testid='stMainBlockContainer']"


def _column_width(page) -> float:
    return page.locator(COLUMN).bounding_box()["width"]


def _wide(page) -> bool:
    """The page's column spreads over a desk screen (given a moment: the layout follows the page's run)."""
    try:
        page.wait_for_function(f"document.querySelector(\"{COLUMN}\").getBoundingClientRect().width > 1100",
                               timeout=5_000)
    except Exception:  # noqa: BLE001 — Playwright's TimeoutError: not wide
        return False
    return True


def test_desk_pages_use_the_whole_width_and_import_errors_read_as_a_list_on_the_import_tab(demo, server, browser):
    """Defect 11, at 1280×800: « Ma file active », agenda, pilotage and administration use the width of a
    desk screen (a person's page stays a centred column); rejected import lines are a list, one line each,
    and the page stays on the Import tab after the import."""
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        sign_in_professional(page, server.url, CLAIRE, DEMO_PASSWORD)  # a référent: « Ma file active »
        centred = _column_width(page)  # the home page
        assert centred < 800, centred
        nav(page, "nav.caseload")
        assert _wide(page), _column_width(page)
        context.clear_cookies()
        sign_in_professional(page, server.url, ADMIN, DEMO_PASSWORD)  # the administrator and coordinator
        for label in ("nav.agenda", "nav.pilotage", "nav.admin"):
            nav(page, label)
            assert _wide(page), (label, _column_width(page))
        click_and_wait(page, page.get_by_role("tab", name=t("admin.tab.import")))
        panel = page.get_by_role("tabpanel")  # the visible one
        panel.get_by_role("combobox").click()
        page.get_by_role("option").first.click()
        wait_idle(page)
        panel.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": "caf.csv", "mimeType": "text/csv", "buffer": BAD_IMPORT.encode()}])
        wait_idle(page)
        click_and_wait(page, panel.get_by_role("button", name=t("admin.import.submit")))
        expect(page.get_by_text(t("error.import.rejected"))).to_be_visible()
        expect(page.get_by_role("tab", name=t("admin.tab.import"))).to_have_attribute("aria-selected", "true")
        problems = page.locator("[data-testid='stMain'] li")
        expect(problems).to_have_count(2)
        assert [text.split(" :")[0] for text in problems.all_inner_texts()] == ["ligne 2", "ligne 3"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


def test_after_adding_a_goal_the_form_is_empty_and_a_second_goal_can_be_added(demo, server, phone):
    """Defect 4: after a goal under « Logement », the list still showed « Logement » with the goal fields
    gone, and choosing it again did nothing."""
    page = phone
    sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
    nav(page, "nav.roadmap")
    theme = page.get_by_role("combobox", name=t("roadmap.goal.theme"), exact=True)
    own_words = page.get_by_label(t("roadmap.goal.own"), exact=True)
    for words in ("Trouver un logement plus proche", "Demander une aide au loyer"):
        choose_in_combobox(page, theme, "Loge", "Logement")
        expect(own_words).to_be_visible()
        own_words.fill(words)
        own_words.press("Tab")
        click_and_wait(page, page.get_by_role("button", name=t("roadmap.goal.submit"), exact=True))
        expect(page.get_by_text(t("roadmap.goal.added"), exact=True)).to_be_visible()
        expect(theme).to_have_value("")  # back to « Choisissez dans la liste »
        expect(own_words).to_have_count(0)
    with session_scope(demo) as session:
        david = person_by_number(session, DAVID)
        labels = set(session.exec(select(Goal.label).where(Goal.beneficiary_id == david.id)).all())
    assert {"Trouver un logement plus proche", "Demander une aide au loyer"} <= labels


@pytest.mark.parametrize(("path", "title_key"), [("/feuille-de-route", "roadmap.title"),
                                                 ("/rendez-vous?ref=THAARN", "booking.title")],
                         ids=["roadmap-link", "appointment-qr"])
def test_a_link_opened_signed_out_asks_to_sign_in_in_french_then_lands_where_it_points(demo, server, phone, path,
                                                                                      title_key):
    """Defect 8 and issue 15's links: the address of a signed-in page (a letter, an SMS, the appointment's QR
    code) opened signed out used to show Streamlit's English « Page not found » over the sign-in page and
    forget where it pointed."""
    page = phone
    open_page(page, server.url + path)
    expect(heading(page, t("signin.title"))).to_be_visible()
    assert page.get_by_role("dialog").count() == 0
    assert page.url == server.url + path
    page.get_by_label(t("signin.identifier"), exact=True).fill(DAVID)
    page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    expect(heading(page, t(title_key))).to_be_visible()
    assert page.url == server.url + path  # the page asked for, with its parameters
    assert page.get_by_role("dialog").count() == 0


def _headers(url: str, **sent: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=sent), timeout=10) as response:
        return response.headers


def test_every_response_carries_the_security_headers(server):
    """Defect 18: the app itself sends them (server.py), so they hold behind any proxy; HSTS only when the
    request came over HTTPS (here: said by the proxy's X-Forwarded-Proto)."""
    for path in ("/", "/activation", "/_stcore/health", "/static/favicon.png"):
        try:
            headers = _headers(server.url + path)
        except urllib.error.HTTPError as missing:  # a 404 is a response too: it must carry them
            headers = missing.headers
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, (path, name, headers.get(name))
        assert headers.get("strict-transport-security") is None, path
    assert "frame-ancestors 'none'" in SECURITY_HEADERS["content-security-policy"]
    assert _headers(server.url + "/", **{"X-Forwarded-Proto": "https"})["strict-transport-security"] == HSTS


def test_the_content_security_policy_lets_every_page_work(demo, server, browser):
    """No page meets a CSP refusal: the person's pages, and the coordinator's pilotage with its charts."""
    refused: list[str] = []
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    try:
        sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
        for label in ("nav.roadmap", "nav.booking", "nav.sharing", "nav.export"):
            nav(page, label)
        context.clear_cookies()
        sign_in_professional(page, server.url, MARC, DEMO_PASSWORD)
        nav(page, "nav.pilotage")
        expect(page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
               .first).to_be_visible()
        assert page.evaluate("document.documentElement.lang") == "fr"  # the inline script ran
    finally:
        context.close()
    assert refused == []


NOT_FOUND = ("Page not found", "does not seem to exist")


def _no_english_not_found(page) -> None:
    wait_idle(page)
    page.wait_for_timeout(500)  # Streamlit's toast comes with the first run's end
    text = page.inner_text("body")
    assert not [words for words in NOT_FOUND if words in text], (page.url, text[-300:])


@pytest.mark.parametrize(("path", "title_key"), [("/connexion", "signin.title"), ("/accueil", "signin.title"),
                                                 ("/", "signin.title"), ("/activation", "activate.title")])
def test_the_default_pages_own_addresses_are_pages_too(demo, server, phone, path, title_key):
    """Streamlit serves its default page at / only: its own address (/connexion, printed on letters and
    shown in the address bar after a sign-out, or /accueil) answered with an English « Page not found »
    toast over the page. Opened signed out, each shows the sign-in page in French; signed in, /connexion
    and /accueil show the home page."""
    page = phone
    open_page(page, server.url + path)
    expect(heading(page, t(title_key))).to_be_visible()
    _no_english_not_found(page)
    if path == "/activation":
        return
    page.get_by_label(t("signin.identifier"), exact=True).fill(DAVID)
    page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    for address in ("/connexion", "/accueil"):
        open_page(page, server.url + address)
        expect(heading(page, t("home.person.hello", first_name="David", last_name="Laurent"))).to_be_visible()
        _no_english_not_found(page)


def test_the_kiosk_welcome_screen_answers_at_its_address(demo, server, phone):
    page = phone
    open_page(page, server.url + "/bienvenue?borne=1")
    expect(heading(page, t("welcome.title"))).to_be_visible()
    _no_english_not_found(page)
