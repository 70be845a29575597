"""The person's pages in English and Arabic in real Chromium at 390 x 844 (issue 20): axe-core WCAG 2.1
A/AA with no violation, the right `lang` and `dir` on <html>, no sideways scrolling, every target at
least 44 px, and no missing-key marker on screen (the server runs with `DOSSIER_I18N_MARK_MISSING`: a
text left in French reads « ⟦key⟧ »). The language is chosen on the sign-in page, kept once signed in
and after a reload; the kiosk's welcome screen in each language; French again after a kiosk sign-out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dossier import i18n
from dossier.labels import t
from dossier.tools import DEMO_PERSON_CODE
from tests.support.browser import (
    PERSON_PAGES,
    PHONE,
    checked,
    click_and_wait,
    follow_menu,
    heading,
    open_menu,
    open_page,
    streamlit_server,
    wait_idle,
)
from tests.support.domain import PERSON

pytestmark = pytest.mark.slow  # its own server (with the missing-key marker on)


@pytest.fixture(scope="module")
def marked_server():
    with streamlit_server(settings={i18n.MARK_MISSING: "1"}) as running:
        yield running


@pytest.fixture
def phone_in(browser):
    contexts = []

    def make(language: str) -> Page:
        context = browser.new_context(**{**PHONE, "locale": {"fr": "fr-FR", "en": "en-GB", "ar": "ar"}[language]})
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def choose_language(page: Page, language: str) -> None:
    # Streamlit's segmented control: a radio group named « Langue » (in the page's language)
    click_and_wait(page, page.locator('[class*="st-key-language_"]').get_by_role(
        "radio", name=i18n.NAMES[language], exact=True))
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_person_page_in_the_language(demo, marked_server, phone_in, language):
    page = phone_in(language)
    problems: list[str] = []
    open_page(page, marked_server.url + "/")
    choose_language(page, language)
    with i18n.use(language):
        problems += checked(page, "sign-in", language)
        # each name of the control is marked with its own language (WCAG 3.1.2)
        for code, name in i18n.NAMES.items():
            expect(page.get_by_role("radio", name=name, exact=True)).to_have_attribute("lang", code)
        expect(page.get_by_role("radio", name=i18n.NAMES[language], exact=True)).to_have_attribute(
            "aria-checked", "true")
        page.get_by_label(t("signin.identifier"), exact=True).fill(PERSON)
        page.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
        click_and_wait(page, page.get_by_role("button", name=t("signin.submit")))
        expect(page.locator("h1")).to_have_text(t("home.person.hello", first_name="David", last_name="Laurent"))
        open_menu(page)
        problems += checked(page, "menu", language)
        page.keyboard.press("Escape")
        for label, title in PERSON_PAGES.items():
            follow_menu(page, t(label))
            if title:
                expect(heading(page, t(title))).to_be_visible()
            problems += checked(page, t(label), language)
        # a reload resumes the session in the person's language
        page.reload()
        wait_idle(page)
        page.wait_for_selector("h1")
        expect(page.locator("html")).to_have_attribute("lang", language)
        open_page(page, marked_server.url + "/activation")
        problems += checked(page, "activation (signed in)", language)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_signed_out_pages_and_the_kiosk_in_the_language(demo, marked_server, phone_in, language):
    page = phone_in(language)
    problems: list[str] = []
    open_page(page, marked_server.url + "/activation")
    choose_language(page, language)
    with i18n.use(language):
        expect(heading(page, t("activate.title"))).to_be_visible()
        problems += checked(page, "activation", language)
        open_page(page, marked_server.url + "/accessibilite")  # a new session: French again…
        choose_language(page, language)
        problems += checked(page, "accessibility", language)
    kiosk = phone_in(language)
    open_page(kiosk, marked_server.url + "/?borne=1")
    choose_language(kiosk, language)
    with i18n.use(language):
        expect(heading(kiosk, t("welcome.title"))).to_be_visible()
        problems += checked(kiosk, "welcome (kiosk)", language)
        click_and_wait(kiosk, kiosk.get_by_role("button", name=t("welcome.signin")))
        kiosk.get_by_label(t("signin.identifier"), exact=True).fill(PERSON)
        kiosk.get_by_label(t("signin.code"), exact=True).fill(DEMO_PERSON_CODE)
        click_and_wait(kiosk, kiosk.get_by_role("button", name=t("signin.submit")))
        problems += checked(kiosk, "home (kiosk)", language)
        click_and_wait(kiosk, kiosk.get_by_role("button", name=t("nav.signout")))
    # the kiosk's sign-out: French again, for whoever comes next
    expect(heading(kiosk, t("welcome.title"))).to_be_visible()
    expect(kiosk.locator("html")).to_have_attribute("lang", "fr")
    expect(kiosk.locator("html")).to_have_attribute("dir", "ltr")
    assert problems == [], "\n".join(problems)
