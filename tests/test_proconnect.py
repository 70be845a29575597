"""ProConnect without a browser (dossier/accounts/_proconnect.py), against a real local OpenID Connect
provider: the flow's state, nonce and PKCE; the ID token and userinfo checks; which account an identity
signs in to (by `sub` once linked, the first time by e-mail + the structure's SIRET); unknown identities
recorded for the administrator, who accepts or refuses; deactivated accounts refused; the password
sign-in switched off per structure; and the same account named in every record whichever way the
professional signed in. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from sqlmodel import Session, select

from dossier import accounts, people, roadmap
from dossier.access import open_person
from dossier.accounts import _proconnect as proconnect
from dossier.accounts import devices
from dossier.errors import FieldErrors, PermissionDenied
from dossier.policy import Category
from dossier.settings import get_settings
from storage.engine import session_scope
from storage.models import AccessLog, DeviceSession, ProConnectIdentity, ProConnectRequest, Professional, RoadmapEvent
from tests.support.domain import ADMIN, CLAIRE, DAVID, JULIE, person_id, pro_actor
from tests.support.proconnect import CLIENT_ID, SIRET_CD, SIRET_FT, Provider, running_provider

PASSWORD = "demo-insertion-2026"
BASE = "http://127.0.0.1:8501"


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@pytest.fixture
def configured(provider: Provider, monkeypatch):
    """The app's settings pointing at the local provider (and nothing cached from another one)."""
    for name, value in provider.settings().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    proconnect.forget_provider_cache()
    yield provider
    monkeypatch.undo()
    get_settings.cache_clear()


def give_siret(engine, code: str, siret: str, *, password_sign_in: bool = True) -> None:
    with session_scope(engine) as session:
        people.set_organisation_sign_in(session, pro_actor(session, ADMIN), code, siret=siret,
                                        password_sign_in=password_sign_in)


def through_provider(provider: Provider, sub: str) -> accounts.ProConnectCompleted:
    """Button → provider's form (the professional types their `sub`) → back: what `complete` gives."""
    started = proconnect.start(get_settings(), BASE)
    returned = provider.authorize(started.url, sub)
    return proconnect.complete(get_settings(), started.cookie, returned)


def sign_in(engine, identity: accounts.ProConnectUser):
    with session_scope(engine) as session:
        return accounts.sign_in_with_proconnect(session, identity)


def refused_code(engine, identity: accounts.ProConnectUser) -> str:
    with pytest.raises(accounts.ProConnectRefused) as refused:
        sign_in(engine, identity)
    return refused.value.code


def claire(sub: str = "pc-claire", **more) -> accounts.ProConnectUser:
    return accounts.ProConnectUser(sub=sub, email=more.pop("email", "claire.morel@cd-vv.demo"),
                                   given_name=more.pop("given_name", "Claire"), usual_name="Morel",
                                   siret=more.pop("siret", SIRET_CD), **more)


# --- the flow against the provider ---------------------------------------------------------------


def test_the_authorization_request_carries_state_nonce_and_an_s256_challenge(configured):
    started = proconnect.start(get_settings(), BASE)
    query = dict(p.split("=", 1) for p in started.url.split("?", 1)[1].split("&"))
    flow = proconnect.read_flow(started.cookie)
    assert query["state"] == flow["state"] and query["nonce"] == flow["nonce"]
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert flow["verifier"] not in started.url  # the verifier never leaves the server's cookie
    assert query["client_id"] == CLIENT_ID and "siret" in query["scope"] and "usual_name" in query["scope"]
    assert flow["redirect"] == f"{BASE}/proconnect/retour"


def test_back_from_the_provider_gives_the_verified_identity_from_userinfo(configured):
    configured.set_user("pc-claire", email="Claire.Morel@cd-vv.demo", given_name="Claire", usual_name="Morel",
                        siret="130 025 265 00013")
    completed = through_provider(configured, "pc-claire")
    # (the mock hands `given_name` out with the standard `profile` scope only; ProConnect has its own scope)
    assert completed.identity == claire(email="claire.morel@cd-vv.demo", given_name="")
    assert completed.id_token.count(".") == 2


