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
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime.pages_manager import PagesManager

from dossier import messaging
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


app = st.App("app.py", middleware=[Middleware(SecurityHeaders)],
             routes=[Route(devices.CLAIM_ROUTE, claim_session, methods=["POST"]),
                     Route(devices.FORGET_ROUTE, end_session, methods=["POST"]),
                     Route(messaging.SMS_CALLBACK_ROUTE, sms_callback, methods=["POST"])])
