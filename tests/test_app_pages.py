"""The Streamlit pages through AppTest: what a signed-out visitor, a person and each professional role
see and may do, against the demo data in the test database (the conftest points DATABASE_URL at it).

AppTest runs the real app.py in-process: sign-in, sign-out, activation, idle timeout, role navigation.
Page modules are also rendered on their own (`from_string`) to check their guard without the app around
them, as happens when a page function is reached some other way.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dossier import clock, formatting
from dossier.accounts import _secrets as secrets
from dossier.accounts import actor_for_beneficiary, devices
from dossier.labels import t
from dossier.settings import get_settings
from dossier.tools import DEMO_PERSON_CODE
from storage.models import Beneficiary, DeviceSession, Organisation, Professional
from tests.support.apptest import (
    APP,
    DENIED,
    DOSSIER_RE,
    SIGNOUT,
    TIMEOUT,
    app,
    as_person,
    as_professional,
    assert_no_personal_data,
    assert_ok,
    click,
    field_errors,
    fill,
    generation,
    has_actor,
    k,
    messages,
    page,
    page_links,
    request_page,
    shown,
    sign_in_person,
    sign_in_professional,
)
from tests.support.domain import (
    ACCUEIL,
    COORDINATOR,
    JULIE,
    NEW_CODE,
    PERSON,
    REFERENT,
    credential,
    person,
    pro_actor_from_engine,
)

INVITED = "D2026-0021"
INVITED_CODE = "VERT-2345"
INVITED_BIRTH = "05/03/1990"


# --- database -----------------------------------------------------------------------------------


def professional(engine, email: str) -> Professional:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Professional).where(Professional.email == email)).one()


@pytest.fixture
def signed_in_person(demo) -> AppTest:
    at = sign_in_person(app().run(), PERSON, DEMO_PERSON_CODE)
    assert_ok(at)
    assert has_actor(at)
    return at


# --- 1. signed out ------------------------------------------------------------------------------


def test_signed_out_visitor_sees_only_sign_in_and_activation(demo):
    at = app().run()
    assert_ok(at)
    assert [e.value for e in at.title] == [t("signin.title")]
    assert not has_actor(at)
    labels = [b.label for b in at.button]
    assert SIGNOUT not in labels and labels == [t("signin.submit")]
    assert page_links(at) == {t("nav.activate"): "activation", t("nav.accessibility"): "accessibilite"}
    assert at.text_input(key="signin_identifier__0").value == ""
    assert at.text_input(key="signin_code__0").value == ""
    assert at.radio(key="signin_who__0").value == t("signin.person")
    assert not at.error
    assert_no_personal_data(at, demo)


@pytest.mark.parametrize("url_path", ["accueil", "inviter"])
def test_signed_out_request_for_an_inner_page_gets_the_sign_in_page(demo, url_path):
    at = request_page(app(), url_path)
    assert_ok(at)
    assert [e.value for e in at.title] == [t("signin.title")]
    assert t("invite.title") not in shown(at)
    assert not has_actor(at)
    assert_no_personal_data(at, demo)


def test_accessibility_statement_is_open_to_everyone_and_says_how_to_report_a_barrier(demo):
    at = request_page(app(), "accessibilite")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("accessibility.title")]
    assert t("accessibility.status.title") in [e.value for e in at.subheader]
    assert any("Défenseur des droits" in m.value for m in at.markdown)
    assert_no_personal_data(at, demo)
    at = request_page(as_person(demo, PERSON), "accessibilite")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("accessibility.title")]
    assert page_links(at)[t("nav.accessibility")] == "accessibilite"


def test_signed_out_visitor_can_open_the_activation_page(demo):
    at = request_page(app(), "activation")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("activate.title")]
    assert [w.key for w in at.text_input] == [f"activate_{f}__0" for f in
                                              ("identifier", "activation_code", "birth_date", "new_code",
                                               "confirm")]


# --- 2. person sign-in --------------------------------------------------------------------------


def test_person_signs_in_and_sees_their_home(signed_in_person, demo):
    at = signed_in_person
    me = person(demo, PERSON)
    with Session(demo) as session:
        referent = session.get(Professional, me.referent_id)
        structure = session.get(Organisation, me.organisation_id)
        referent_name, referent_email, structure_name = (f"{referent.first_name} {referent.last_name}",
                                                         referent.email, structure.name)
    assert [e.value for e in at.title] == [f"Bonjour {me.first_name} {me.last_name}"]
    texts = shown(at)
    assert t("home.person.dossier", number=PERSON) in texts
    assert t("home.person.referent", name=referent_name) in texts
    assert t("home.person.referent_contact", email=referent_email) in texts
    assert t("home.person.structure", name=structure_name) in texts
    assert referent_name == "Claire Morel"  # the demo data this test was written against
    actor = at.session_state["actor"]
    assert actor.is_beneficiary and actor.id == me.id
    assert SIGNOUT in [b.label for b in at.button]
    assert credential(demo, PERSON).failed_attempts == 0


def test_the_personal_code_does_not_stay_in_the_session(signed_in_person):
    at = signed_in_person
    assert [key for key, value in at.session_state.items() if value == DEMO_PERSON_CODE] == []


def test_wrong_code_gives_the_french_message_and_keeps_only_the_identifier(demo):
    at = sign_in_person(app().run(), PERSON, "999999")
    assert_ok(at)
    assert not has_actor(at)
    assert [e.value for e in at.title] == [t("signin.title")]
    assert at.error.values == [t("signin.failed.left", left=4, minutes=15)]  # and how many tries are left
    assert t("signin.failed.left", left=4, minutes=15).startswith("Identifiant ou code incorrect")
    assert at.text_input(key="signin_code__0").value == ""
    assert at.text_input(key="signin_identifier__0").value == PERSON
    assert credential(demo, PERSON).failed_attempts == 1  # the attempt reached the store


def test_empty_fields_show_field_errors_and_change_nothing(demo):
    at = app().run()
    at = click(at, t("signin.submit"))
    assert_ok(at)
    required = t("error.required")
    assert required == "Ce champ est obligatoire."
    assert field_errors(at) == {"_top": [t("error.summary", count=2)],
                                "signin_identifier": [required], "signin_code": [required]}
    assert not has_actor(at)
    assert credential(demo, PERSON).failed_attempts == 0


def test_identifier_without_code_is_not_an_attempt(demo):
    at = app().run()
    fill(at, signin_identifier=PERSON)
    at = click(at, t("signin.submit"))
    assert_ok(at)
    assert field_errors(at) == {"_top": [t("error.summary", count=1)], "signin_code": [t("error.required")]}
    assert at.text_input(key="signin_identifier__0").value == PERSON
    assert not has_actor(at)
    assert credential(demo, PERSON).failed_attempts == 0


def test_after_an_error_the_right_code_still_signs_in(demo):
    at = sign_in_person(app().run(), PERSON, "999999")
    at.text_input(key="signin_code__0").input(DEMO_PERSON_CODE)
    at = click(at, t("signin.submit"))
    assert_ok(at)
    assert has_actor(at)
    assert not at.error
    assert credential(demo, PERSON).failed_attempts == 0


# --- 3. the same answer whatever went wrong -----------------------------------------------------


def _failure_screen(at: AppTest) -> tuple:
    """What a failed sign-in shows, the identifier the person typed left out."""
    texts = [text for text in shown(at) if text not in (PERSON, "D2026-9999")]
    return texts, messages(at), at.text_input(key="signin_code__0").value


def test_unknown_identifier_and_wrong_code_look_the_same(demo):
    unknown = sign_in_person(app().run(), "D2026-9999", DEMO_PERSON_CODE)
    wrong = sign_in_person(app().run(), PERSON, "999999")
    assert _failure_screen(unknown) == _failure_screen(wrong)
    assert unknown.error.values == [t("signin.failed.left", left=4, minutes=15)]
    assert not has_actor(unknown) and not has_actor(wrong)


def test_locked_account_looks_the_same_even_with_the_right_code(demo):
    """Five failures: the fourth warns that one try is left, the fifth says until when sign-in is paused
    and who can help; the right code then gets that same answer (wave-2 defect 3: it used to read
    « incorrect » with no word of the pause)."""
    wrong = app().run()
    for _ in range(4):
        wrong = sign_in_person(wrong, PERSON, "999999")
    assert wrong.error.values == [t("signin.failed.last", minutes=15)]
    wrong = sign_in_person(wrong, PERSON, "999999")
    until = credential(demo, PERSON).locked_until
    assert until is not None
    paused = t("signin.paused", time=formatting.time(until), phone=get_settings().help_phone)
    assert wrong.error.values == [paused]
    locked = sign_in_person(app().run(), PERSON, DEMO_PERSON_CODE)
    assert not has_actor(locked)
    assert _failure_screen(locked) == _failure_screen(wrong)


def test_an_unknown_identifier_is_paused_the_same_way(demo):
    """Nothing tells a known account from an unknown one: the same warnings, the same pause."""
    known, unknown = app().run(), app().run()
    for _ in range(5):
        known = sign_in_person(known, PERSON, "999999")
        unknown = sign_in_person(unknown, "D2026-9999", "999999")
        assert _failure_screen(known) == _failure_screen(unknown)
    paused = t("signin.paused", time="", phone="").split("jusqu'à")[0]
    assert [m.split("jusqu'à")[0] for m in unknown.error.values] == [paused]
    assert not has_actor(sign_in_person(app().run(), PERSON, DEMO_PERSON_CODE))


# --- 4. sign-out --------------------------------------------------------------------------------


def device_rows(engine) -> list[DeviceSession]:
    with Session(engine) as session:
        return list(session.exec(select(DeviceSession).order_by(DeviceSession.id)))


def test_a_sign_in_opens_a_device_row_and_sign_out_ends_it(signed_in_person, demo):
    """Issue 15: the sign-in's row holds a claim for the browser's cookie (handed over by the page),
    and the sign-out ends the row (for every tab of the browser), then asks the browser to forget it."""
    at = signed_in_person
    [row] = device_rows(demo)
    assert row.persistent and row.beneficiary_id == person(demo, PERSON).id and row.ended_at is None
    assert row.claim_sha256 is not None and at.session_state["device_id"] == row.id
    assert "cookie_claim" not in at.session_state  # drawn once into the page, then forgotten
    at = at.button(key="signout__0").click().run()
    assert_ok(at)
    [row] = device_rows(demo)
    assert row.ended_reason == "signed_out" and row.ended_at is not None


def test_a_session_ended_elsewhere_signs_this_tab_out_at_its_next_run(signed_in_person, demo):
    at = signed_in_person
    with Session(demo) as session:
        devices.end_all(session, beneficiary_id=person(demo, PERSON).id, reason="other_devices")
        session.commit()
    at.run()
    assert_ok(at)
    assert not has_actor(at)
    assert [e.value for e in at.title] == [t("signin.title")]
    assert at.info.values == [t("signout.ended")]


def test_a_kiosk_sign_in_gets_a_row_without_a_claim(demo):
    at = app()
    at.query_params["borne"] = "1"
    at = sign_in_person(click(at.run(), t("welcome.signin")), PERSON, DEMO_PERSON_CODE)
    assert has_actor(at)
    [row] = device_rows(demo)
    assert not row.persistent and row.claim_sha256 is None and row.id_sha256 is None


def test_my_devices_page_lists_the_professionals_own_devices_and_signs_one_out(demo):
    at = sign_in_professional(app().run(), REFERENT)
    assert has_actor(at)
    other = sign_in_professional(app().run(), REFERENT)  # the same account on another browser
    assert has_actor(other)
    request_page(at, "appareils")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("devices.title")]
    assert at.info.values.count(t("devices.current")) == 1
    [end_one] = [b for b in at.button if b.label == t("devices.end_one")]
    at = end_one.click().run()
    assert_ok(at)
    assert at.success.values == [t("devices.ended_one")]
    assert [b.label for b in at.button if b.label == t("devices.end_one")] == []
    other.run()
    assert not has_actor(other)
    assert has_actor(at)


def test_sign_out_clears_the_session(signed_in_person):
    at = signed_in_person
    assert generation(at) == 0
    at = at.button(key="signout__0").click().run()
    assert_ok(at)
    assert not has_actor(at)
    assert generation(at) == 1
    assert [e.value for e in at.title] == [t("signin.title")]
    assert at.info.values == [t("signout.done")]
    assert t("signout.done").startswith("Vous êtes déconnecté(e)")
    assert SIGNOUT not in [b.label for b in at.button]
    assert "signin_identifier__0" not in at.session_state
    assert "signin_code__0" not in at.session_state
    assert at.text_input(key="signin_identifier__1").value == ""
    assert at.text_input(key="signin_code__1").value == ""
    assert "last_activity" not in at.session_state
    # The message is said once; the next run is a plain sign-in page.
    at.run()
    assert not at.info
    # And a new sign-in works with the new generation of widgets.
    at = sign_in_person(at, PERSON, DEMO_PERSON_CODE)
    assert has_actor(at)
    assert at.button(key="signout__1").label == SIGNOUT


# --- 5. role navigation -------------------------------------------------------------------------


def test_accueil_gets_the_invitation_page(demo):
    at = as_professional(demo, ACCUEIL)
    assert_ok(at)
    assert at.session_state["actor"].roles == frozenset({"accueil"})
    assert [e.value for e in at.title] == ["Bonjour Lucas Petit"]
    assert page_links(at) == {t("nav.home"): "", t("nav.invite"): "inviter", t("nav.agenda"): "planning",
                              t("nav.slots"): "creneaux", t("nav.campaigns"): "campagnes",
                              t("nav.devices"): "appareils", t("nav.accessibility"): "accessibilite"}
    at = request_page(at, "inviter")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("invite.title")]


def test_coordinateur_has_no_invitation_page_even_by_url(demo):
    at = as_professional(demo, COORDINATOR)
    assert_ok(at)
    assert [e.value for e in at.title] == ["Bonjour Marc Fontaine"]
    assert t("nav.invite") not in page_links(at)
    with Session(demo) as session:
        people = len(session.exec(select(Beneficiary)).all())
        structures = len(session.exec(select(Organisation)).all())
    assert t("home.pro.territory", people=people, structures=structures) in shown(at)
    assert not [m for m in at.markdown if "<table" in m.value]  # counts only, no list of people
    at = request_page(at, "inviter")  # issue 15: said in French, never Streamlit's « Page not found »
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]
    assert at.error.values == [t("denied.page")]
    assert t("invite.title") not in shown(at)
    assert not DOSSIER_RE.search("\n".join(shown(at)))
    assert t("nav.invite") not in page_links(at)  # the address is registered, never offered


def test_person_has_no_invitation_page_even_by_url(demo):
    at = as_person(demo, PERSON)
    assert page_links(at) == {t("nav.home"): "", t("nav.roadmap"): "feuille-de-route",
                              t("nav.situation"): "diagnostic", t("nav.history"): "historique",
                              t("nav.services"): "aide-pres-de-chez-moi", t("nav.sharing"): "partages",
                              t("nav.consulted"): "consultations",
                              t("nav.export"): "mes-donnees", t("nav.booking"): "rendez-vous",
                              t("nav.devices"): "appareils", t("nav.accessibility"): "accessibilite",
                              t("home.person.appointment.open"): "rendez-vous",
                              t("home.person.roadmap.open"): "feuille-de-route"}
    at = request_page(at, "inviter")
    assert_ok(at)
    assert [e.value for e in at.title] == [t("denied.page.title")]
    assert at.error.values == [t("denied.page")]
    assert t("invite.title") not in shown(at)


def test_referent_sees_her_caseload_and_nobody_else(demo):
    claire = professional(demo, REFERENT)
    with Session(demo) as session:
        rows = session.exec(select(Beneficiary.dossier_number, Beneficiary.referent_id)).all()
    mine = {number for number, referent in rows if referent == claire.id}
    others = {number for number, referent in rows if referent != claire.id}
    assert mine and others
    at = as_professional(demo, REFERENT)
    assert_ok(at)
    assert [e.value for e in at.title] == ["Bonjour Claire Morel"]
    assert t("home.pro.caseload", count=len(mine)) in shown(at)
    tables = [m.value for m in at.markdown if "<table" in m.value]
    assert len(tables) == 1
    assert set(re.findall(r"<td>(D2026-\d{4})</td>", tables[0])) == mine
    screen = "\n".join(shown(at))
    assert set(DOSSIER_RE.findall(screen)) == mine
    assert not [number for number in others if number in screen]
    # A référent of CD-VV may invite, so the page is offered.
    assert t("nav.invite") in page_links(at)


def test_wrong_professional_password_is_refused(demo):
    at = sign_in_professional(app().run(), ACCUEIL, "not-the-password")
    assert_ok(at)
    assert not has_actor(at)
    assert at.error.values == [t("signin.failed.left", left=4, minutes=15)]
    assert at.text_input(key="signin_password__0").value == ""
    assert at.text_input(key="signin_email__0").value == ACCUEIL


# --- 6. invitation desk -------------------------------------------------------------------------


def _search(at: AppTest, number: str) -> AppTest:
    at.text_input(key=k(at, "invite_number")).input(number)
    return click(at, t("invite.search.submit"))


def test_invite_search_shows_the_person(demo):
    target = person(demo, "D2026-0035")
    at = _search(page("invite", pro_actor_from_engine(demo, ACCUEIL)).run(), " d2026-0035 ")
    assert_ok(at)
    assert t("invite.person", first_name=target.first_name, last_name=target.last_name,
             birth_date=formatting.date(target.birth_date)) in shown(at)
    assert not at.error
    assert [b.label for b in at.button if b.label == t("invite.issue")] == [t("invite.issue")]


def test_invite_unknown_number_is_reported_under_the_field(demo):
    at = _search(page("invite", pro_actor_from_engine(demo, ACCUEIL)).run(), "D2026-9999")
    assert_ok(at)
    assert field_errors(at) == {"_top": [t("error.summary", count=1)], "invite_number": [t("invite.not_found")]}
    assert t("invite.not_found") == "Aucun dossier accessible avec ce numéro."
    assert t("invite.issue") not in [b.label for b in at.button]


def test_referent_of_another_structure_cannot_find_the_person(demo):
    at = _search(page("invite", pro_actor_from_engine(demo, JULIE)).run(), PERSON)  # PERSON is followed by CD-VV
    assert_ok(at)
    assert field_errors(at).get("invite_number") == [t("invite.not_found")]
    followed = person(demo, PERSON)
    screen = "\n".join(shown(at))
    assert followed.last_name not in screen and formatting.date(followed.birth_date) not in screen
    assert t("invite.issue") not in [b.label for b in at.button]


def test_issuing_a_code_stores_only_its_hash_and_the_code_activates(demo):
    number = "D2026-0035"
    assert credential(demo, number) is None
    lucas = pro_actor_from_engine(demo, ACCUEIL)
    at = _search(page("invite", lucas).run(), number)
    at = click(at, t("invite.issue"))
    assert_ok(at)
    assert len(at.success) == 1
    match = re.fullmatch(r"Code d'activation : ([A-Z0-9]{4}-[A-Z0-9]{4})", at.success[0].value)
    assert match, at.success[0].value
    code = match.group(1)
    assert set(code.replace("-", "")) <= set(secrets.ACTIVATION_ALPHABET)
    stored = credential(demo, number)
    assert stored is not None and stored.activation_code_hash and stored.secret_hash is None
    assert code not in stored.activation_code_hash and code.replace("-", "") not in stored.activation_code_hash
    assert secrets.verify_secret(code.replace("-", ""), stored.activation_code_hash)[0]
    assert stored.activation_issued_by == lucas.id
    expires = clock.as_paris(stored.activation_expires_at)
    assert dt.timedelta(days=9) < expires - clock.as_paris(clock.now()) <= dt.timedelta(days=10)
    assert len(at.get("image")) == 1  # the QR code to the activation page
    # The code works once, through the app.
    target = person(demo, number)
    at = request_page(app(), "activation")
    at = _activate(at, identifier=number, activation_code=code.lower(),
                   birth_date=target.birth_date.strftime("%d/%m/%Y"))
    assert_ok(at)
    assert has_actor(at) and at.session_state["actor"].id == target.id


def test_invite_page_without_actor_is_denied(demo):
    at = page("invite").run()
    assert_ok(at)
    assert shown(at) == [DENIED]
    assert_no_personal_data(at, demo)


@pytest.mark.parametrize("who", [COORDINATOR, PERSON])
def test_invite_page_is_denied_to_coordinateur_and_person(demo, who):
    if who == PERSON:
        actor = actor_for_beneficiary(person(demo, PERSON))
    else:
        actor = pro_actor_from_engine(demo, who)
    at = page("invite", actor).run()
    assert_ok(at)
    assert shown(at) == [DENIED]


# --- 7. activation ------------------------------------------------------------------------------


def _activate(at: AppTest, *, identifier: str = INVITED, activation_code: str = INVITED_CODE,
              birth_date: str = INVITED_BIRTH, new_code: str = NEW_CODE, confirm: str | None = None) -> AppTest:
    fill(at, activate_identifier=identifier, activate_activation_code=activation_code,
         activate_birth_date=birth_date, activate_new_code=new_code,
         activate_confirm=new_code if confirm is None else confirm)
    return click(at, t("activate.submit"))


def _snapshot(engine, number: str) -> tuple:
    c = credential(engine, number)
    return (c.secret_hash, c.activation_code_hash, c.activation_expires_at, c.failed_attempts, c.locked_until,
            c.activated_at)


def test_activation_signs_the_person_in(demo):
    invited = person(demo, INVITED)
    assert credential(demo, INVITED).secret_hash is None
    at = _activate(request_page(app(), "activation"))
    assert_ok(at)
    assert has_actor(at) and at.session_state["actor"].id == invited.id
    assert [e.value for e in at.title] == [f"Bonjour {invited.first_name} {invited.last_name}"]
    assert at.info.values == [t("activate.done")]
    stored = credential(demo, INVITED)
    assert stored.secret_hash and stored.activation_code_hash is None and stored.activated_at is not None
    assert secrets.verify_secret(NEW_CODE, stored.secret_hash)[0]
    # The typed codes are not kept in the session.
    for field in ("new_code", "confirm", "activation_code"):
        key = f"activate_{field}__0"
        assert key not in at.session_state or not at.session_state[key]
    # Signed out, the new code signs in.
    at = at.button(key="signout__0").click().run()
    at = sign_in_person(at, INVITED, NEW_CODE)
    assert has_actor(at)


@pytest.mark.parametrize(
    ("inputs", "field", "message"),
    [
        ({"confirm": "572817"}, "activate_confirm", "error.code.mismatch"),
        ({"new_code": "123456"}, "activate_new_code", "error.code.too_simple"),
        ({"new_code": "05031990"}, "activate_new_code", "error.code.too_simple"),
        ({"new_code": "12ab56"}, "activate_new_code", "error.code.digits"),
        ({"birth_date": "5 mars 90"}, "activate_birth_date", "error.date.format"),
        ({"birth_date": "31/02/1990"}, "activate_birth_date", "error.date.format"),
        ({"birth_date": "05/03/2090"}, "activate_birth_date", "error.date.future"),
        ({"birth_date": "1990/03/05"}, "activate_birth_date", "error.date.format"),
        ({"activation_code": "VERT-23"}, "activate_activation_code", "error.activation.format"),
        ({"identifier": "  "}, "activate_identifier", "error.required"),
    ],
)
def test_activation_bad_input_is_reported_on_its_field_and_changes_nothing(demo, inputs, field, message):
    before = _snapshot(demo, INVITED)
    at = _activate(request_page(app(), "activation"), **inputs)
    assert_ok(at)
    assert not has_actor(at)
    assert [e.value for e in at.title] == [t("activate.title")]
    assert field_errors(at) == {"_top": [t("error.summary", count=1)], field: [t(message)]}
    assert _snapshot(demo, INVITED) == before
    # The personal code is never left in the form after a refusal; the rest stays for correction.
    assert at.text_input(key="activate_new_code__0").value == ""
    assert at.text_input(key="activate_confirm__0").value == ""
    expected_birth = inputs.get("birth_date", INVITED_BIRTH)
    assert at.text_input(key="activate_birth_date__0").value == expected_birth


def test_activation_with_the_wrong_birth_date_is_refused_as_a_whole(demo):
    at = _activate(request_page(app(), "activation"), birth_date="06/03/1990")
    assert_ok(at)
    assert not has_actor(at)
    assert field_errors(at) == {"_top": [t("activate.failed")]}
    stored = credential(demo, INVITED)
    assert stored.secret_hash is None and stored.activation_code_hash is not None
    assert stored.failed_attempts == 1


# --- 8. idle timeout ----------------------------------------------------------------------------


def test_idle_session_is_signed_out_on_the_next_run(signed_in_person):
    at = signed_in_person
    at.session_state["last_activity"] = time.time() - 10_000
    at.run()
    assert_ok(at)
    assert not has_actor(at)
    assert generation(at) == 1
    assert [e.value for e in at.title] == [t("signin.title")]
    assert at.info.values == [t("idle.signed_out")]
    assert t("idle.signed_out") == "Vous avez été déconnecté(e) après un temps sans activité."
    assert not DOSSIER_RE.search("\n".join(shown(at)))


def test_recent_activity_keeps_the_session(demo):
    at = as_person(demo, PERSON)
    at.session_state["last_activity"] = time.time() - 60
    at.run()
    assert_ok(at)
    assert has_actor(at)
    assert time.time() - at.session_state["last_activity"] < 30  # a full rerun counts as activity


# --- 9. pages rendered on their own -------------------------------------------------------------


@pytest.mark.parametrize("module", ["home", "invite"])
def test_page_render_without_actor_shows_only_the_denial(demo, module):
    at = page(module).run()
    assert_ok(at)
    assert shown(at) == [DENIED]
    assert at.error.values == [DENIED]
    assert not at.text_input and not at.button
    assert_no_personal_data(at, demo)


@pytest.mark.parametrize("module", ["home", "invite"])
def test_page_render_with_a_forged_actor_value_is_denied(demo, module):
    """Only a real Actor counts: a string or dict put in the session is not a signed-in user."""
    at = AppTest.from_string(f"from pages.{module} import render\nrender()\n", default_timeout=TIMEOUT)
    at.session_state["actor"] = {"kind": "professional", "id": 1, "roles": ["admin"]}
    at.run()
    assert_ok(at)
    assert shown(at) == [DENIED]


# --- page-scoped state ---------------------------------------------------------------------------


def test_switching_who_signs_in_keeps_the_error_summary_truthful(demo):
    at = click(app().run(), t("signin.submit"))
    at.radio(key="signin_who__0").set_value(t("signin.pro")).run()
    assert_ok(at)
    flagged = [message for field, found in field_errors(at).items() if field != "_top" for message in found]
    summaries = [m for m in at.error.values if m.startswith("Le formulaire contient")]
    assert summaries == ([t("error.summary", count=len(flagged))] if flagged else [])


def test_form_errors_are_forgotten_when_leaving_the_page(demo):
    at = click(app().run(), t("signin.submit"))
    assert field_errors(at)
    at = request_page(at, "activation")
    at = request_page(at, "connexion")
    assert_ok(at)
    assert not at.error


def test_an_activation_code_is_shown_once_and_not_after_leaving_the_page(demo):
    at = request_page(as_professional(demo, ACCUEIL), "inviter")
    at.text_input(key=k(at, "invite_number")).input("D2026-0035")
    at = click(at, t("invite.search.submit"))
    at = click(at, t("invite.issue"))
    assert any(text.startswith("Code d'activation : ") for text in shown(at))
    at = request_page(at, "accueil")
    at = request_page(at, "inviter")
    assert_ok(at)
    assert not any(text.startswith("Code d'activation : ") for text in shown(at))
    target = person(demo, "D2026-0035")
    assert target.last_name not in " ".join(shown(at))


def test_no_page_address_is_also_a_module_name_in_pages():
    """Streamlit also serves pages/<module>.py at /<module> (legacy multipage): an st.Page url_path equal
    to a module name is shadowed by the module itself and renders nothing (ENGINEERING.md)."""
    app = Path(APP)
    url_paths = set(re.findall(r'url_path="([^"]+)"', app.read_text()))
    modules = {module.stem for module in (app.parent / "pages").glob("*.py")}
    assert url_paths and not url_paths & modules, url_paths & modules
