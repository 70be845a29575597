"""ProConnect: professionals sign in with the State's OpenID Connect federation; passwords stay the
fallback that an administrator can switch off per structure.

The flow (the routes of `server.py` call these, nothing else decides):
- `start`: a random state, nonce and PKCE verifier (S256), kept in a short-lived cookie signed with a key
  derived from the pepper; the browser goes to the provider's authorization endpoint.
- `complete`: the state that came back must be the cookie's (constant-time); the code is exchanged
  (client secret, PKCE verifier); the ID token is verified (signature against the provider's JWKS, `iss`,
  `aud`, `exp`, `nonce`); userinfo is read — JSON, or a signed JWT as ProConnect sends it, verified the
  same way — and must name the same `sub`.
- `sign_in_with_proconnect`: an identity maps to an active professional account by its `sub` once linked;
  the first time by its e-mail (case-insensitive) plus the SIRET of the account's structure. Anything else
  is refused in French and recorded as a request the administrator accepts (links it to an account they
  choose) or refuses. No account is ever created here. A deactivated account is refused even when linked.

Every refusal is a `ProConnectRefused` with a short code: the route puts only that code in the address of
the sign-in page (`/?proconnect=<code>`), never anything about the person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import func
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts._actors import actor_for_professional
from dossier.actor import Actor
from dossier.errors import FieldErrors, NotFound, Refusal
from dossier.policy import Permission, require
from dossier.settings import Settings, get_settings
from storage.models import Organisation, ProConnectIdentity, ProConnectRequest, Professional
from storage.vocabulary import ProConnectRequestStatus

log = logging.getLogger(__name__)

PROVIDER = "proconnect"
START_ROUTE = "/proconnect/connexion"
RETURN_ROUTE = "/proconnect/retour"
END_ROUTE = "/proconnect/deconnexion"
FLOW_COOKIE = "dossier_proconnect"  # state, nonce, verifier: signed, HttpOnly, SameSite=Lax, 10 minutes
FLOW_MINUTES = 10
REFUSAL_QUERY = "proconnect"  # /?proconnect=<code>
SIGN_IN_PATH = "/"  # the signed-out default page: Streamlit serves it at /, not at its url_path
ALGORITHMS = ("RS256", "ES256", "PS256")
LEEWAY_S = 60
HTTP_TIMEOUT_S = 10.0
METADATA_TTL_S = 3600.0
MAX_FLOW_COOKIE = 2000

# the short codes of the sign-in page's message (labels « proconnect.refused.<code> »)
UNAVAILABLE = "indisponible"  # not configured, a kiosk, or the provider cannot be reached
STATE = "etat"  # no flow cookie, an expired one, or a state that is not ours
TOKEN = "jeton"  # ID token or userinfo failing a check (signature, iss, aud, exp, nonce, sub)
PROVIDER_ERROR = "fournisseur"  # the provider answered with an error (or refused to exchange the code)
CANCELLED = "annule"  # the professional declined at the provider
UNKNOWN = "inconnu"  # no account for this identity: a request for the administrator
DEACTIVATED = "desactive"
CODES = (UNAVAILABLE, STATE, TOKEN, PROVIDER_ERROR, CANCELLED, UNKNOWN, DEACTIVATED)


class ProConnectRefused(Refusal):
    """A ProConnect sign-in that does not go through; `code` is what the sign-in page's address carries."""

    key = "proconnect.refused.fournisseur"

    def __init__(self, code: str):
        super().__init__(f"proconnect.refused.{code}")
        self.code = code


class PasswordSignInOff(Refusal):
    """The structure signs its professionals in with ProConnect only (asked after a correct password, so
    the answer never tells whether an e-mail has an account)."""

    key = "proconnect.password_off"


@dataclass(frozen=True)
class Identity:
    """What ProConnect says of the professional (userinfo), as this module uses it."""

    sub: str
    email: str
    given_name: str = ""
    usual_name: str = ""
    siret: str = ""
    email_verified: bool | None = None  # ProConnect vouches for the e-mail; a provider saying False is refused


