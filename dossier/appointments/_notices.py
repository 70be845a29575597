"""Notices about appointments, written to the outbox (`dossier.messaging`) in the booking's own
transaction, in the person's language (their stored preference): confirmation, move, cancellation and
the reminder 2 days before go by e-mail when the
person has an address (with the .ics), else by SMS. The worker (`python -m dossier send-outbox`) queues
the reminders and sends; a failure is retried and never touches the booking.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from dossier import clock, formatting, i18n, messaging
from dossier.access import open_person
from dossier.actor import Actor
from dossier.appointments._calendar_file import confirmation_url, ics
from dossier.appointments._views import BookingView, view_of
from dossier.labels import t
from dossier.policy import Category
from storage.models import Beneficiary, Booking, Slot
from storage.vocabulary import BookingStatus, OutboxChannel, OutboxKind

REMINDER_BEFORE = dt.timedelta(days=2)
WITH_CALENDAR = (OutboxKind.CONFIRMATION, OutboxKind.MOVED, OutboxKind.REMINDER)


def _text(kind: OutboxKind, booking: BookingView) -> tuple[str, str]:
    local = clock.as_paris(booking.slot.starts_at)
    values = {"day": formatting.long_date(local), "time": formatting.time(local), "place": booking.place_name,
              "address": f"{booking.place_address}, {booking.place_city}", "reference": booking.reference,
              "bring": booking.what_to_bring, "url": confirmation_url(booking.reference)}
    return t(f"notice.{kind}.subject", **values), t(f"notice.{kind}.body", **values)


def reminder_channel(session: Session, actor: Actor, person_id: int) -> OutboxChannel | None:
    """The channel by which the person will get the reminder 2 days before ("email", "sms"), or None when
    nothing will reach them: what the booking page promises after a booking."""
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    found = messaging.channel_of(session.get(Beneficiary, person_id))
    return found[0] if found and messaging.sending_configured(found[0]) else None


def enqueue(session: Session, booking_id: int, kind: OutboxKind, *, key: str | None = None) -> bool:
    """Queue one notice for a booking (once: `key` defaults to kind + booking + créneau). False when
    nothing reaches the person (no e-mail, no mobile, or they refused both), or it was already queued."""
    booking = session.get(Booking, booking_id)
    person = session.get(Beneficiary, booking.beneficiary_id)
    found = messaging.channel_of(person)
    if found is None:
        return False
    channel, recipient = found
    view = view_of(session, booking)
    with i18n.use(person.language):  # written in the person's language, whoever booked
        subject, body = _text(kind, view)
        calendar = ics(view).decode("utf-8") if kind in WITH_CALENDAR and channel == OutboxChannel.EMAIL else None
    return messaging.enqueue(
        session, dedupe_key=key or f"{kind}:{booking.id}:{booking.slot_id}:{booking.version}", person_id=person.id,
        kind=kind, channel=channel, recipient=recipient, subject=subject, body=body, booking_id=booking.id,
        ics=calendar)


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
