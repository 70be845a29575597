"""The outbox: every message (appointment notices, invitations and their follow-ups) is written in the
same transaction as the decision it tells about, then sent by a worker (`python -m dossier
send-outbox`, every few minutes). Each message is claimed by a conditional UPDATE, so two workers never
send it twice; a failure is retried with a growing delay. Before sending, the rules of the person's
channels apply: an opt-out or a wrong number cancels it, quiet hours and the per-minute limit make an
SMS wait. Logs name message ids and error kinds only, never an address or a text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import func, update
from sqlmodel import Session, select

from dossier import clock
from dossier.messaging._brevo import BrevoSmsSender
from dossier.messaging._phones import to_e164
from dossier.messaging._senders import (
    Attachment,
    LoggingSmsSender,
    PermanentFailure,
    RateLimited,
    Sender,
    SmtpSender,
)
from dossier.messaging._windows import next_sms_moment
from dossier.settings import Settings, get_settings
from storage.models import Beneficiary, OutboxMessage
from storage.upsert import insert_many_unless_exist, insert_unless_exists
from storage.vocabulary import OutboxChannel, OutboxStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
FIRST_RETRY = dt.timedelta(minutes=5)
CLAIM = dt.timedelta(minutes=10)  # another worker skips a message while this one works on it

StillWanted = Callable[[Session, OutboxMessage], bool]
AttachmentsFor = Callable[[Session, OutboxMessage], tuple[Attachment, ...]]


def sms_sender(settings: Settings | None = None) -> Sender:
    """The SMS sender the settings name (`DOSSIER_SMS_PROVIDER=brevo`), else the logging one."""
    settings = settings or get_settings()
    return BrevoSmsSender(settings) if settings.sms_provider == "brevo" else LoggingSmsSender()


def sending_configured(channel: OutboxChannel, settings: Settings | None = None) -> bool:
    """Whether a message on `channel` actually leaves: e-mail needs SMTP_HOST, SMS a provider with its
    key. The app promises only what leaves."""
    settings = settings or get_settings()
    if channel == OutboxChannel.EMAIL:
        return bool(settings.smtp_host)
    return settings.sms_provider == "brevo" and bool(settings.brevo_api_key.get_secret_value())


def channels_of(person: Beneficiary) -> list[tuple[OutboxChannel, str]]:
    """Every channel that can reach the person and that they did not refuse: an e-mail address, a
    mobile number in E.164."""
    found: list[tuple[OutboxChannel, str]] = []
    if person.email and person.email_opt_out_at is None:
        found.append((OutboxChannel.EMAIL, person.email))
    mobile = to_e164(person.phone)
    if mobile and person.sms_opt_out_at is None:
        found.append((OutboxChannel.SMS, mobile))
    return found


def channel_of(person: Beneficiary) -> tuple[OutboxChannel, str] | None:
    """The one channel of an appointment notice: e-mail when the person has one, else SMS."""
    found = channels_of(person)
    return found[0] if found else None


def _row(*, dedupe_key: str, person_id: int, kind: str, channel: OutboxChannel, recipient: str, subject: str,
         body: str, booking_id: int | None = None, invitation_id: int | None = None, link: str | None = None,
         ics: str | None = None, not_before: dt.datetime | None = None) -> dict:
    now = clock.now()
    return {"dedupe_key": dedupe_key, "beneficiary_id": person_id, "booking_id": booking_id,
            "invitation_id": invitation_id, "kind": kind, "channel": channel, "recipient": recipient,
            "subject": subject, "body": body, "ics": ics, "link": link, "status": OutboxStatus.PENDING,
            "attempts": 0, "next_attempt_at": max(now, not_before or now), "created_at": now}


def enqueue(session: Session, **message) -> bool:
    """Queue one message, once (`dedupe_key`): False when it was already queued. The keywords are
    `_row`'s: dedupe_key, person_id, kind, channel, recipient, subject, body, and optionally booking_id,
    invitation_id, link, ics, not_before."""
    inserted = insert_unless_exists(session, OutboxMessage, _row(**message), index_elements=["dedupe_key"],
                                    returning=OutboxMessage.id)
    return inserted is not None


def enqueue_many(session: Session, messages: list[dict]) -> int:
    """Queue many messages in one executemany (a campaign), each dict holding `enqueue`'s keywords; a
    dedupe key already queued is skipped by the database."""
    return insert_many_unless_exist(session, OutboxMessage, [_row(**m) for m in messages],
                                    index_elements=["dedupe_key"])


def _set(session: Session, message_id: int, **values) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


def _why_not(session: Session, message: OutboxMessage, still_wanted: StillWanted | None) -> str | None:
    """The reason a claimed message must not go at all, or None."""
    person = session.get(Beneficiary, message.beneficiary_id)
    if message.channel == OutboxChannel.SMS:
        if person.sms_opt_out_at is not None:
            return "opted_out"
        if to_e164(message.recipient) is None:
            return "invalid_number"
    if message.channel == OutboxChannel.EMAIL and person.email_opt_out_at is not None:
        return "opted_out"
    if still_wanted is not None and not still_wanted(session, message):
        return "no_longer_needed"
    return None


def _sms_sent_last_minute(session: Session) -> int:
    since = clock.now() - dt.timedelta(minutes=1)
    return session.exec(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.SMS, OutboxMessage.sent_at >= since)).one()


def send_due(session: Session, *, email: Sender | None = None, sms: Sender | None = None, limit: int = 100,
             still_wanted: StillWanted | None = None, attachments: AttachmentsFor | None = None,
             settings: Settings | None = None) -> dict[str, int]:
    """Send what is due, one message at a time, each outcome committed on its own. Counts by outcome:
    sent, retry, failed, cancelled, held (an SMS waiting for the morning or for the per-minute limit)."""
    settings = settings or get_settings()
    email = email or SmtpSender(settings)
    sms = sms or sms_sender(settings)
    counts = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "held": 0}
    due = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING,
                                                      OutboxMessage.next_attempt_at <= clock.now())
                       .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).all()
    for message_id in due:
        message = session.get(OutboxMessage, message_id)
        now = clock.now()
        if message.channel == OutboxChannel.SMS:
            allowed = next_sms_moment(now)
            if allowed == now and _sms_sent_last_minute(session) >= settings.sms_per_minute:
                allowed = now + dt.timedelta(minutes=1)
            if allowed != now:  # not an attempt: it waits, unclaimed, for its moment
                _set(session, message_id, next_attempt_at=allowed)
                session.commit()
                counts["held"] += 1
                continue
        claimed = session.execute(update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.attempts == message.attempts, OutboxMessage.next_attempt_at <= now)
            .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + CLAIM))
        session.commit()
        if claimed.rowcount != 1:
            continue
        session.refresh(message)
        reason = _why_not(session, message, still_wanted)
        if reason is not None:
            _set(session, message_id, status=OutboxStatus.CANCELLED, last_error=reason)
            session.commit()
            counts["cancelled"] += 1
            continue
        extra = attachments(session, message) if attachments and message.channel == OutboxChannel.EMAIL else ()
        try:
            provider_id = (email if message.channel == OutboxChannel.EMAIL else sms).send(message, extra)
        except RateLimited as slow:
            _set(session, message_id, next_attempt_at=clock.now() + dt.timedelta(seconds=slow.retry_after),
                 attempts=message.attempts - 1, last_error="rate_limited")
            counts["held"] += 1
            log.warning("outbox message %s held: the provider asks to slow down", message_id)
        except Exception as exc:  # noqa: BLE001 — any failure is retried later, unless it is final
            final = isinstance(exc, PermanentFailure) or message.attempts >= MAX_ATTEMPTS
            _set(session, message_id, status=OutboxStatus.FAILED if final else OutboxStatus.PENDING,
                 last_error=type(exc).__name__[:200],
                 next_attempt_at=clock.now() + FIRST_RETRY * 2 ** (message.attempts - 1))
            counts["failed" if final else "retry"] += 1
            log.warning("outbox message %s not sent (%s), attempt %s", message_id, type(exc).__name__,
                        message.attempts)
        else:
            _set(session, message_id, status=OutboxStatus.SENT, sent_at=clock.now(), last_error=None,
                 provider_id=provider_id)
            counts["sent"] += 1
        session.commit()
    return counts
