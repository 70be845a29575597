"""The app as served: Streamlit's ASGI integration (`st.App`) around app.py, with the security headers a
public service sends on every response. `make run`, the tests and docs/deployment.md start this file
(`streamlit run server.py`); app.py stays the Streamlit script (AppTest runs it directly).

What Streamlit 1.67 needs, and therefore what the Content-Security-Policy allows beyond the app's own
origin: inline styles (its CSS-in-JS), inline scripts (app.py sets the page language with a small
script through `st.html`), `eval` (the charts' Vega expression parser), `data:` and `blob:` images and
fonts (the page icon is an inline SVG, downloads are blobs), and its websocket on the same origin.
"""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime.pages_manager import PagesManager

from dossier import accounts, messaging
from dossier.accounts import devices
from dossier.settings import get_settings
from storage.engine import session_scope

# Streamlit 1.67 decides once per process whether the app is a "pages/ folder" app (its multipage v1):
# it finds our `pages/` package of page functions and, until the first session reaches
# `st.navigation`, wraps app.py in a navigation over the files of `pages/`. That first request then
# shows the English « Page not found » for every address of ours (/activation, /rendez-vous?ref=…),
# and a request for /<file name> would run a page module bare. app.py always calls `st.navigation`
# (Streamlit's own code sets this flag to False at that call): say so before the first session.
PagesManager.uses_pages_directory = False

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    # Nothing of the app uses these; the kiosk's hand-off shows a QR code, it never reads one.
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "x-frame-options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def served_over_https(scope: Scope) -> bool:
    """HTTPS itself, or a proxy saying so (`X-Forwarded-Proto`, as docs/deployment.md's nginx sends)."""
    forwarded = dict(scope.get("headers") or []).get(b"x-forwarded-proto", b"").decode().lower()
    return scope.get("scheme") in ("https", "wss") or forwarded == "https"


class SecurityHeaders:
    """Pure ASGI middleware: adds the headers to every HTTP response (pages, static files, media, health)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(SECURITY_HEADERS)
        if served_over_https(scope):
            extra["strict-transport-security"] = HSTS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name.encode(), value.encode()) for name, value in extra.items() if name.encode() not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- the signed-in browser's cookie (dossier/devices.py) ------------------------------------------------
# A script cannot set a cookie: these two routes do, on real HTTP responses. The page posts the one-time
# claim of a sign-in that just succeeded; the answer carries the session id in an HttpOnly cookie that no
# script can read. Both refuse a request from another site (Origin), so no other page can sign a browser
# into someone else's account.

MAX_CLAIM_BYTES = 200


def same_origin(request: Request) -> bool:
    """A browser's fetch from our own page says where it comes from; anything else is refused."""
    origin = request.headers.get("origin")
    if not origin:
        return False
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return urlsplit(origin).netloc == host


def _claim(claim: str) -> devices.Cookie | None:
    with session_scope() as session:
        return devices.claim_cookie(session, claim)


async def claim_session(request: Request) -> Response:
    if not same_origin(request):
        return Response(status_code=403)
    body = await request.body()
    if len(body) > MAX_CLAIM_BYTES:
        return Response(status_code=413)
    cookie = await run_in_threadpool(_claim, body.decode("ascii", errors="replace").strip())
    if cookie is None:
        return Response(status_code=409)
    response = Response(status_code=204, headers={"cache-control": "no-store"})
    response.set_cookie(devices.COOKIE_NAME, cookie.value, max_age=cookie.max_age_s, path="/", httponly=True,
                        samesite="strict", secure=served_over_https(request.scope))
    return response


async def end_session(request: Request) -> Response:
    """After a sign-out (the row is already ended by the app): the browser forgets the cookie too."""
    if not same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"cache-control": "no-store"})
    response.delete_cookie(devices.COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=served_over_https(request.scope))
    return response


# --- the SMS provider's callbacks (dossier/messaging/_callbacks.py) ---------------------------------------
# Brevo posts each SMS event (delivered, bounced, a reply « STOP », an unsubscription) to the address set in
# its webhook (or in each message's `webUrl`), which carries the shared secret: `?token=` must equal
# DOSSIER_SMS_WEBHOOK_TOKEN, compared in constant time; without that setting the route refuses everything.
# The answer is 200 for every event read, even one ignored, so that Brevo does not send it again.

MAX_CALLBACK_BYTES = 256 * 1024
MAX_CALLBACK_EVENTS = 500  # a batched delivery is a JSON list of events

log = logging.getLogger(__name__)