@dataclass(frozen=True)
class Started:
    url: str  # the provider's authorization endpoint with our parameters
    cookie: str  # the signed flow cookie's value


@dataclass(frozen=True)
class Completed:
    identity: Identity
    id_token: str  # kept server-side as the end-session's id_token_hint
    next_path: str = ""  # the page the professional asked for before signing in (« links land where they point »)


# --- the flow cookie: signed with a key derived from the pepper, with its own expiry ----------------


def _flow_key() -> bytes:
    pepper = get_settings().pepper.get_secret_value().encode()
    return hmac.new(pepper, b"proconnect-flow-cookie", hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_flow(values: Mapping[str, str], now: float | None = None) -> str:
    payload = _b64(json.dumps({**values, "exp": int((now or time.time()) + FLOW_MINUTES * 60)},
                              separators=(",", ":")).encode())
    return f"{payload}.{_b64(hmac.new(_flow_key(), payload.encode(), hashlib.sha256).digest())}"


def read_flow(cookie: str | None, now: float | None = None) -> dict[str, str] | None:
    """The flow cookie's values, or None: absent, tampered with, or older than FLOW_MINUTES."""
    if not cookie or len(cookie) > MAX_FLOW_COOKIE or "." not in cookie:
        return None
    payload, signature = cookie.rsplit(".", 1)
    expected = _b64(hmac.new(_flow_key(), payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(signature, expected):
        return None
    try:
        values = json.loads(_unb64(payload))
    except ValueError:
        return None
    if not isinstance(values, dict) or int(values.get("exp", 0)) <= (now or time.time()):
        return None
    return {k: str(v) for k, v in values.items() if k != "exp"}


# --- the provider's metadata and keys (cached per process) ------------------------------------------

_cache: dict[str, tuple[float, dict]] = {}
_cache_lock = threading.Lock()


def _get_json(url: str, *, fresh: bool = False) -> dict:
    with _cache_lock:
        cached = _cache.get(url)
    if cached and not fresh and time.monotonic() - cached[0] < METADATA_TTL_S:
        return cached[1]
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT_S, headers={"accept": "application/json"})
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError):
        log.warning("ProConnect: %s could not be read", url)
        raise ProConnectRefused(UNAVAILABLE) from None
    if not isinstance(document, dict):
        raise ProConnectRefused(UNAVAILABLE)
    with _cache_lock:
        _cache[url] = (time.monotonic(), document)
    return document


def forget_provider_cache() -> None:
    """Tests start a provider per module: forget the previous one's metadata and keys."""
    with _cache_lock:
        _cache.clear()


def provider_metadata(settings: Settings) -> dict:
    if not settings.proconnect_configured:
        raise ProConnectRefused(UNAVAILABLE)
    metadata = _get_json(settings.proconnect_metadata_url)
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint")
    if any(not isinstance(metadata.get(name), str) for name in needed):
        log.warning("ProConnect: the provider's metadata lacks an endpoint")
        raise ProConnectRefused(UNAVAILABLE)
    return metadata


def _keys(metadata: dict, *, fresh: bool = False) -> KeySet:
    try:
        return KeySet.import_key_set(_get_json(metadata["jwks_uri"], fresh=fresh))
    except (JoseError, ValueError, TypeError):
        raise ProConnectRefused(UNAVAILABLE) from None


# --- verification of what the provider signs ---------------------------------------------------------


def verify_jwt(token: str, keys: KeySet, *, issuer: str, client_id: str, nonce: str | None = None) -> dict:
    """The claims of a JWT signed by the provider, or ProConnectRefused(TOKEN): signature against its
    keys, then `iss`, `aud`, `exp` (and `nonce` when given; an ID token always has one)."""
    try:
        decoded = jwt.decode(token, keys, algorithms=list(ALGORITHMS))
        options = {"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": client_id},
                   "exp": {"essential": True}, "sub": {"essential": True}}
        if nonce is not None:
            options["nonce"] = {"essential": True, "value": nonce}
        jwt.JWTClaimsRegistry(leeway=LEEWAY_S, **options).validate(decoded.claims)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        log.warning("ProConnect: a token failed its check (%s)", type(exc).__name__)  # never the token itself
        raise ProConnectRefused(TOKEN) from None
    return dict(decoded.claims)


