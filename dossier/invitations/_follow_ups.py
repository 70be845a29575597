"""What happens after the invitation: a reminder a few days later and a last one shortly before the
link expires, only while the person has neither activated their account nor got a first appointment;
never more than these two; none once they booked, whatever the way. The outbox asks `still_wanted`
again just before sending, so a person who booked meanwhile gets nothing more.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_
from sqlmodel import Session, select

from dossier import appointments, clock, messaging
from dossier.invitations._campaigns import activated_people, queue_messages
from dossier.settings import get_settings
from storage.models import Beneficiary, Booking, Credential, Invitation, InvitationCampaign, OutboxMessage
from storage.vocabulary import OutboxKind

INVITATION_KINDS = (OutboxKind.INVITATION, OutboxKind.INVITATION_REMINDER, OutboxKind.INVITATION_LAST)


def _booked(session: Session, person_id: int) -> bool:
    return session.exec(appointments.has_first_appointment().where(Booking.beneficiary_id == person_id)).first() \
        is not None


def _activated(session: Session, person_id: int) -> bool:
    return session.exec(activated_people().where(Credential.beneficiary_id == person_id)).first() is not None


def still_wanted(session: Session, message: OutboxMessage) -> bool:
    """Asked by the outbox before each message: an invitation step goes only to a person still without
    a first appointment; a follow-up only while the link is unused and the account not activated."""
    if message.kind not in INVITATION_KINDS:
        return True
    if _booked(session, message.beneficiary_id):
        return False
    if message.kind == OutboxKind.INVITATION:
        return True
    invitation = session.get(Invitation, message.invitation_id)
    return invitation is not None and invitation.used_at is None and invitation.expires_at > clock.now() \
        and not _activated(session, message.beneficiary_id)


def queue_follow_ups(session: Session) -> int:
    """The reminders due now (reminder_days after the invitation; last_days before the expiry), each
    once per invitation and channel. One query picks the invitations due, unused, of people neither
    activated nor booked, with the link their messages carry (the worker runs every few minutes over
    every running invitation). Returns how many messages were queued."""
    settings, now = get_settings(), clock.now()
    last_from = now + dt.timedelta(days=settings.invitation_last_days_before)  # expiry within that: the last one
    link = (select(OutboxMessage.link).where(OutboxMessage.invitation_id == Invitation.id,
                                             OutboxMessage.link.is_not(None))
            .order_by(OutboxMessage.id.desc()).limit(1).scalar_subquery())
    rows = session.exec(
        select(Invitation, link).join(InvitationCampaign, InvitationCampaign.id == Invitation.campaign_id)
        .where(Invitation.used_at.is_(None), Invitation.expires_at > now,
               Invitation.beneficiary_id.not_in(activated_people()),
               Invitation.beneficiary_id.not_in(appointments.has_first_appointment()),
               or_(Invitation.created_at <= now - dt.timedelta(days=settings.invitation_reminder_days),
                   Invitation.expires_at <= last_from))).all()
    queued = 0
    for invitation, url in rows:
        if url is None:  # a letter only: nothing to remind by
            continue
        kind = OutboxKind.INVITATION_LAST if invitation.expires_at <= last_from else OutboxKind.INVITATION_REMINDER
        queued += queue_messages(session, invitation, kind, url)
    return queued


def letter_attachment(session: Session, message: OutboxMessage) -> tuple[messaging.Attachment, ...]:
    """The invitation e-mail carries the letter as a PDF, with the same personal link."""
    if message.kind != OutboxKind.INVITATION or not message.link:
        return ()
    invitation = session.get(Invitation, message.invitation_id)
    person = session.get(Beneficiary, message.beneficiary_id)
    pdf = appointments.link_letters(session, [(person, message.link, invitation.expires_at)])
    return (messaging.Attachment("invitation.pdf", "application", "pdf", pdf),)


def send_outbox(session: Session, **senders) -> dict[str, int]:
    """The worker's round (`python -m dossier send-outbox`): queue the appointment reminders and the
    invitation follow-ups due, then send what is due with the rules of each channel."""
    queued = appointments.queue_reminders(session) + queue_follow_ups(session)
    session.commit()
    counts = messaging.send_due(session, still_wanted=still_wanted, attachments=letter_attachment, **senders)
    return {"queued": queued, **counts}
