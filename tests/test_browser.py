"""Real-browser tests: Debian Chromium through Playwright against `streamlit run app.py`, at phone size.

What AppTest cannot see: the journey as a person lives it (links, Back button, sign-out), what a fresh
server serves before anyone signed in, axe-core's WCAG 2.1 A/AA rules on the rendered pages, and what axe
misses (page language, 44 px touch targets, a focus ring that is really painted on screen).

One server and one browser for the module; every test opens its own browser context and seeds the
shared test database with the `demo` fixture (the server reads the same database).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from dossier.accounts import issue_activation_code
from dossier.actor import Actor
from dossier.labels import t
from dossier.people._imports import import_beneficiaries
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import Beneficiary
from tests.support.browser import (
    MIN_TARGET,
    PHONE,
    TARGETS_JS,
    axe_report,
    body_text,
    choose_professional,
    click_and_wait,
    demo_personal_data,
    focus_ring_problems,
    follow_menu,
    heading,
    open_page,
    personal_data_found,
    sign_in_person,
    sign_in_professional,
    streamlit_server,
    wait_idle,
)

# A fictional person imported by the journey test; neither name is in the demo lists.
NEW_PERSON = {"number": "D2026-9001", "first": "Léonie", "last": "Vasseur", "born": "14/07/1988"}
NEW_CODE = "731946"


# --- fixtures -----------------------------------------------------------------------------------


# --- a. the journey -----------------------------------------------------------------------------


def test_imported_person_activates_signs_in_and_signs_out_leaving_nothing(demo, server, phone):
    csv_text = ("numero_dossier;nom;prenom;date_naissance;telephone;email;numero_allocataire;date_entree_rsa\n"
                f"{NEW_PERSON['number']};{NEW_PERSON['last']};{NEW_PERSON['first']};{NEW_PERSON['born']};"
                ";;;\n")
    with session_scope(demo) as session:
        report = import_beneficiaries(session, Actor.system(), csv_text, "CD-VV")
        assert report.created == 1
        person_id = session.exec(
            select(Beneficiary.id).where(Beneficiary.dossier_number == NEW_PERSON["number"])).one()
        issued = issue_activation_code(session, Actor.system(), person_id)
    full_name = f"{NEW_PERSON['first']} {NEW_PERSON['last']}"
    page = phone

    open_page(page, server.url + "/")
    expect(heading(page, t("signin.title"))).to_be_visible()
    click_and_wait(page, page.get_by_role("link", name=t("nav.activate")))
    expect(heading(page, t("activate.title"))).to_be_visible()
    assert page.url.endswith("/activation")

    page.get_by_label(t("activate.identifier"), exact=True).fill(NEW_PERSON["number"])
    page.get_by_label(t("activate.code"), exact=True).fill(issued.code)
    page.get_by_label(t("activate.birth_date"), exact=True).fill(NEW_PERSON["born"])
    page.get_by_label(t("activate.new_code"), exact=True).fill(NEW_CODE)
    page.get_by_label(t("activate.confirm"), exact=True).fill(NEW_CODE)
    click_and_wait(page, page.get_by_role("button", name=t("activate.submit")))

    expect(heading(page, t("home.person.hello", first_name=NEW_PERSON["first"], last_name=NEW_PERSON["last"]))
           ).to_be_visible()
    expect(page.get_by_text(t("activate.done"))).to_be_visible()
    expect(page.get_by_text(t("home.person.structure", name="Département de la Vallée-Verte"))).to_be_visible()
    expect(page.get_by_text(t("home.person.dossier", number=NEW_PERSON["number"]))).to_be_visible()

    click_and_wait(page, page.get_by_role("button", name=t("nav.signout")))
    expect(heading(page, t("signin.title"))).to_be_visible()
    expect(page.get_by_text(t("signout.done"))).to_be_visible()
    wait_idle(page)
    needles = [full_name, NEW_PERSON["last"], NEW_PERSON["number"], "Bonjour"]
    assert personal_data_found(page, needles) == [], body_text(page)

    signed_out = re.compile(f"^({re.escape(t('signin.title'))}|{re.escape(t('activate.title'))})$")
    for step in (1, 2):  # history: / (sign-in), /activation, / (home, then sign-in again)
        before = page.url
        page.go_back()
        page.wait_for_url(lambda url, before=before: url != before)
        wait_idle(page)
        expect(page.locator("h1")).to_have_text(signed_out)
        wait_idle(page)
        assert personal_data_found(page, needles) == [], f"after Back x{step} ({page.url}): {body_text(page)}"
    assert page.url.startswith(server.url)


def test_wrong_code_shows_the_french_error_above_the_fields_and_stays_on_sign_in(demo, server, phone):
    page = phone
    sign_in_person(page, server.url, "D2026-0002", "000111")
    alert = page.get_by_role("alert").filter(has_text=t("signin.failed"))
    expect(alert).to_be_visible()
    expect(heading(page, t("signin.title"))).to_be_visible()
    assert "Bonjour" not in body_text(page)
    form = page.locator("[data-testid='stForm']")
    field = page.get_by_label(t("signin.identifier"), exact=True)
    expect(form.get_by_role("alert").filter(has_text=t("signin.failed"))).to_have_count(1)
    alert_box, field_box = alert.bounding_box(), field.bounding_box()
    assert alert_box["y"] + alert_box["height"] <= field_box["y"], (alert_box, field_box)
    assert page.get_by_label(t("signin.code"), exact=True).input_value() == ""  # the secret is not kept


# --- b. a fresh server before anyone signed in ------------------------------------------------

# pages/<module>.py names
LEGACY_URLS = sorted(f"/{module.stem}" for module in (Path(__file__).parents[1] / "pages").glob("[!_]*.py"))
APP_URLS = ["/_person_search", "/", *(f"/{path}" for path in re.findall(r'url_path="([^"]+)"', (
    Path(__file__).parents[1] / "app.py").read_text())), "/rendez-vous?ref=THAARN", "/?borne=1", "/?relais=inconnu"]
# /_person_search: a module of pages/ that is not a page; ?ref=: the address in a confirmation QR code;
# ?relais=: a kiosk's QR code


@pytest.mark.slow
def test_fresh_server_serves_no_personal_data_at_any_url(demo, browser):
    """A brand-new server, nobody signed in, every URL in its own browser context. The module-name URLs
    go first, together: before any session ran st.navigation, a fresh server would run pages/<name>.py
    directly (Streamlit's legacy multipage path)."""
    needles = demo_personal_data(demo) + ["Bonjour"]
    signed_out_titles = {t("signin.title"), t("activate.title"), t("welcome.title"), t("accessibility.title")}
    problems = []
    with streamlit_server() as fresh:
        batches = [LEGACY_URLS[i:i + 10] for i in range(0, len(LEGACY_URLS), 10)]
        batches += [APP_URLS[i:i + 10] for i in range(0, len(APP_URLS), 10)]  # at most 10 tabs at once (2 cores)
        for batch in batches:
            # Content only here: plain 1x rendering, no fonts or images to fetch (2 cores, 10 tabs).
            contexts = [browser.new_context(**{**PHONE, "device_scale_factor": 1}) for _ in batch]
            for context in contexts:
                context.route(re.compile(r".*\.(woff2?|ttf|png|svg|jpg)(\?.*)?$"), lambda route: route.abort())
            try:
                pages = [context.new_page() for context in contexts]
                for path, page in zip(batch, pages, strict=True):
                    page.goto(fresh.url + path, wait_until="commit")  # load them side by side
                for path, page in zip(batch, pages, strict=True):
                    page.wait_for_selector("[data-testid='stApp']", timeout=20_000)
                    wait_idle(page, settle_ms=0)  # the whole batch settles below, once
                    if path in APP_URLS:
                        expect(page.locator("h1")).to_have_count(1, timeout=20_000)
                page.wait_for_timeout(700)  # anything rendered late would show now
                for path, page in zip(batch, pages, strict=True):
                    wait_idle(page, settle_ms=0)
                    titles = set(page.locator("h1").all_inner_texts())
                    if not titles <= signed_out_titles:
                        problems.append(f"{path}: titles {titles}")
                    found = personal_data_found(page, needles)
                    if found:
                        problems.append(f"{path} ({page.url}): {found[:10]}")
            finally:
                for context in contexts:
                    context.close()
    assert problems == []


# --- c. and d. axe-core, page language, touch targets -------------------------------------------


def _signin(page: Page, url: str) -> None:
    open_page(page, url + "/")


def _signin_errors(page: Page, url: str) -> None:
    open_page(page, url + "/")
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    expect(page.get_by_text(t("error.required")).first).to_be_visible()


def _signin_pro(page: Page, url: str) -> None:
    open_page(page, url + "/")
    choose_professional(page)


def _signin_pro_errors(page: Page, url: str) -> None:
    _signin_pro(page, url)
    click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
    expect(page.get_by_text(t("error.required")).first).to_be_visible()


def _activation(page: Page, url: str) -> None:
    open_page(page, url + "/activation")
    expect(heading(page, t("activate.title"))).to_be_visible()


def _activation_errors(page: Page, url: str) -> None:
    _activation(page, url)
    click_and_wait(page, page.get_by_role("button", name=t("activate.submit")))
    expect(page.get_by_text(t("error.summary", count=5))).to_be_visible()
    expect(page.get_by_text(t("error.required"))).to_have_count(5)


def _home_person(page: Page, url: str) -> None:
    sign_in_person(page, url, "D2026-0001", DEMO_PERSON_CODE)
    expect(page.locator("h1")).to_have_text(re.compile("^Bonjour "))


def _home_pro(page: Page, url: str) -> None:
    sign_in_professional(page, url, "claire.morel@cd-vv.demo", DEMO_PASSWORD)
    expect(heading(page, "Bonjour Claire Morel")).to_be_visible()
    expect(page.locator("table")).to_be_visible()


def _invite_issued(page: Page, url: str) -> None:
    _home_pro(page, url)
    follow_menu(page, t("nav.invite"))
    expect(heading(page, t("invite.title"))).to_be_visible()
    page.get_by_label(t("invite.search"), exact=True).fill("D2026-0005")
    click_and_wait(page, page.get_by_role("button", name=t("invite.search.submit")))
    click_and_wait(page, page.get_by_role("button", name=t("invite.issue")))
    expect(page.get_by_text("Code d'activation :")).to_be_visible()
    expect(page.locator("[data-testid='stImage'] img")).to_be_visible()


STRICT, INLINE_EXEMPT = "every target", "inline links exempt"
SCENARIOS: dict[str, tuple[Callable[[Page, str], None], str]] = {
    # name: (how to get there, 44 px rule). The sign-in and activation pages: every visible target,
    # no exception. Signed-in pages: WCAG 2.5.5's "inline" exception for a link inside a sentence
    # (the letter text quotes the app's address).
    "signin": (_signin, STRICT),
    "signin-errors": (_signin_errors, STRICT),
    "signin-pro": (_signin_pro, STRICT),
    "signin-pro-errors": (_signin_pro_errors, STRICT),
    "activation": (_activation, STRICT),
    "activation-errors": (_activation_errors, STRICT),
    "home-person": (_home_person, INLINE_EXEMPT),
    "home-pro": (_home_pro, INLINE_EXEMPT),
    "invite-issued": (_invite_issued, INLINE_EXEMPT),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_page_accessibility(scenario, demo, server, phone):
    """axe-core WCAG 2.1 A/AA: zero violations; <html lang="fr">; every visible target >= 44 x 44 px."""
    reach, target_rule = SCENARIOS[scenario]
    page = phone
    reach(page, server.url)
    wait_idle(page)
    report = axe_report(page)
    assert report == [], f"{scenario}: axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(report)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.viewport_size["width"] == 390
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    assert len(targets) >= 3, targets
    small = [f"{x['tag']} «{x['name']}» {x['width']:.1f}x{x['height']:.1f}" for x in targets
             if x["small"] and not (target_rule == INLINE_EXEMPT and x["inline"])]
    assert small == [], f"{scenario}: targets under {MIN_TARGET} px ({target_rule}): {small}"


# --- d. a focus ring that is really painted -----------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/activation"], ids=["signin", "activation"])
def test_tab_focus_is_visibly_outlined(path, demo, server, phone):
    """Every Tab stop of the sign-in (and activation) page: focus leaves <body>; the focused element (or, when it is
    visually hidden like a radio's input, the nearest visible box that stands for it) gets an outline
    >= 2 px or a box-shadow that only focus brings; and that ring is really painted: between screenshots
    with and without focus, pixels all along the box's edge change by a contrast of 3:1 or more (an
    outline clipped by a parent, drawn off-screen or too faint fails)."""
    page = phone
    open_page(page, server.url + path)
    stops, problems = focus_ring_problems(page)
    assert len(stops) >= 6, f"too few Tab stops: {stops}"
    assert problems == [], f"Tab stops {stops}:\n" + "\n".join(problems)
