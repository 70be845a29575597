"""ProConnect in Debian Chromium, against a real local OpenID Connect provider (oidc-provider-mock) and a
Streamlit server started with the ProConnect settings pointing at it: the button → the provider's form
(the professional types their `sub`) → back signed in as the linked account, still signed in after a
reload, signed out through the provider's end-session; the first link by e-mail + SIRET; an unknown
identity refused in French and waiting in administration (accepted, it signs in); a deactivated account
refused; a forged state refused; no button on a kiosk; password sign-in switched off for a structure."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from dossier import people
from dossier.labels import t
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import DeviceSession, ProConnectIdentity, ProConnectRequest
from tests.support.browser import (
    checked,
    choose_in_combobox,
    choose_professional,
    click_and_wait,
    heading,
    nav,
    new_phone,
    open_page,
    sign_in_professional,
    streamlit_server,
    wait_idle,
)
from tests.support.domain import ADMIN, CLAIRE, JULIE, pro_actor
from tests.support.proconnect import SIRET_CD, SIRET_FT, running_provider

pytestmark = pytest.mark.slow  # a server of its own, with the provider's settings


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@contextmanager
def configured_here(provider):
    """This process's settings pointing at the provider, for one service call (closing passwords needs
    ProConnect configured); never left in the environment, which the suite's shared server inherits."""
    saved = {name: os.environ.get(name) for name in provider.settings()}
    os.environ.update(provider.settings())
    get_settings.cache_clear()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def pc_server(provider):
    with streamlit_server(settings=provider.settings()) as running:
        yield running


@pytest.fixture
def page(browser):
    page = new_phone(browser)
    page.route(re.compile(r"^https://cdn\.jsdelivr\.net/.*"), lambda route: route.abort())  # the mock's CSS
    yield page
    page.context.close()


def give_siret(engine, code: str, siret: str) -> None:
    with session_scope(engine) as session:
        people.set_organisation_sign_in(session, pro_actor(session, ADMIN), code, siret=siret, password_sign_in=True)


def proconnect_button(page):
    return page.get_by_role("link", name=t("proconnect.button"), exact=True)


def through_proconnect(page, url: str, sub: str) -> None:
    """Sign-in page → professional → « Me connecter avec ProConnect » → the provider's form → back."""
    open_page(page, url + "/")
    choose_professional(page)
    proconnect_button(page).click()
    page.wait_for_selector("input[name='sub']", timeout=20_000)
    page.fill("input[name='sub']", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url) + r"/.*"), timeout=20_000)
    page.wait_for_selector("[data-testid='stApp']", timeout=20_000)
    wait_idle(page)
    page.wait_for_selector("h1", timeout=20_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)  # every address we land on is ours


def test_button_provider_and_back_signed_in_as_the_linked_account(demo, provider, pc_server, page):
    give_siret(demo, "CD-VV", SIRET_CD)
    provider.set_user("pc-claire", email="Claire.Morel@cd-vv.demo", usual_name="Morel", siret=SIRET_CD)
    open_page(page, pc_server.url + "/")
    choose_professional(page)
    assert checked(page, "sign-in with ProConnect") == []
    proconnect_button(page).click()
    page.wait_for_selector("input[name='sub']", timeout=20_000)  # at the provider's form
    [flow] = [c for c in page.context.cookies(pc_server.url + "/proconnect/retour")
              if c["name"] == "dossier_proconnect"]
    assert (flow["httpOnly"], flow["sameSite"], flow["path"]) == (True, "Lax", "/proconnect")
    through_proconnect(page, pc_server.url, "pc-claire")
    expect(page.get_by_text("Claire Morel").first).to_be_visible()
    assert "proconnect" not in page.url and "code=" not in page.url
    assert checked(page, "home after ProConnect") == []  # the header's « Me déconnecter » link too
    with Session(demo) as session:
        link = session.exec(select(ProConnectIdentity)).one()
        assert link.subject == "pc-claire" and link.professional_id == pro_actor(session, CLAIRE).id
        row = session.exec(select(DeviceSession).where(DeviceSession.ended_at.is_(None))).one()
        assert row.professional_id == link.professional_id and row.proconnect_id_token
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["dossier_session"]["httpOnly"] and cookies["dossier_session"]["sameSite"] == "Strict"
    assert "dossier_proconnect" not in cookies  # the flow's cookie served once
    page.reload(wait_until="domcontentloaded")  # the app resumes from the cookie
    wait_idle(page)
    expect(page.get_by_text("Claire Morel").first).to_be_visible()
    # sign-out: out of the app, then the provider's end-session, then back to the sign-in page
    page.get_by_role("link", name=t("proconnect.signout"), exact=True).click()
    page.wait_for_selector("form[action*='end_session']", timeout=20_000)
    assert "id_token_hint" in page.content()
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(pc_server.url) + r"/(\?.*)?$"), timeout=20_000)
    wait_idle(page)
    expect(heading(page, t("signin.title"))).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    with Session(demo) as session:
        row = session.get(DeviceSession, row.id)
        assert row.ended_at is not None and row.proconnect_id_token is None
    page.reload(wait_until="domcontentloaded")
    wait_idle(page)
    expect(heading(page, t("signin.title"))).to_be_visible()


