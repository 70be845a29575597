"""The ways a message leaves: e-mail over SMTP, SMS through a provider (`_brevo`), or, when no SMS
provider is configured, a logging sender that records that a text would have gone (and the app never
promises an SMS then: `sending_configured`)."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

from dossier.settings import Settings, get_settings
from storage.models import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    maintype: str
    subtype: str
    data: bytes


class PermanentFailure(Exception):
    """The provider refused this message for good (an invalid number, a blocked recipient): no retry."""


class RateLimited(Exception):
    """The provider asks to slow down: the message waits `retry_after` seconds, then goes again."""

    def __init__(self, retry_after: float = 60.0) -> None:
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


class Sender(Protocol):
    def send(self, message: OutboxMessage, attachments: tuple[Attachment, ...] = ()) -> str | None:
        """Send it; return the provider's message id when it gives one (delivery callbacks name it)."""


class SmtpSender:
    """E-mail over SMTP (settings: host, port, user, password, sender); STARTTLS when offered."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def send(self, message: OutboxMessage, attachments: tuple[Attachment, ...] = ()) -> str | None:
        s = self.settings
        if not s.smtp_host:
            raise RuntimeError("SMTP_HOST is not set")
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = s.smtp_from, message.recipient, message.subject
        email.set_content(message.body)
        if message.ics:
            # text with its charset: the person's language may be Arabic (a client reads no charset as ASCII)
            email.add_attachment(message.ics, subtype="calendar", charset="utf-8", filename="rendez-vous.ics")
        for item in attachments:
            email.add_attachment(item.data, maintype=item.maintype, subtype=item.subtype, filename=item.filename)
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=20) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
            smtp.send_message(email)
        return None


class LoggingSmsSender:
    """The explicit "no SMS provider configured" mode (`DOSSIER_SMS_PROVIDER` unset): it records that a
    text would go out, by message id and kind only."""

    def send(self, message: OutboxMessage, attachments: tuple[Attachment, ...] = ()) -> str | None:
        log.info("SMS %s would be sent (%s): no SMS provider configured", message.id, message.kind)
        return None