def token_matches(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _record_sms_events(payload: object) -> list[str]:
    events = payload if isinstance(payload, list) else [payload]
    with session_scope() as session:
        return [messaging.record_sms_event(session, event) for event in events[:MAX_CALLBACK_EVENTS]]


async def sms_callback(request: Request) -> Response:
    if not token_matches(request.query_params.get("token", ""), get_settings().sms_webhook_token.get_secret_value()):
        return Response(status_code=403)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_CALLBACK_BYTES:
            return Response(status_code=413)
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8, not JSON
        return Response(status_code=400)
    outcomes = await run_in_threadpool(_record_sms_events, payload)
    log.info("SMS callback: %s", ", ".join(outcomes) or "nothing")  # outcome words only: no number, no text
    return JSONResponse({"ok": True}, headers={"cache-control": "no-store"})


# --- ProConnect (dossier/accounts/_proconnect.py) ---------------------------------------------------------
# The OpenID Connect flow is made of top-level redirects, so it lives here, on HTTP responses that can set
# cookies. `/proconnect/connexion` keeps state, nonce and PKCE verifier in a signed HttpOnly cookie
# (SameSite=Lax: the provider's redirect back is a cross-site top-level navigation) and sends the browser to
# the provider; `/proconnect/retour` checks and decides (the domain), then opens the browser's session as
# the password sign-in does (the same `dossier_session` cookie, so revocation and expiry apply unchanged)
# and lands on the app, which resumes from the cookie as after a reload. Any refusal goes back to the
# sign-in page with a short code only. `/proconnect/deconnexion` ends the session and goes to the
# provider's end-session with the ID token kept server-side.


def public_base(request: Request) -> str:
    """The address this request reached us on (behind a proxy: its forwarded host and scheme)."""
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or "localhost:8501"
    return f"{'https' if served_over_https(request.scope) else 'http'}://{host}"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"cache-control": "no-store"})


def _refused(code: str) -> RedirectResponse:
    return _redirect(f"/?{accounts.PROCONNECT_REFUSAL_QUERY}={code}")


def _flow_cookie(response: Response, request: Request, value: str | None) -> None:
    options = {"path": "/proconnect", "httponly": True, "samesite": "lax", "secure": served_over_https(request.scope)}
    if value is None:
        response.delete_cookie(accounts.PROCONNECT_FLOW_COOKIE, **options)
    else:
        response.set_cookie(accounts.PROCONNECT_FLOW_COOKIE, value, max_age=accounts.PROCONNECT_FLOW_MINUTES * 60,
                            **options)


async def proconnect_start(request: Request) -> Response:
    try:
        started = await run_in_threadpool(accounts.start_proconnect, get_settings(), public_base(request),
                                          request.query_params.get(accounts.PROCONNECT_NEXT_QUERY))
    except accounts.ProConnectRefused as refused:
        return _refused(refused.code)
    response = _redirect(started.url)
    _flow_cookie(response, request, started.cookie)
    return response


def _proconnect_sign_in(flow_cookie: str | None, params: dict[str, str],
                        user_agent: str | None) -> tuple[devices.Cookie, str]:
    completed = accounts.complete_proconnect(get_settings(), flow_cookie, params)
    with session_scope() as session:
        actor = accounts.sign_in_with_proconnect(session, completed.identity)
        cookie = devices.open_from_route(session, actor, user_agent=user_agent,
                                         proconnect_id_token=completed.id_token)
    return cookie, completed.next_path


async def proconnect_return(request: Request) -> Response:
    params = {key: value[:2000] for key, value in request.query_params.items()}
    try:
        cookie, then = await run_in_threadpool(_proconnect_sign_in,
                                               request.cookies.get(accounts.PROCONNECT_FLOW_COOKIE), params,
                                               request.headers.get("user-agent"))
    except accounts.ProConnectRefused as refused:
        response = _refused(refused.code)
    except Exception:  # a bug, or two first sign-ins of one identity at once: logged, said in French
        log.exception("ProConnect return failed unexpectedly")
        response = _refused("indisponible")
    else:
        response = _redirect(f"/{then}")  # the page asked for before signing in (a page's address only), or home
        response.set_cookie(devices.COOKIE_NAME, cookie.value, max_age=cookie.max_age_s, path="/", httponly=True,
                            samesite="strict", secure=served_over_https(request.scope))
    _flow_cookie(response, request, None)  # one attempt per cookie
    return response


def _proconnect_end(cookie: str | None, base: str) -> str | None:
    with session_scope() as session:
        hint = devices.proconnect_hint(session, cookie)
        if hint is None:
            return None
        devices.end(session, hint[0])
    return accounts.proconnect_end_session_url(get_settings(), hint[1], base)


async def proconnect_end(request: Request) -> Response:
    """A link of our own page (the Strict session cookie comes along only from our site): the session
    ends here, then the provider's end-session, which brings the browser back to the sign-in page."""
    url = await run_in_threadpool(_proconnect_end, request.cookies.get(devices.COOKIE_NAME), public_base(request))
    response = _redirect(url or "/")
    response.delete_cookie(devices.COOKIE_NAME, path="/", httponly=True, samesite="strict",
                           secure=served_over_https(request.scope))
    return response


app = st.App("app.py", middleware=[Middleware(SecurityHeaders)],
             routes=[Route(devices.CLAIM_ROUTE, claim_session, methods=["POST"]),
                     Route(devices.FORGET_ROUTE, end_session, methods=["POST"]),
                     Route(messaging.SMS_CALLBACK_ROUTE, sms_callback, methods=["POST"]),
                     Route(accounts.PROCONNECT_START_ROUTE, proconnect_start, methods=["GET"]),
                     Route(accounts.PROCONNECT_RETURN_ROUTE, proconnect_return, methods=["GET"]),
                     Route(accounts.PROCONNECT_END_ROUTE, proconnect_end, methods=["GET"])])