def _verify_with_keys(token: str, metadata: dict, **checks) -> dict:
    """Verify against the cached keys; once more with fresh keys (the provider may have rotated them)."""
    try:
        return verify_jwt(token, _keys(metadata), **checks)
    except ProConnectRefused:
        return verify_jwt(token, _keys(metadata, fresh=True), **checks)


def read_userinfo(content_type: str, body: bytes, *, keys: KeySet, issuer: str, client_id: str) -> dict:
    """Userinfo as JSON, or as a signed JWT (`application/jwt`, ProConnect's way), verified like a token."""
    if content_type.split(";")[0].strip().lower() == "application/jwt":
        return verify_jwt(body.decode("ascii", errors="replace").strip(), keys, issuer=issuer, client_id=client_id)
    try:
        claims = json.loads(body)
    except ValueError:
        raise ProConnectRefused(TOKEN) from None
    if not isinstance(claims, dict):
        raise ProConnectRefused(TOKEN)
    return claims


def identity_from(claims: Mapping[str, object], id_token_sub: str) -> Identity:
    """The identity userinfo describes, which must be the ID token's `sub`."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or sub != id_token_sub:
        raise ProConnectRefused(TOKEN)

    def text(name: str, limit: int) -> str:
        value = claims.get(name)
        return value.strip()[:limit] if isinstance(value, str) else ""

    verified = claims.get("email_verified")
    return Identity(sub=sub[:255], email=text("email", 254).lower(), given_name=text("given_name", 100),
                    usual_name=text("usual_name", 100),
                    siret="".join(ch for ch in text("siret", 40) if ch.isdigit())[:14],
                    email_verified=verified if isinstance(verified, bool) else None)


# --- the two legs of the flow -------------------------------------------------------------------------


def redirect_uri(settings: Settings, base: str) -> str:
    """Where the provider sends the browser back: the setting, else the public address + RETURN_ROUTE."""
    return settings.proconnect_redirect_uri or f"{settings.public_base(base)}{RETURN_ROUTE}"


def _client(settings: Settings, metadata: dict, redirect: str) -> OAuth2Client:
    methods = metadata.get("token_endpoint_auth_methods_supported") or []
    method = "client_secret_post" if "client_secret_post" in methods and "client_secret_basic" not in methods \
        else "client_secret_basic"
    return OAuth2Client(settings.proconnect_client_id, settings.proconnect_client_secret.get_secret_value(),
                        scope=settings.proconnect_scopes, redirect_uri=redirect, code_challenge_method="S256",
                        token_endpoint_auth_method=method, timeout=HTTP_TIMEOUT_S)


NEXT_QUERY = "suite"  # /proconnect/connexion?suite=<a page's address>: where to land once signed in
_NEXT_PATH = re.compile(r"[a-z0-9-]{1,40}")


def next_path(raw: str | None) -> str:
    """A page's address of the app (letters, digits, hyphens): anything else is dropped, so that the
    return never redirects elsewhere than the app itself."""
    return raw if raw and _NEXT_PATH.fullmatch(raw) else ""


def start(settings: Settings, base: str, then: str | None = None) -> Started:
    """The provider's authorization address and the signed cookie that remembers this attempt."""
    if settings.kiosk:
        raise ProConnectRefused(UNAVAILABLE)  # a kiosk never: the provider's own cookie would outlive the visit
    metadata = provider_metadata(settings)
    redirect = redirect_uri(settings, base)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    with _client(settings, metadata, redirect) as client:
        url, _ = client.create_authorization_url(metadata["authorization_endpoint"], state=state, nonce=nonce,
                                                 code_verifier=verifier)
    return Started(url, sign_flow({"state": state, "nonce": nonce, "verifier": verifier, "redirect": redirect,
                                   "next": next_path(then)}))


