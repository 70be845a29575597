"""Kiosk, hand-off to the phone and "avec la personne", through the real app.py (AppTest): the kiosk's
welcome screen and its "book my appointment" path, sign-out back to the welcome screen with nothing
kept, the QR hand-off filling in the identifier once, and a référent's screen turned towards the person
(person wording, sharing choices only with the person's own code, recorded in their presence)."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import zxingcpp
from PIL import Image
from sqlmodel import Session, select

from dossier.accounts import handoff
from dossier.labels import t
from dossier.policy import Category
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import Consent, HandoffToken
from tests.support.apptest import (
    app,
    as_person,
    as_professional,
    assert_no_personal_data,
    assert_ok,
    choose,
    click,
    errors_after,
    has_actor,
    k,
    page_links,
    request_page,
    served,
    shown,
    sign_in_person,
    tap,
    toggle_key,
    walk,
)
from tests.support.domain import ACCUEIL, COORDINATOR, PERSON, REFERENT, consents, me, organisation, person


def kiosk():
    at = app()
    at.query_params["borne"] = "1"
    return at.run()


def titles(at) -> list[str]:
    return [e.value for e in at.title]


# --- the kiosk ------------------------------------------------------------------------------------


def test_the_kiosk_opens_on_a_welcome_screen_with_three_large_choices(demo):
    at = kiosk()
    assert_ok(at)
    assert titles(at) == [t("welcome.title")]
    assert [b.label for b in at.button] == [t("welcome.book"), t("welcome.signin"), t("welcome.activate")]
    assert_no_personal_data(at, demo)


def test_book_my_appointment_asks_to_sign_in_then_opens_the_booking_page(demo):
    at = click(kiosk(), t("welcome.book"))
    assert_ok(at)
    assert titles(at) == [t("signin.title")]
    assert t("signin.then_booking") in at.info.values
    assert at.text_input(key=k(at, "signin_identifier")).proto.autocomplete == "off"  # no "remember me"
    at = sign_in_person(at, PERSON, DEMO_PERSON_CODE)
    assert_ok(at)
    assert titles(at) == [t("booking.title")]


def test_activate_from_the_welcome_screen(demo):
    at = click(kiosk(), t("welcome.activate"))
    assert_ok(at)
    assert titles(at) == [t("activate.title")]


def test_sign_out_on_the_kiosk_wipes_the_session_and_returns_to_welcome(demo):
    at = click(kiosk(), t("welcome.signin"))
    at = sign_in_person(at, PERSON, DEMO_PERSON_CODE)
    assert has_actor(at)
    at = click(at, t("nav.signout"))
    assert_ok(at)
    assert titles(at) == [t("welcome.title")]
    assert not has_actor(at)
    kept = at.session_state._state.filtered_state  # AppTest has no public way to list every key
    assert "actor" not in kept and "last_activity" not in kept
    assert not [key for key, value in kept.items() if PERSON in str(value) or DEMO_PERSON_CODE in str(value)]
    assert_no_personal_data(at, demo)
    at = click(at, t("welcome.signin"))  # the next person finds empty fields
    assert at.text_input(key=k(at, "signin_identifier")).value == ""
    assert at.text_input(key=k(at, "signin_code")).value == ""


def test_the_phone_link_is_offered_on_the_kiosk_only(demo, served_files):
    at = as_person(demo, PERSON)
    assert t("handoff.show") not in [b.label for b in at.button]
    at = as_person(demo, PERSON, kiosk=True)
    at = click(at, t("handoff.show"))
    assert_ok(at)
    [image] = [node for node in walk(at.main) if getattr(node, "type", "") == "image"]
    assert image.proto.imgs[0].caption == t("handoff.qr")
    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(served(served_files, image.proto.imgs[0].url))))
    assert t("handoff.steps", minutes=5) in shown(at)
    with Session(demo) as session:
        [row] = session.exec(select(HandoffToken)).all()
        assert row.beneficiary_id == person(demo, PERSON).id and row.used_at is None
    token = parse_qs(urlparse(decoded.text).query)[handoff.QUERY_KEY][0]
    with session_scope(demo) as session:
        assert handoff.redeem(session, token) == PERSON  # the code on screen is the phone's way in
    at = click(at, t("handoff.done"))
    assert titles(at) == [t("welcome.title")] and not has_actor(at)


# --- the phone opening the link -------------------------------------------------------------------


def phone_with(token: str):
    at = app()
    at.query_params[handoff.QUERY_KEY] = token
    return at.run()


def test_the_link_fills_in_the_identifier_once_and_leaves_the_address(demo):
    with session_scope(demo) as session:
        token = handoff.issue(session, me(session, PERSON))
    at = phone_with(token)
    assert_ok(at)
    assert titles(at) == [t("signin.title")]
    assert at.text_input(key=k(at, "signin_identifier")).value == PERSON
    assert at.text_input(key=k(at, "signin_code")).value == ""  # the code is still asked
    assert t("handoff.welcome") in at.info.values
    assert handoff.QUERY_KEY not in at.query_params
    assert not has_actor(at)
    at = sign_in_person(at, PERSON, DEMO_PERSON_CODE)
    assert has_actor(at)

    again = phone_with(token)  # the same link, a second time
    assert_ok(again)
    assert again.text_input(key=k(again, "signin_identifier")).value == ""
    assert t("handoff.refused", minutes=5) in again.info.values
    assert_no_personal_data(again, demo)


# --- "avec la personne" ---------------------------------------------------------------------------


def test_who_sees_the_avec_la_personne_switch(demo):
    for email, expected in ((REFERENT, True), (ACCUEIL, True), (COORDINATOR, False)):
        at = as_professional(demo, email)
        assert bool([w for w in at.toggle if w.key == "with_person_switch"]) is expected, email
    at = as_person(demo, PERSON)
    assert not [w for w in at.toggle if w.key == "with_person_switch"]


def with_person_on(engine, email: str = REFERENT):
    at = as_professional(engine, email)
    assert t("nav.roadmap.pro") in page_links(at) and t("nav.sharing") not in page_links(at)
    at = at.toggle(key="with_person_switch").set_value(True).run()
    assert_ok(at)
    return at


def test_the_screen_turned_to_the_person_speaks_to_them(demo):
    at = with_person_on(demo)
    links = page_links(at)
    assert t("nav.roadmap") in links and t("nav.roadmap.pro") not in links
    assert t("nav.sharing") in links
    assert t("with_person.banner") in at.info.values
    at = choose(request_page(at, "feuille-de-route"), person(demo, PERSON).id)
    assert titles(at) == [t("roadmap.title")]
    at = at.toggle(key="with_person_switch").set_value(False).run()
    assert titles(at) == [t("roadmap.title.pro")]
    assert t("nav.sharing") not in page_links(at)


def test_sharing_beside_the_referent_needs_the_persons_code(demo):
    ft = organisation(demo, "FT-VV")
    at = choose(request_page(with_person_on(demo), "partages"), person(demo, PERSON).id)
    assert_ok(at)
    assert titles(at) == [t("sharing.title")]
    assert not [w for w in at.toggle if w.key != "with_person_switch"]  # nothing before the code
    code_key = k(at, "page:sharing_presence_person_code")
    at.text_input(key=code_key).input("000000")
    at = click(at, t("sharing.presence.open"))
    assert_ok(at)
    assert errors_after(at, code_key) == [t("error.validation.person_code")]
    assert at.text_input(key=code_key).value == ""
    assert not [w for w in at.toggle if w.key != "with_person_switch"]

    at.text_input(key=code_key).input(DEMO_PERSON_CODE)
    at = click(at, t("sharing.presence.open"))
    assert_ok(at)
    assert at.toggle(key=toggle_key(ft, Category.ROADMAP)).value is True
    [given] = consents(demo, PERSON, Category.ROADMAP, ft)
    at = tap(at, toggle_key(ft, Category.ROADMAP), False)
    assert at.toggle(key=toggle_key(ft, Category.ROADMAP)).value is False
    at = tap(at, toggle_key(ft, Category.ROADMAP), True)
    with Session(demo) as session:
        newest = session.exec(select(Consent).where(Consent.supersedes_id.is_(None), Consent.id != given.id,
                                                    Consent.category == Category.ROADMAP.value)
                              .order_by(Consent.id.desc())).first()
    assert (newest.channel, newest.captured_by_kind) == ("en_presence", "professional")


def test_leaving_the_sharing_page_forgets_the_persons_code(demo):
    at = choose(request_page(with_person_on(demo), "partages"), person(demo, PERSON).id)
    code_key = k(at, "page:sharing_presence_person_code")
    at.text_input(key=code_key).input(DEMO_PERSON_CODE)
    at = click(at, t("sharing.presence.open"))
    at = request_page(at, "accueil")
    assert code_key not in at.session_state
    at = request_page(at, "partages")
    assert not [w for w in at.toggle if w.key != "with_person_switch"]


def test_no_calendar_widget_on_the_persons_pages(demo):
    """st.date_input is tiny and English on phones: the person's pages offer simple choices instead."""
    at = as_person(demo, PERSON)
    for url_path in sorted(set(page_links(at).values())):
        at = request_page(at, url_path)
        assert_ok(at)
        assert not at.date_input, url_path
        assert not at.get("date_input"), url_path
