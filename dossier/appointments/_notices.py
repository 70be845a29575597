"""Notices about appointments: written to an outbox in the booking's own transaction, sent later.

Confirmation, move, cancellation and the reminder 2 days before go by e-mail when the person has an
address (with the .ics), else by SMS. A worker (`python -m dossier send-outbox`, run every few minutes)
queues the reminders and sends what is due; a failure is retried with a growing delay and never touches
the booking. Logs name message ids and error kinds only, never an address or a text.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import update
from sqlmodel import Session, select

from dossier import clock, formatting
from dossier.access import open_person
from dossier.actor import Actor
from dossier.appointments._calendar_file import confirmation_url, ics
from dossier.appointments._views import BookingView, view_of
from dossier.labels import t
from dossier.policy import Category
from dossier.settings import Settings, get_settings
from storage.models import Beneficiary, Booking, OutboxMessage, Slot
from storage.upsert import insert_unless_exists
from storage.vocabulary import BookingStatus, OutboxChannel, OutboxKind, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=5)
REMINDER_BEFORE = dt.timedelta(days=2)
WITH_CALENDAR = (OutboxKind.CONFIRMATION, OutboxKind.MOVED, OutboxKind.REMINDER)


def _text(kind: OutboxKind, booking: BookingView) -> tuple[str, str]:
    local = clock.as_paris(booking.slot.starts_at)
    values = {"day": formatting.long_date(local), "time": formatting.time(local), "place": booking.place_name,
              "address": f"{booking.place_address}, {booking.place_city}", "reference": booking.reference,
              "bring": booking.what_to_bring, "url": confirmation_url(booking.reference)}
    return t(f"notice.{kind}.subject", **values), t(f"notice.{kind}.body", **values)


def channel_of(person: Beneficiary) -> tuple[OutboxChannel, str] | None:
    """Where a person's notices go: e-mail when they have an address, else SMS, else nowhere."""
    if person.email:
        return OutboxChannel.EMAIL, person.email
    if person.phone:
        return OutboxChannel.SMS, person.phone
    return None


def sending_configured(channel: OutboxChannel, settings: Settings | None = None) -> bool:
    """Whether a notice on `channel` actually leaves: e-mail needs SMTP_HOST; SMS has no provider yet
    (`LoggingSmsSender` only records it), so the app never promises an SMS."""
    return channel == OutboxChannel.EMAIL and bool((settings or get_settings()).smtp_host)


def reminder_channel(session: Session, actor: Actor, person_id: int) -> OutboxChannel | None:
    """The channel by which the person will get the reminder 2 days before ("email", "sms"), or None when
    nothing will reach them: what the booking page promises after a booking."""
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    found = channel_of(session.get(Beneficiary, person_id))
    return found[0] if found and sending_configured(found[0]) else None


def enqueue(session: Session, booking_id: int, kind: OutboxKind, *, key: str | None = None) -> bool:
    """Queue one notice for a booking (once: `key` defaults to kind + booking + créneau). False when
    the person has neither e-mail nor phone, or the notice was already queued."""
    booking = session.get(Booking, booking_id)
    person = session.get(Beneficiary, booking.beneficiary_id)
    found = channel_of(person)
    if found is None:
        return False
    channel, recipient = found
    view = view_of(session, booking)
    subject, body = _text(kind, view)
    now = clock.now()
    inserted = insert_unless_exists(
        session, OutboxMessage,
        {"dedupe_key": key or f"{kind}:{booking.id}:{booking.slot_id}:{booking.version}",
         "beneficiary_id": person.id, "booking_id": booking.id, "kind": kind, "channel": channel,
         "recipient": recipient, "subject": subject, "body": body,
         "ics": ics(view).decode("utf-8") if kind in WITH_CALENDAR and channel == OutboxChannel.EMAIL else None,
         "status": OutboxStatus.PENDING, "attempts": 0, "next_attempt_at": now, "created_at": now},
        index_elements=["dedupe_key"], returning=OutboxMessage.id)
    return inserted is not None


def queue_reminders(session: Session) -> int:
    """A reminder for every upcoming appointment starting within 2 days, booked earlier than that."""
    now = clock.now()
    rows = session.exec(select(Booking.id, Booking.slot_id, Booking.created_at, Slot.starts_at)
                        .join(Slot, Slot.id == Booking.slot_id)
                        .where(Booking.status == BookingStatus.UPCOMING, Slot.starts_at > now,
                               Slot.starts_at <= now + REMINDER_BEFORE)).all()
    queued = 0
    for booking_id, slot_id, created_at, starts_at in rows:
        if starts_at - created_at > REMINDER_BEFORE:
            queued += enqueue(session, booking_id, OutboxKind.REMINDER, key=f"reminder:{booking_id}:{slot_id}")
    return queued


class Sender(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class SmtpSender:
    """E-mail over SMTP (settings: host, port, user, password, sender); STARTTLS when offered."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def send(self, message: OutboxMessage) -> None:
        s = self.settings
        if not s.smtp_host:
            raise RuntimeError("SMTP_HOST is not set")
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = s.smtp_from, message.recipient, message.subject
        email.set_content(message.body)
        if message.ics:
            email.add_attachment(message.ics.encode("utf-8"), maintype="text", subtype="calendar",
                                 filename="rendez-vous.ics")
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=20) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
            smtp.send_message(email)


class LoggingSmsSender:
    """The default SMS sender: no provider is wired yet, so it records that a text would go out."""

    def send(self, message: OutboxMessage) -> None:
        log.info("SMS %s would be sent (%s)", message.id, message.kind)


def send_due(session: Session, *, email: Sender | None = None, sms: Sender | None = None, limit: int = 100) -> dict:
    """Send what is due, one message at a time; each is claimed by a conditional UPDATE (several workers
    never send the same message) and its outcome committed on its own."""
    email = email or SmtpSender()
    sms = sms or LoggingSmsSender()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING,
                                                      OutboxMessage.next_attempt_at <= clock.now())
                       .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).all()
    for message_id in due:
        message = session.get(OutboxMessage, message_id)
        claim = clock.now() + dt.timedelta(minutes=10)  # another worker skips it while this one works
        claimed = session.execute(update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.attempts == message.attempts, OutboxMessage.next_attempt_at <= clock.now())
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=claim))
        session.commit()
        if claimed.rowcount != 1:
            continue
        session.refresh(message)
        try:
            (email if message.channel == OutboxChannel.EMAIL else sms).send(message)
        except Exception as exc:  # noqa: BLE001 — any failure is retried later
            final = message.attempts >= MAX_ATTEMPTS
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(
                status=OutboxStatus.FAILED if final else OutboxStatus.PENDING, last_error=type(exc).__name__[:200],
                next_attempt_at=clock.now() + FIRST_RETRY * 2 ** (message.attempts - 1)))
            counts["failed" if final else "retry"] += 1
            log.warning("outbox message %s not sent (%s), attempt %s", message_id, type(exc).__name__,
                        message.attempts)
        else:
            session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                            .values(status=OutboxStatus.SENT, sent_at=clock.now(), last_error=None))
            counts["sent"] += 1
        session.commit()
    return counts