def complete(settings: Settings, flow_cookie: str | None, params: Mapping[str, str]) -> Completed:
    """Back from the provider: state, code exchange, ID token, userinfo. Raises ProConnectRefused."""
    flow = read_flow(flow_cookie)
    state = params.get("state", "")
    if flow is None or not state or not hmac.compare_digest(state.encode(), flow.get("state", "").encode()):
        raise ProConnectRefused(STATE)
    if params.get("error"):
        raise ProConnectRefused(CANCELLED if params.get("error") == "access_denied" else PROVIDER_ERROR)
    code = params.get("code", "")
    if not code:
        raise ProConnectRefused(PROVIDER_ERROR)
    metadata = provider_metadata(settings)
    checks = {"issuer": metadata["issuer"], "client_id": settings.proconnect_client_id}
    with _client(settings, metadata, flow["redirect"]) as client:
        try:
            token = client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code,
                                       code_verifier=flow["verifier"])
        except httpx.HTTPError:
            raise ProConnectRefused(UNAVAILABLE) from None
        except Exception as exc:  # noqa: BLE001 — Authlib's OAuthError: the provider refused the code
            log.warning("ProConnect: the code exchange was refused (%s)", type(exc).__name__)
            raise ProConnectRefused(PROVIDER_ERROR) from None
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise ProConnectRefused(TOKEN)
        id_claims = _verify_with_keys(id_token, metadata, nonce=flow["nonce"], **checks)
        try:
            response = client.get(metadata["userinfo_endpoint"])
            response.raise_for_status()
        except httpx.HTTPError:
            raise ProConnectRefused(PROVIDER_ERROR) from None
    claims = read_userinfo(response.headers.get("content-type", ""), response.content,
                           keys=_keys(metadata), **checks)
    return Completed(identity_from(claims, str(id_claims["sub"])), id_token, next_path(flow.get("next")))


def end_session_url(settings: Settings, id_token: str | None, base: str) -> str | None:
    """The provider's end-session address (RP-initiated logout), or None when it has none."""
    if not id_token:
        return None
    try:
        metadata = provider_metadata(settings)
    except ProConnectRefused:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint:
        return None
    after = settings.proconnect_post_logout_uri or f"{settings.public_base(base)}{SIGN_IN_PATH}"
    query = urlencode({"id_token_hint": id_token, "state": secrets.token_urlsafe(16),
                       "post_logout_redirect_uri": after})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# --- the decision: which account, if any -------------------------------------------------------------


def _by_email_and_siret(session: Session, identity: Identity) -> Professional | None:
    if not identity.email or len(identity.siret) != 14 or identity.email_verified is False:
        return None
    return session.exec(
        select(Professional).join(Organisation, Organisation.id == Professional.organisation_id)
        .where(func.lower(Professional.email) == identity.email, Organisation.siret == identity.siret)).first()


def _already_linked(session: Session, professional_id: int) -> bool:
    return session.exec(select(ProConnectIdentity.id).where(
        ProConnectIdentity.provider == PROVIDER, ProConnectIdentity.professional_id == professional_id)).first() \
        is not None


def _record_request(session: Session, identity: Identity) -> None:
    """One open request per identity: a new attempt counts on it and refreshes what the provider said."""
    now = clock.now()
    request = session.exec(select(ProConnectRequest).where(
        ProConnectRequest.provider == PROVIDER, ProConnectRequest.subject == identity.sub,
        ProConnectRequest.status == ProConnectRequestStatus.OPEN)).first()
    if request is None:
        request = ProConnectRequest(provider=PROVIDER, subject=identity.sub, status=ProConnectRequestStatus.OPEN,
                                    requested_at=now, last_requested_at=now, attempts=0, email="",
                                    given_name="", usual_name="", siret="")
    request.email, request.given_name = identity.email, identity.given_name
    request.usual_name, request.siret = identity.usual_name, identity.siret
    request.last_requested_at = now
    request.attempts += 1
    session.add(request)
    session.commit()  # kept although the sign-in is refused