def test_a_tampered_or_missing_state_or_flow_cookie_is_refused(configured):
    configured.set_user("pc-claire", email=CLAIRE, siret=SIRET_CD)
    started = proconnect.start(get_settings(), BASE)
    returned = configured.authorize(started.url, "pc-claire")
    for cookie, query in ((started.cookie, {**returned, "state": returned["state"][:-1] + "x"}),
                          (started.cookie, {k: v for k, v in returned.items() if k != "state"}),
                          (None, returned),
                          (started.cookie[:-2] + "xx", returned),  # its signature
                          (proconnect.sign_flow(proconnect.read_flow(started.cookie), now=time.time() - 3600),
                           returned)):  # expired
        with pytest.raises(accounts.ProConnectRefused) as refused:
            proconnect.complete(get_settings(), cookie, query)
        assert refused.value.code == "etat"


def test_an_id_token_with_another_nonce_is_refused(configured):
    """The provider signs the nonce it was sent; a flow cookie expecting another nonce refuses it."""
    configured.set_user("pc-claire", email=CLAIRE, siret=SIRET_CD)
    started = proconnect.start(get_settings(), BASE)
    returned = configured.authorize(started.url, "pc-claire")
    forged = proconnect.sign_flow({**proconnect.read_flow(started.cookie), "nonce": "un-autre-nonce"})
    with pytest.raises(accounts.ProConnectRefused) as refused:
        proconnect.complete(get_settings(), forged, returned)
    assert refused.value.code == "jeton"


def test_a_code_used_twice_or_a_provider_error_is_refused(configured):
    configured.set_user("pc-claire", email=CLAIRE, siret=SIRET_CD)
    started = proconnect.start(get_settings(), BASE)
    returned = configured.authorize(started.url, "pc-claire")
    proconnect.complete(get_settings(), started.cookie, returned)
    with pytest.raises(accounts.ProConnectRefused) as refused:
        proconnect.complete(get_settings(), started.cookie, returned)
    assert refused.value.code == "fournisseur"
    state = proconnect.read_flow(started.cookie)["state"]
    with pytest.raises(accounts.ProConnectRefused) as refused:
        proconnect.complete(get_settings(), started.cookie, {"state": state, "error": "access_denied"})
    assert refused.value.code == "annule"


def test_not_configured_or_a_kiosk_deployment_never_starts(configured, monkeypatch):
    monkeypatch.setenv("DOSSIER_KIOSK", "true")
    get_settings.cache_clear()
    with pytest.raises(accounts.ProConnectRefused) as refused:
        proconnect.start(get_settings(), BASE)
    assert refused.value.code == "indisponible"
    monkeypatch.delenv("DOSSIER_KIOSK")
    monkeypatch.setenv("DOSSIER_PROCONNECT_CLIENT_SECRET", "")
    get_settings.cache_clear()
    assert not get_settings().proconnect_configured
    with pytest.raises(accounts.ProConnectRefused):
        proconnect.start(get_settings(), BASE)


def test_the_page_asked_for_comes_back_with_the_identity_and_nothing_else(configured):
    configured.set_user("pc-claire", email=CLAIRE, siret=SIRET_CD)
    for then, expected in (("planning", "planning"), ("//ailleurs.example", ""), ("https://x.example", ""),
                           ("a" * 41, ""), (None, "")):
        started = proconnect.start(get_settings(), BASE, then)
        returned = configured.authorize(started.url, "pc-claire")
        assert proconnect.complete(get_settings(), started.cookie, returned).next_path == expected