def test_an_unknown_identity_is_refused_then_accepted_by_the_administrator(demo, provider, pc_server, page):
    provider.set_user("pc-inconnue", email="alice.martin@ailleurs.gouv.fr", usual_name="Martin", siret=SIRET_FT)
    through_proconnect(page, pc_server.url, "pc-inconnue")
    expect(page.get_by_text(t("proconnect.refused.inconnu"))).to_be_visible()
    assert "Martin" not in page.url and "alice" not in page.url and "proconnect=" not in page.url
    expect(page.get_by_text("Claire Morel")).to_have_count(0)
    with Session(demo) as session:
        request = session.exec(select(ProConnectRequest)).one()
        assert (request.email, request.status) == ("alice.martin@ailleurs.gouv.fr", "ouverte")
    # the administrator finds it in administration and links it to Julie Roux's account
    admin = new_phone(page.context.browser)
    try:
        sign_in_professional(admin, pc_server.url, ADMIN, "demo-insertion-2026")
        nav(admin, "nav.admin")
        click_and_wait(admin, admin.get_by_role("tab", name=t("admin.tab.proconnect")))
        expect(admin.get_by_text("ailleurs.gouv.fr — SIRET 13000548100010", exact=False)).to_be_visible()
        combobox = admin.get_by_role("combobox", name=t("admin.proconnect.account"))
        choose_in_combobox(admin, combobox, "Julie", f"Julie Roux — {JULIE}")
        click_and_wait(admin, admin.get_by_role("button", name=t("admin.proconnect.accept")))
        expect(admin.get_by_text(t("admin.proconnect.accepted"))).to_be_visible()
    finally:
        admin.context.close()
    through_proconnect(page, pc_server.url, "pc-inconnue")
    expect(page.get_by_text("Julie Roux").first).to_be_visible()


def test_a_deactivated_account_is_refused_even_when_linked(demo, provider, pc_server, page):
    give_siret(demo, "CD-VV", SIRET_CD)
    provider.set_user("pc-claire", email=CLAIRE, siret=SIRET_CD)
    with session_scope(demo) as session:
        people.set_active(session, pro_actor(session, ADMIN), pro_actor(session, CLAIRE).id, False)
    through_proconnect(page, pc_server.url, "pc-claire")
    expect(page.get_by_text(t("proconnect.refused.desactive"))).to_be_visible()
    with Session(demo) as session:
        assert session.exec(select(DeviceSession)).all() == []


def test_a_forged_state_on_the_return_address_is_refused(demo, pc_server, page):
    open_page(page, pc_server.url + "/proconnect/retour?state=forge&code=abc")
    expect(page.get_by_text(t("proconnect.refused.etat"))).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "proconnect=" not in page.url
    expect(proconnect_button(page)).to_be_visible()  # the professional side, with the button to try again
    with Session(demo) as session:
        assert session.exec(select(DeviceSession)).all() == []


def test_a_kiosk_shows_no_proconnect_button(demo, pc_server, page):
    open_page(page, pc_server.url + "/?borne=1")
    click_and_wait(page, page.get_by_role("button", name=t("welcome.signin")))
    expect(page.get_by_label(t("signin.identifier"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("signin.pro"), exact=True)).to_have_count(0)  # no professional side at all
    expect(proconnect_button(page)).to_have_count(0)


def test_password_sign_in_switched_off_for_a_structure_is_refused(demo, provider, pc_server, page):
    with configured_here(provider), session_scope(demo) as session:
        people.set_organisation_sign_in(session, pro_actor(session, ADMIN), "FT-VV", siret=SIRET_FT,
                                        password_sign_in=False)
    sign_in_professional(page, pc_server.url, JULIE, "demo-insertion-2026")
    expect(page.get_by_text(t("proconnect.password_off"))).to_be_visible()
    expect(page.get_by_text("Julie Roux")).to_have_count(0)
    sign_in_professional(page, pc_server.url, CLAIRE, "demo-insertion-2026")  # another structure: as before
    expect(page.get_by_text("Claire Morel").first).to_be_visible()


def test_without_the_settings_there_is_no_button_and_the_route_says_so(demo, server, page):
    """The suite's shared server has no ProConnect settings."""
    open_page(page, server.url + "/")
    choose_professional(page)
    expect(proconnect_button(page)).to_have_count(0)
    open_page(page, server.url + "/proconnect/connexion")
    expect(page.get_by_text(t("proconnect.refused.indisponible"))).to_be_visible()
    assert page.url.rstrip("/") == server.url


def test_a_link_s_page_opened_signed_out_is_where_proconnect_lands(demo, provider, pc_server, page):
    """« Links land where they point »: /planning opened signed out, ProConnect, then /planning."""
    give_siret(demo, "CD-VV", SIRET_CD)
    provider.set_user("pc-lucas", email="lucas.petit@cd-vv.demo", siret=SIRET_CD)
    open_page(page, pc_server.url + "/planning")
    choose_professional(page)
    proconnect_button(page).click()
    page.wait_for_selector("input[name='sub']", timeout=20_000)
    page.fill("input[name='sub']", "pc-lucas")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(pc_server.url) + r"/planning$"), timeout=20_000)
    wait_idle(page)
    expect(heading(page, t("agenda.title"))).to_be_visible()