def sign_in_with_proconnect(session: Session, identity: Identity) -> Actor:
    """The professional account this identity signs in to; ProConnectRefused otherwise."""
    now = clock.now()
    link = session.exec(select(ProConnectIdentity).where(ProConnectIdentity.provider == PROVIDER,
                                                         ProConnectIdentity.subject == identity.sub)).first()
    if link is not None:
        pro = session.get(Professional, link.professional_id)
        if pro is None or not pro.active:
            raise ProConnectRefused(DEACTIVATED)
        link.last_used_at = now
        session.add(link)
        session.flush()
        return actor_for_professional(session, pro)
    pro = _by_email_and_siret(session, identity)
    if pro is not None and not pro.active:
        raise ProConnectRefused(DEACTIVATED)
    if pro is None or _already_linked(session, pro.id):
        _record_request(session, identity)
        log.info("ProConnect: an identity matched no account; request recorded for the administrator")
        raise ProConnectRefused(UNKNOWN)
    session.add(ProConnectIdentity(provider=PROVIDER, subject=identity.sub, professional_id=pro.id, linked_at=now,
                                   last_used_at=now))
    session.flush()
    return actor_for_professional(session, pro)


# --- the administrator's side ----------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """One open request, as the administration page lists it."""

    id: int
    name: str
    email: str
    siret: str
    organisation: str | None  # the structure with that SIRET, when one has it
    requested_at: object
    last_requested_at: object
    attempts: int


def proconnect_requests(session: Session, actor: Actor) -> list[RequestRow]:
    require(actor, Permission.MANAGE_TERRITORY)
    rows = session.exec(select(ProConnectRequest, Organisation.name)
                        .join(Organisation, Organisation.siret == ProConnectRequest.siret, isouter=True)
                        .where(ProConnectRequest.status == ProConnectRequestStatus.OPEN)
                        .order_by(ProConnectRequest.last_requested_at.desc(), ProConnectRequest.id.desc())).all()
    return [RequestRow(r.id, f"{r.given_name} {r.usual_name}".strip(), r.email, r.siret, org, r.requested_at,
                       r.last_requested_at, r.attempts) for r, org in rows]


def _open_request(session: Session, request_id: int) -> ProConnectRequest:
    request = session.get(ProConnectRequest, request_id)
    if request is None or request.status != ProConnectRequestStatus.OPEN:
        raise NotFound("proconnect.request.unknown")
    return request


def _decide(session: Session, actor: Actor, request: ProConnectRequest, status: ProConnectRequestStatus,
            professional_id: int | None = None) -> None:
    request.status = status
    request.decided_at = clock.now()
    request.decided_by_id = actor.id
    request.professional_id = professional_id
    session.add(request)
    session.flush()


def accept_proconnect_request(session: Session, actor: Actor, request_id: int, professional_id: int | None) -> None:
    """Link the identity to an existing active account the administrator chose; it signs in next time."""
    require(actor, Permission.MANAGE_TERRITORY)
    request = _open_request(session, request_id)
    if not professional_id:
        raise FieldErrors({"account": "error.required"})
    pro = session.get(Professional, professional_id)
    if pro is None or not pro.active:
        raise FieldErrors({"account": "proconnect.request.inactive"})
    if _already_linked(session, pro.id):
        raise FieldErrors({"account": "proconnect.request.already_linked"})
    if session.exec(select(ProConnectIdentity.id).where(ProConnectIdentity.provider == request.provider,
                                                        ProConnectIdentity.subject == request.subject)).first():
        raise FieldErrors({"account": "proconnect.request.identity_linked"})
    session.add(ProConnectIdentity(provider=request.provider, subject=request.subject, professional_id=pro.id,
                                   linked_at=clock.now(), linked_by_id=actor.id))
    _decide(session, actor, request, ProConnectRequestStatus.ACCEPTED, pro.id)


def refuse_proconnect_request(session: Session, actor: Actor, request_id: int) -> None:
    """Close the request: the identity stays unknown (a new attempt opens a new request)."""
    require(actor, Permission.MANAGE_TERRITORY)
    _decide(session, actor, _open_request(session, request_id), ProConnectRequestStatus.REFUSED)


def password_sign_in_allowed(session: Session, pro: Professional) -> bool:
    organisation = session.get(Organisation, pro.organisation_id)
    return organisation is None or organisation.password_sign_in
