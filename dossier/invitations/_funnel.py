"""How far the people of each campaign came, by channel: invited → link opened → account activated →
first appointment booked after the invitation (of which online, by the person themself) → honoured.
Counts only, no one named; the pilotage page masks the small ones. Definitions in docs/indicateurs.md
(« invitations_campagne »)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier.actor import Actor
from dossier.appointments import FIRST
from dossier.policy import Permission, require
from storage.models import Booking, Credential, Invitation, InvitationCampaign, OutboxMessage
from storage.vocabulary import BookingChannel, BookingStatus, OutboxKind, OutboxStatus

ONLINE = frozenset({BookingChannel.AUTONOMOUS, BookingChannel.KIOSK})
LETTER = "courrier"  # the channel of the people reached by a printed letter only


@dataclass(frozen=True)
class FunnelRow:
    campaign_id: int
    campaign: str
    channel: str  # "sms", "email", or "courrier"
    invited: int
    opened: int
    activated: int
    booked: int
    booked_online: int
    honoured: int
    median_days_to_booking: float | None

    @property
    def online_rate(self) -> float | None:
        """Booked online by the person after the invitation, out of the people invited."""
        return self.booked_online / self.invited if self.invited else None


@dataclass(frozen=True)
class _Person:
    invited_at: dt.datetime
    opened: bool
    activated: bool
    booked_at: dt.datetime | None
    booked_online: bool
    honoured: bool


def campaign_funnel(session: Session, actor: Actor) -> list[FunnelRow]:
    """One row per campaign and channel, newest campaign first (a person reached by SMS and by e-mail
    counts in both rows; a person with neither, in « courrier »)."""
    require(actor, Permission.VIEW_PILOTAGE)
    invited = session.execute(
        select(InvitationCampaign.id, InvitationCampaign.name, Invitation.id, Invitation.beneficiary_id,
               Invitation.created_at, Invitation.opened_at, Credential.activated_at)
        .join(Invitation, Invitation.campaign_id == InvitationCampaign.id)
        .outerjoin(Credential, Credential.beneficiary_id == Invitation.beneficiary_id)
        .order_by(InvitationCampaign.created_at.desc(), InvitationCampaign.id.desc(), Invitation.id)).all()
    channels = defaultdict(set)
    for invitation_id, channel in session.execute(
            select(OutboxMessage.invitation_id, OutboxMessage.channel)
            .where(OutboxMessage.kind == OutboxKind.INVITATION, OutboxMessage.status == OutboxStatus.SENT)):
        channels[invitation_id].add(channel)
    bookings = defaultdict(list)
    for person_id, created_at, channel, status in session.execute(
            select(Booking.beneficiary_id, Booking.created_at, Booking.channel, Booking.status)
            .join(Invitation, Invitation.beneficiary_id == Booking.beneficiary_id)
            .where(Booking.type_code == FIRST, Invitation.campaign_id.is_not(None))
            .order_by(Booking.created_at).distinct()):
        bookings[person_id].append((created_at, channel, status))
    groups: dict[tuple[int, str, str], list[_Person]] = defaultdict(list)
    for campaign_id, name, invitation_id, person_id, invited_at, opened_at, activated_at in invited:
        after = [b for b in bookings[person_id] if b[0] >= invited_at]
        person = _Person(invited_at, opened_at is not None, activated_at is not None and activated_at >= invited_at,
                         after[0][0] if after else None, bool(after) and after[0][1] in ONLINE,
                         any(status == BookingStatus.HONOURED for _, _, status in after))
        for channel in sorted(channels[invitation_id]) or [LETTER]:
            groups[(campaign_id, name, channel)].append(person)
    rows = []
    for (campaign_id, name, channel), people in groups.items():
        delays = [(p.booked_at - p.invited_at).total_seconds() / 86400 for p in people if p.booked_at]
        rows.append(FunnelRow(campaign_id, name, channel, len(people), sum(p.opened for p in people),
                              sum(p.activated for p in people), len(delays), sum(p.booked_online for p in people),
                              sum(p.honoured for p in people), statistics.median(delays) if delays else None))
    return rows
