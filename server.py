"""The app as served: Streamlit's ASGI integration (`st.App`) around app.py, with the security headers a
public service sends on every response. `make run`, the tests and docs/deployment.md start this file
(`streamlit run server.py`); app.py stays the Streamlit script (AppTest runs it directly).

What Streamlit 1.67 needs, and therefore what the Content-Security-Policy allows beyond the app's own
origin: inline styles (its CSS-in-JS), inline scripts (app.py sets the page language with a small
script through `st.html`), `eval` (the charts' Vega expression parser), `data:` and `blob:` images and
fonts (the page icon is an inline SVG, downloads are blobs), and its websocket on the same origin.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


app = st.App("app.py", middleware=[Middleware(SecurityHeaders)])
