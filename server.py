"""The app as served: Streamlit's ASGI integration (`st.App`) around app.py, with the security headers a
public service sends on every response. `make run`, the tests and docs/deployment.md start this file
(`streamlit run server.py`); app.py stays the Streamlit script (AppTest runs it directly).

What Streamlit 1.67 needs, and therefore what the Content-Security-Policy allows beyond the app's own
origin: inline styles (its CSS-in-JS), inline scripts (app.py sets the page language with a small
script through `st.html`), `eval` (the charts' Vega expression parser), `data:` and `blob:` images and
fonts (the page icon is an inline SVG, downloads are blobs), and its websocket on the same origin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.runtime.pages_manager import PagesManager

from dossier.accounts import devices
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


app = st.App("app.py", middleware=[Middleware(SecurityHeaders)],
             routes=[Route(devices.CLAIM_ROUTE, claim_session, methods=["POST"]),
                     Route(devices.FORGET_ROUTE, end_session, methods=["POST"])])