def test_end_session_address_names_the_token_and_where_to_come_back(configured):
    url = proconnect.end_session_url(get_settings(), "le.jeton.id", BASE)
    assert url.startswith(f"{configured.url}/oauth2/end_session?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["id_token_hint"] == "le.jeton.id" and len(query["state"]) > 16
    assert query["post_logout_redirect_uri"] == f"{BASE}/"  # the sign-in page
    assert proconnect.end_session_url(get_settings(), None, BASE) is None


# --- the checks of a signed token, with a key of our own -----------------------------------------

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
KEYS = KeySet([KEY])
ISSUER = "https://proconnect.example"


def signed(claims: dict, key=KEY) -> str:
    now = int(time.time())
    return jwt.encode({"alg": "RS256", "kid": "k1"},
                      {"iss": ISSUER, "aud": CLIENT_ID, "sub": "pc-1", "iat": now, "exp": now + 60, **claims}, key)


@pytest.mark.parametrize("claims, key", [
    ({"nonce": "autre"}, KEY),
    ({"nonce": "n", "aud": "un-autre-client"}, KEY),
    ({"nonce": "n", "iss": "https://ailleurs.example"}, KEY),
    ({"nonce": "n", "exp": int(time.time()) - 3600}, KEY),
    ({"nonce": "n"}, OTHER_KEY),  # not the provider's signature
    ({}, KEY),  # no nonce at all
], ids=["nonce", "aud", "iss", "exp", "signature", "no-nonce"])
def test_an_id_token_failing_one_check_is_refused(claims, key):
    with pytest.raises(accounts.ProConnectRefused) as refused:
        proconnect.verify_jwt(signed(claims, key), KEYS, issuer=ISSUER, client_id=CLIENT_ID, nonce="n")
    assert refused.value.code == "jeton"


def test_a_good_id_token_passes():
    claims = proconnect.verify_jwt(signed({"nonce": "n"}), KEYS, issuer=ISSUER, client_id=CLIENT_ID, nonce="n")
    assert claims["sub"] == "pc-1"


def test_userinfo_as_a_signed_jwt_is_verified_like_proconnect_sends_it():
    body = signed({"email": "claire.morel@cd-vv.demo", "siret": SIRET_CD, "usual_name": "Morel"}).encode()
    claims = proconnect.read_userinfo("application/jwt; charset=utf-8", body, keys=KEYS, issuer=ISSUER,
                                      client_id=CLIENT_ID)
    assert proconnect.identity_from(claims, "pc-1").siret == SIRET_CD
    with pytest.raises(accounts.ProConnectRefused):
        proconnect.read_userinfo("application/jwt", signed({}, OTHER_KEY).encode(), keys=KEYS, issuer=ISSUER,
                                 client_id=CLIENT_ID)
    with pytest.raises(accounts.ProConnectRefused):  # userinfo about someone else than the ID token
        proconnect.identity_from(claims, "pc-2")


# --- which account --------------------------------------------------------------------------------


def test_first_sign_in_links_by_email_and_siret_then_by_sub(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    actor = sign_in(demo, claire())
    assert actor.is_professional and actor.display_name == "Claire Morel"
    with Session(demo) as session:
        link = session.exec(select(ProConnectIdentity)).one()
        assert link.subject == "pc-claire" and link.linked_by_id is None
        assert link.professional_id == pro_actor(session, CLAIRE).id
    # linked: the sub alone signs in, whatever the provider now says of the e-mail or SIRET
    assert sign_in(demo, claire(email="c.morel@ailleurs.example", siret="")).id == actor.id


def test_the_right_email_with_another_structures_siret_is_not_linked(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    give_siret(demo, "FT-VV", SIRET_FT)
    assert refused_code(demo, claire(siret=SIRET_FT)) == "inconnu"
    assert refused_code(demo, claire(sub="pc-other", email_verified=False)) == "inconnu"
    with Session(demo) as session:
        assert session.exec(select(ProConnectIdentity)).all() == []


def test_an_unknown_identity_is_refused_and_waits_for_the_administrator(demo):
    stranger = accounts.ProConnectUser(sub="pc-inconnue", email="agent@ailleurs.gouv.fr", given_name="Alice",
                                       usual_name="Martin", siret=SIRET_FT)
    assert refused_code(demo, stranger) == "inconnu"
    assert refused_code(demo, stranger) == "inconnu"
    with session_scope(demo) as session:
        admin = pro_actor(session, ADMIN)
        [row] = accounts.proconnect_requests(session, admin)
        assert (row.name, row.email, row.siret, row.attempts) == ("Alice Martin", "agent@ailleurs.gouv.fr",
                                                                   SIRET_FT, 2)
        with pytest.raises(PermissionDenied):
            accounts.proconnect_requests(session, pro_actor(session, CLAIRE))
        julie_id = pro_actor(session, JULIE).id
        accounts.accept_proconnect_request(session, admin, row.id, julie_id)
    assert sign_in(demo, stranger).id == julie_id  # linked by the administrator
    with Session(demo) as session:
        request = session.exec(select(ProConnectRequest)).one()
        assert (request.status, request.professional_id) == ("acceptee", julie_id)
        assert session.exec(select(ProConnectIdentity)).one().linked_by_id is not None


def test_a_refused_request_is_closed_and_signs_nobody_in(demo):
    stranger = accounts.ProConnectUser(sub="pc-refusee", email="x@ailleurs.gouv.fr", siret=SIRET_FT)
    refused_code(demo, stranger)
    with session_scope(demo) as session:
        admin = pro_actor(session, ADMIN)
        [row] = accounts.proconnect_requests(session, admin)
        accounts.refuse_proconnect_request(session, admin, row.id)
        assert accounts.proconnect_requests(session, admin) == []
        with pytest.raises(accounts.ProConnectRefused.__mro__[1]):  # a Refusal: no longer waiting
            accounts.accept_proconnect_request(session, admin, row.id, pro_actor(session, JULIE).id)
    assert refused_code(demo, stranger) == "inconnu"  # a new attempt: a new request
    with Session(demo) as session:
        assert sorted(r.status for r in session.exec(select(ProConnectRequest))) == ["ouverte", "refusee"]


def test_accepting_refuses_an_inactive_account_or_one_already_linked(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    sign_in(demo, claire())  # Claire is linked to pc-claire
    refused_code(demo, accounts.ProConnectUser(sub="pc-2", email="y@ailleurs.gouv.fr"))
    with session_scope(demo) as session:
        admin = pro_actor(session, ADMIN)
        [row] = accounts.proconnect_requests(session, admin)
        with pytest.raises(FieldErrors) as errors:
            accounts.accept_proconnect_request(session, admin, row.id, pro_actor(session, CLAIRE).id)
        assert errors.value.errors == {"account": "proconnect.request.already_linked"}
        julie = pro_actor(session, JULIE).id
        people.set_active(session, admin, julie, False)
        with pytest.raises(FieldErrors) as errors:
            accounts.accept_proconnect_request(session, admin, row.id, julie)
        assert errors.value.errors == {"account": "proconnect.request.inactive"}


def test_a_deactivated_account_is_refused_even_when_linked(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    sign_in(demo, claire())
    with session_scope(demo) as session:
        people.set_active(session, pro_actor(session, ADMIN), pro_actor(session, CLAIRE).id, False)
    assert refused_code(demo, claire()) == "desactive"
    assert refused_code(demo, claire(sub="pc-claire-2")) == "desactive"  # not linked yet, matched by e-mail


# --- the structure's SIRET and password switch -------------------------------------------------------


def test_the_siret_is_checked_and_unique(demo):
    with session_scope(demo) as session:
        admin = pro_actor(session, ADMIN)
        for siret, error in (("1300252650001", "error.siret.format"), ("13002526500012", "error.siret.invalid")):
            with pytest.raises(FieldErrors) as errors:
                people.set_organisation_sign_in(session, admin, "CD-VV", siret=siret, password_sign_in=True)
            assert errors.value.errors == {"siret": error}
        people.set_organisation_sign_in(session, admin, "CD-VV", siret="130 025 265 00013", password_sign_in=True)
        with pytest.raises(FieldErrors) as errors:
            people.set_organisation_sign_in(session, admin, "FT-VV", siret=SIRET_CD, password_sign_in=True)
        assert errors.value.errors == {"siret": "error.siret.taken"}
        with pytest.raises(PermissionDenied):
            people.set_organisation_sign_in(session, pro_actor(session, CLAIRE), "CD-VV", siret="",
                                            password_sign_in=True)


def test_passwords_cannot_be_closed_without_proconnect(demo):
    with session_scope(demo) as session, pytest.raises(FieldErrors) as errors:
        people.set_organisation_sign_in(session, pro_actor(session, ADMIN), "FT-VV", siret="",
                                        password_sign_in=False)
    assert errors.value.errors == {"password_sign_in": "proconnect.password_off.unavailable"}


def test_password_sign_in_switched_off_for_a_structure_is_refused(demo, configured):
    give_siret(demo, "FT-VV", SIRET_FT, password_sign_in=False)
    with session_scope(demo) as session:
        with pytest.raises(accounts.PasswordSignInOff):
            accounts.sign_in_professional(session, JULIE, PASSWORD)
        with pytest.raises(accounts.SignInFailed):  # a wrong password: the usual answer, nothing said
            accounts.sign_in_professional(session, JULIE, "pas-le-bon-mot-de-passe")
        assert accounts.sign_in_professional(session, CLAIRE, PASSWORD).display_name == "Claire Morel"


# --- the browser's session, and the records -------------------------------------------------------


def test_the_route_s_session_resumes_and_keeps_the_id_token_until_it_ends(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    with session_scope(demo) as session:
        cookie = devices.open_from_route(session, accounts.sign_in_with_proconnect(session, claire()),
                                         user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0",
                                         proconnect_id_token="a.b.c")
    assert cookie.max_age_s == pytest.approx(get_settings().session_hours_pro * 3600, abs=5)
    with session_scope(demo) as session:
        resumed = devices.resume(session, cookie.value)
        assert resumed.actor.display_name == "Claire Morel"
        assert resumed.proconnect  # the header's sign-out goes through the provider's end-session
        assert devices.proconnect_hint(session, cookie.value) == (resumed.device_id, "a.b.c")
        devices.end(session, resumed.device_id)
    with session_scope(demo) as session:
        assert devices.resume(session, cookie.value) is None
        password_cookie = devices.claim_cookie(session, devices.open_device(
            session, pro_actor(session, CLAIRE), user_agent=None, persistent=True).claim)
    with session_scope(demo) as session:
        assert not devices.resume(session, password_cookie.value).proconnect
        assert devices.proconnect_hint(session, cookie.value) is None
        assert set(session.exec(select(DeviceSession.proconnect_id_token)).all()) == {None}


def test_every_record_names_the_same_account_whichever_way_they_signed_in(demo):
    give_siret(demo, "CD-VV", SIRET_CD)
    david = person_id(demo, DAVID)
    with session_scope(demo) as session:
        by_password = accounts.sign_in_professional(session, CLAIRE, PASSWORD)
    with session_scope(demo) as session:
        by_proconnect = accounts.sign_in_with_proconnect(session, claire())
    assert by_proconnect == by_password
    for actor, label in ((by_password, "Objectif écrit après le mot de passe"),
                         (by_proconnect, "Objectif écrit après ProConnect")):
        with session_scope(demo) as session:
            open_person(session, actor, david, Category.ROADMAP)
            roadmap.add_goal(session, actor, david, theme_code="emploi", label=label)
    with Session(demo) as session:
        claire_row = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        logged = session.exec(select(AccessLog).where(AccessLog.beneficiary_id == david,
                                                      AccessLog.at > dt.datetime.now(dt.UTC)
                                                      - dt.timedelta(minutes=5))).all()
        events = session.exec(select(RoadmapEvent).where(RoadmapEvent.beneficiary_id == david)
                              .order_by(RoadmapEvent.id.desc()).limit(2)).all()
    assert len(logged) >= 2 and {(r.professional_id, r.professional_name) for r in logged} == {
        (claire_row.id, "Claire Morel")}
    assert {(e.actor_id, e.actor_name) for e in events} == {(claire_row.id, "Claire Morel")}
