"""The person's side of messaging: every message sent to them (« Qui m'a écrit », with channel and
date), and their choice to receive SMS and e-mails or not. Refusing a channel also cancels what was
waiting to go by it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from dossier import clock
from dossier.access import open_person
from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.policy import Category
from storage.models import Beneficiary, OutboxMessage
from storage.vocabulary import OutboxChannel, OutboxStatus


@dataclass(frozen=True)
class MessageLine:
    at: dt.datetime  # when it left, or when it was written for one not sent
    channel: str
    kind: str
    status: str


def messages_to(session: Session, actor: Actor, person_id: int) -> list[MessageLine]:
    """Every message written for the person, newest first (their own reading; professionals see the
    appointments category)."""
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == person_id)
                        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())).all()
    return [MessageLine(m.sent_at or m.created_at, m.channel, m.kind, m.status) for m in rows]


@dataclass(frozen=True)
class ChannelChoice:
    sms: bool
    email: bool


def channel_choice(session: Session, actor: Actor, person_id: int) -> ChannelChoice:
    person = open_person(session, actor, person_id, Category.IDENTITY)
    return ChannelChoice(person.sms_opt_out_at is None, person.email_opt_out_at is None)


def choose_channels(session: Session, actor: Actor, sms: bool, email: bool) -> ChannelChoice:
    """The person (only them) accepts or refuses SMS and e-mails; a refusal cancels what was waiting."""
    if not actor.is_beneficiary:
        raise PermissionDenied("denied.action")
    person = session.get(Beneficiary, actor.id)
    now = clock.now()
    person.sms_opt_out_at = None if sms else (person.sms_opt_out_at or now)
    person.email_opt_out_at = None if email else (person.email_opt_out_at or now)
    session.add(person)
    refused = [c for c, keep in ((OutboxChannel.SMS, sms), (OutboxChannel.EMAIL, email)) if not keep]
    if refused:
        session.execute(update(OutboxMessage).where(
            OutboxMessage.beneficiary_id == person.id, OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.channel.in_(refused)).values(status=OutboxStatus.CANCELLED, last_error="opted_out"))
    session.flush()
    return ChannelChoice(sms, email)
