"""Helpers for the tests about messages (SMS provider, invitation campaigns, notices): a local fake Brevo
that records every request and answers as Brevo documents, a real local SMTP server (aiosmtpd) and its
inbox, a sender that records what it is asked to send, and an hour at which SMS may leave."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from dossier import clock, messaging
from dossier.settings import get_settings
from storage.models import OutboxMessage
from tests.support.browser import free_port

API_KEY = "test-key"


def accepted(message_id: int) -> tuple[int, dict[str, str], dict]:
    """Brevo's answer to an SMS it took: 201 and its message id."""
    return 201, {}, {"messageId": message_id}


class FakeBrevo:
    """Records each request (method, path, headers, JSON body) and answers the next scripted reply."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict[str, str], dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's handler name
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                fake.requests.append({"method": "POST", "path": self.path,
                                      "headers": {k.lower(): v for k, v in self.headers.items()},
                                      "json": json.loads(raw)})
                status, headers, body = fake.replies.pop(0) if fake.replies else accepted(1)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet
                pass

        self.port = free_port()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def settings(self, **changes):
        """The app's settings with Brevo as the SMS provider, pointing at this fake."""
        return dataclasses.replace(get_settings(), **{
            "sms_provider": "brevo", "brevo_api_url": f"http://127.0.0.1:{self.port}/v3",
            "brevo_api_key": SecretStr(API_KEY), "sms_sender": "Insertion", "public_url": "",
            "sms_webhook_token": SecretStr(""), **changes})


@contextmanager
def fake_brevo() -> Iterator[FakeBrevo]:
    """A fake Brevo listening on a free local port while the block runs."""
    fake = FakeBrevo()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.httpd.shutdown()
        fake.httpd.server_close()


class Recorder:
    """A sender that keeps what it was asked to send (thread-safe)."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str]] = []
        self.lock = threading.Lock()

    def send(self, message: OutboxMessage, attachments=()) -> str | None:
        with self.lock:
            self.sent.append((message.beneficiary_id, message.channel, message.kind))
        return f"id-{message.id}"


def sms_hour_at_or_before(moment: dt.datetime) -> dt.datetime:
    """The latest moment at or before `moment` at which an SMS may leave (not at night, on a Sunday or a
    public holiday): what a test freezes the clock at to send SMS a little before the real now."""
    candidate = moment
    while not messaging.sms_allowed_at(candidate):
        local = clock.as_paris(candidate)
        if local.time() >= dt.time(20, 0):  # the evening: 19:59 the same day
            candidate = dt.datetime.combine(local.date(), dt.time(19, 59), tzinfo=clock.PARIS).astimezone(dt.UTC)
        else:  # the night, a Sunday or a holiday: 19:59 the day before
            candidate = dt.datetime.combine(local.date() - dt.timedelta(days=1), dt.time(19, 59),
                                            tzinfo=clock.PARIS).astimezone(dt.UTC)
    return candidate


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's handler name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = get_settings()
    yield inbox, messaging.SmtpSender(type(settings)(**{**settings.__dict__, "smtp_host": "127.0.0.1",
                                                     "smtp_port": port, "smtp_user": ""}))
    controller.stop()
