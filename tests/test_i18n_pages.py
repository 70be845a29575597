"""The person's language on the pages (AppTest, through the real app.py): the control on the welcome
screen, sign-in and every person page; every person page in English and Arabic with no text left in
French (a missing key shows « ⟦key⟧ », `DOSSIER_I18N_MARK_MISSING`); the choice kept for the session,
stored once signed in and read back at the next sign-in; a kiosk's sign-out back to French;
professionals' pages in French whatever the session says."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from dossier import appointments, i18n
from dossier.labels import t
from dossier.tools import DEMO_PERSON_CODE
from storage.models import Beneficiary
from tests.support.apptest import (
    app,
    as_person,
    as_professional,
    assert_ok,
    click,
    downloaded,
    k,
    request_page,
    screen,
    sign_in_person,
)
from tests.support.domain import NEWCOMER, PERSON, REFERENT, me, one_slot, person
from ui.session import LANGUAGE

PERSON_PAGES = ("accueil", "feuille-de-route", "diagnostic", "historique", "rendez-vous", "partages",
                "consultations", "mes-donnees", "appareils", "accessibilite")


@pytest.fixture(autouse=True)
def _mark_missing(monkeypatch):
    monkeypatch.setenv(i18n.MARK_MISSING, "1")


def said(language: str, key: str, **values) -> str:
    with i18n.use(language):
        return t(key, **values)


def control(at):
    found = [g for g in at.button_group if g.key and g.key.startswith("language_")]
    assert len(found) == 1, [g.key for g in at.button_group]
    return found[0]


def pick(at, language: str):
    at = control(at).set_value(language).run()
    assert_ok(at)
    return at


def test_the_control_names_each_language_in_itself_on_sign_in(demo):
    at = app().run()
    assert_ok(at)
    group = control(at)
    assert group.options == ["Français", "English", "العربية"]
    assert group.value == "fr"
    at = pick(at, "ar")
    assert at.session_state[LANGUAGE] == "ar"
    assert said("ar", "signin.title") in screen(at)
    assert "⟦" not in screen(at)
    at = pick(at, "en")
    assert said("en", "signin.submit") in [b.label for b in at.button]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_signed_out_pages_in_the_language(demo, language):
    at = app()
    at.session_state[LANGUAGE] = language
    at.run()
    for path in ("connexion", "activation", "accessibilite"):
        at = request_page(at, path)
        assert_ok(at)
        text = screen(at)
        assert "⟦" not in text, (path, [line for line in text.splitlines() if "⟦" in line])
        assert control(at).value == language


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_kiosk_welcome_in_the_language_and_back_to_french_after_sign_out(demo, language):
    at = app()
    at.query_params["borne"] = "1"
    at.run()
    at = pick(at, language)
    assert said(language, "welcome.intro") in screen(at)
    assert "⟦" not in screen(at)
    at = click(at, said(language, "welcome.signin"))
    at = _sign_in(at, language)
    assert said(language, "nav.signout") in [b.label for b in at.button]
    at = click(at, said(language, "nav.signout"))
    assert_ok(at)
    assert LANGUAGE not in at.session_state
    assert t("welcome.intro") in screen(at)


def _sign_in(at, language: str, number: str = PERSON):
    at.text_input(key=k(at, "signin_identifier")).input(number)
    at.text_input(key=k(at, "signin_code")).input(DEMO_PERSON_CODE)
    at = click(at, said(language, "signin.submit"))
    assert_ok(at)
    return at


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_person_page_in_the_language(demo, language):
    at = as_person(demo, PERSON)
    at = pick(at, language)
    for path in PERSON_PAGES:
        at = request_page(at, path)
        assert_ok(at)
        text = screen(at)
        assert "⟦" not in text, (path, [line for line in text.splitlines() if "⟦" in line])
        assert control(at).value == language


def test_the_choice_is_stored_and_read_back_at_the_next_sign_in(demo):
    at = as_person(demo, PERSON)
    at = pick(at, "ar")
    assert person(demo, PERSON).language == "ar"
    assert said("ar", "nav.signout") in [b.label for b in at.button]
    # a new browser, signed out: French, until the person signs in
    fresh = app().run()
    assert control(fresh).value == "fr"
    fresh = sign_in_person(fresh, PERSON, DEMO_PERSON_CODE)
    assert_ok(fresh)
    assert fresh.session_state[LANGUAGE] == "ar"
    assert said("ar", "nav.signout") in [b.label for b in fresh.button]


def test_a_language_chosen_before_signing_in_becomes_the_preference(demo):
    at = app().run()
    at = pick(at, "en")
    at = _sign_in(at, "en")
    assert person(demo, PERSON).language == "en"
    # on one's own phone, sign-out keeps the language
    at = click(at, said("en", "nav.signout"))
    assert at.session_state[LANGUAGE] == "en"


def test_the_next_person_on_the_same_phone_gets_their_own_language(demo):
    at = app().run()
    at = pick(at, "ar")
    at = _sign_in(at, "ar")
    at = click(at, said("ar", "nav.signout"))
    assert at.session_state[LANGUAGE] == "ar"  # still on screen after sign-out…
    at = _sign_in(at, "ar", "D2026-0002")
    assert at.session_state[LANGUAGE] == "fr"  # …but the next person's own preference applies
    assert person(demo, "D2026-0002").language == "fr"


def test_professionals_pages_stay_french(demo):
    at = as_professional(demo, REFERENT)
    at.session_state[LANGUAGE] = "ar"
    at.run()
    assert_ok(at)
    assert not [g for g in at.button_group if g.key and g.key.startswith("language_")]
    assert t("nav.signout") in [b.label for b in at.button]
    assert "⟦" not in screen(at)


def test_an_unknown_stored_language_reads_as_french(demo):
    with Session(demo) as session:
        row = session.get(Beneficiary, person(demo, PERSON).id)
        row.language = "xx"
        session.add(row)
        session.commit()
    at = sign_in_person(app().run(), PERSON, DEMO_PERSON_CODE)
    assert_ok(at)
    assert at.session_state[LANGUAGE] == "fr"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_consent_notice_shows_the_exact_french_beside_the_translation(demo, language):
    at = as_person(demo, PERSON)
    at = pick(at, language)
    at = request_page(at, "partages")
    assert_ok(at)
    assert said(language, "consent.notice") in [i.value for i in at.info]
    shown_html = [h.proto.body for h in at.get("html")]
    french = [body for body in shown_html if 'lang="fr"' in body]
    from dossier.labels import LABELS

    assert any(html_escape(LABELS["consent.notice"]) in body for body in french)
    assert any(html_escape(said(language, "consent.notice.french")) in body for body in french)


def test_no_french_copy_of_the_notice_on_a_french_page(demo):
    at = request_page(as_person(demo, PERSON), "partages")
    assert not [h for h in at.get("html") if "dossier-french" in h.proto.body]


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_appointment_pdf_built_when_tapped_is_in_the_page_language(demo, served_files, language):
    """The confirmation PDF is built only when its button is tapped, by Streamlit on another thread,
    which has no language of its own: it must still be in the page's (here built after the run)."""
    with Session(demo) as s:
        actor = me(s, NEWCOMER)
        appointments.book(s, actor, actor.id, one_slot(s))
        s.commit()
    at = as_person(demo, NEWCOMER)
    at = request_page(pick(at, language) if language != "fr" else at, "rendez-vous")
    assert_ok(at)
    [pdf_button] = [d for d in at.get("download_button") if d.proto.label == said(language, "booking.print")]
    assert pdf_button.proto.deferred_file_id and not pdf_button.proto.url  # not built at the rerun
    assert i18n.language() == "fr"  # this thread's own language, outside the page's run
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(downloaded(served_files, pdf_button)))
                     .pages)
    heading = said(language, "booking.yours")
    assert heading.split()[0] in text, (heading, text[:300])
