"""ProConnect on the pages, through AppTest: the button only on the professional side, only when the
provider is configured, never on a kiosk; the refusal a route came back with, in French, on the
professional side, its code out of the address; the administration's ProConnect tab (SIRET, the password
switch refused while ProConnect is not configured, a waiting request accepted)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dossier import accounts
from dossier.labels import t
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import Organisation, ProConnectIdentity
from tests.support.apptest import app, assert_ok, click, page, shown, walk
from tests.support.domain import ADMIN, JULIE, pro_actor, pro_actor_from_engine
from tests.support.proconnect import CLIENT_ID, CLIENT_SECRET, SIRET_CD

START = "/proconnect/connexion"


@pytest.fixture
def configured(monkeypatch):
    """Settings naming a provider (nothing is fetched before the button is pressed)."""
    monkeypatch.setenv("DOSSIER_PROCONNECT_METADATA_URL", "http://localhost:9/.well-known/openid-configuration")
    monkeypatch.setenv("DOSSIER_PROCONNECT_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("DOSSIER_PROCONNECT_CLIENT_SECRET", CLIENT_SECRET)
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def html_of(at) -> str:
    return "".join(node.proto.body for node in walk(at.main) if getattr(node, "type", "") == "html")


def professional_side(at):
    at.radio[0].set_value(t("signin.pro")).run()
    return at


def test_the_button_is_on_the_professional_side_only_when_configured(demo, configured):
    at = app().run()
    assert START not in html_of(at)  # the person's side
    professional_side(at)
    assert_ok(at)
    assert f'href="{START}"' in html_of(at) and t("proconnect.button") in html_of(at)
    assert t("signin.email") in shown(at)  # the password stays, as the fallback


def test_no_button_without_the_settings(demo):
    assert not get_settings().proconnect_configured
    at = professional_side(app().run())
    assert START not in html_of(at)


def test_no_professional_sign_in_at_all_on_a_kiosk(demo, configured):
    """A kiosk is the people's: neither ProConnect (its identity cookie outlives a kiosk session) nor the
    password of a professional is offered there."""
    at = app()
    at.query_params["borne"] = "1"
    at = click(at.run(), t("welcome.signin"))
    assert_ok(at)
    assert t("signin.pro") not in [option for radio in at.radio for option in radio.options]
    assert t("signin.email") not in shown(at) and t("signin.identifier") in shown(at)
    assert START not in html_of(at)


def test_the_refusal_of_the_route_is_said_in_french_on_the_professional_side(demo, configured):
    at = app()
    at.query_params["proconnect"] = "inconnu"
    at.run()
    assert_ok(at)
    assert t("proconnect.refused.inconnu") in [e.value for e in at.error]
    assert at.radio[0].value == t("signin.pro")
    assert "proconnect" not in at.query_params  # the code leaves the address at once
    at.run()  # still said on the next run of the page
    assert t("proconnect.refused.inconnu") in [e.value for e in at.error]


def test_an_unknown_code_in_the_address_says_nothing(demo):
    at = app()
    at.query_params["proconnect"] = "<script>"
    at.run()
    assert_ok(at)
    assert not at.error


def admin_tab(engine):
    at = page("admin", pro_actor_from_engine(engine, ADMIN))
    return at.run()


def test_administration_sets_a_siret_and_refuses_closing_passwords_without_proconnect(demo):
    at = admin_tab(demo)
    at.selectbox(key="admin_sign_in_organisation__0").set_value("CD-VV")
    at.text_input(key="admin_sign_in_siret__0").input("130 025 265 00013")
    at.checkbox(key="admin_sign_in_password_sign_in__0").uncheck()
    at.button(key="admin_sign_in_save__0").click().run()
    assert t("proconnect.password_off.unavailable") in shown(at)
    with Session(demo) as session:
        assert session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one().siret is None
    at.text_input(key="admin_sign_in_siret__0").input("130 025 265 00013")
    at.checkbox(key="admin_sign_in_password_sign_in__0").check()
    at.button(key="admin_sign_in_save__0").click().run()
    assert_ok(at)
    with Session(demo) as session:
        org = session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one()
        assert (org.siret, org.password_sign_in) == (SIRET_CD, True)


def test_administration_closes_passwords_when_proconnect_is_configured(demo, configured):
    at = admin_tab(demo)
    at.selectbox(key="admin_sign_in_organisation__0").set_value("FT-VV")
    at.checkbox(key="admin_sign_in_password_sign_in__0").uncheck()
    at.button(key="admin_sign_in_save__0").click().run()
    assert_ok(at)
    with Session(demo) as session:
        assert not session.exec(select(Organisation).where(Organisation.code == "FT-VV")).one().password_sign_in


def test_administration_accepts_a_waiting_request(demo):
    with session_scope(demo) as session, pytest.raises(accounts.ProConnectRefused):
        accounts.sign_in_with_proconnect(session, accounts.ProConnectUser(sub="pc-x", email="x@ailleurs.gouv.fr",
                                                                          usual_name="Xavier"))
    at = admin_tab(demo)
    assert "Xavier" in " ".join(shown(at))
    with Session(demo) as session:
        julie = pro_actor(session, JULIE).id
    [account] = [s for s in at.selectbox if s.label == t("admin.proconnect.account")]
    account.set_value(julie)
    [accept] = [b for b in at.button if b.label == t("admin.proconnect.accept")]
    accept.click().run()
    assert_ok(at)
    assert t("admin.proconnect.accepted") in shown(at) and t("admin.proconnect.none") in shown(at)
    with Session(demo) as session:
        assert session.exec(select(ProConnectIdentity)).one().professional_id == julie
