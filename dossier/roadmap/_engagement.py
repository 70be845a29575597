"""« Valider ensemble »: the person and their référent both confirm one precise revision of the
roadmap; when both sides have confirmed the same revision, that content is frozen as the engagement
(contrat d'engagement), an immutable snapshot with both confirmation times.

Confirmations and engagements are append-only (database triggers). A confirmation names the revision
it read: if the roadmap changed since, it is refused and the confirmer reads the new content first.
Confirmations for one person are serialised by a row lock on their roadmap row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, select

from dossier import clock
from dossier.access import open_person
from dossier.accounts import actor_for_beneficiary, person_channel
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied, Refusal
from dossier.policy import Category, Permission
from dossier.roadmap import _history
from dossier.roadmap._roadmap import read_roadmap, readable_themes
from storage.models import Engagement, ReferenceTheme, Roadmap, RoadmapConfirmation
from storage.vocabulary import PresenceChannel, Role, Side


class RoadmapChanged(Refusal):
    """The roadmap changed since the confirmer read it: nothing was recorded."""

    key = "validation.changed"


@dataclass(frozen=True)
class ConfirmOutcome:
    side: str
    validated: bool  # True when this confirmation completed the engagement


def snapshot_of(session: Session, person_id: int) -> dict:
    """The whole roadmap's content (every thématique, health included: the engagement is the person's
    whole commitment; readers are filtered when it is shown), without comments."""
    themes = set(session.exec(select(ReferenceTheme.code)))
    view = read_roadmap(session, person_id, themes)
    return {
        "revision": view.validation.revision,
        "themes": [
            {"theme": card.label, "code": card.code, "goals": [
                {"label": g.label, "status": g.status, "actions": [
                    {"label": a.label, "status": a.status, "carrier": a.carrier, "partner": a.partner_name,
                     "due_date": a.due_date.isoformat() if a.due_date else None}
                    for a in g.actions]}
                for g in card.goals]}
            for card in view.themes
        ],
    }


def _side_and_channel(session: Session, actor: Actor, person_id: int, person_code: str | None,
                      on_kiosk: bool) -> tuple[Side, PresenceChannel, int | None]:
    channel = person_channel(session, actor, person_id, person_code, on_kiosk)
    if actor.is_beneficiary:
        return Side.PERSON, channel, None
    if channel is not None:  # the person approves on the référent's screen, with their own code
        return Side.PERSON, channel, actor.id
    return Side.REFERENT, PresenceChannel.AUTONOMOUS, actor.id


def confirm(session: Session, actor: Actor, person_id: int, revision: int, *, person_code: str | None = None,
            on_kiosk: bool = False) -> ConfirmOutcome:
    """One side's confirmation of `revision`; completes the engagement when the other side has
    confirmed the same revision. Raises RoadmapChanged when `revision` is no longer current."""
    person = open_person(session, actor, person_id, Category.ROADMAP, Permission.EDIT)
    if not actor.is_beneficiary and not actor.has_role(Role.REFERENT):
        raise PermissionDenied("denied.engagement")
    if session.get(Roadmap, person_id) is None:
        raise FieldErrors({"_form": "error.validation.empty"})
    side, channel, professional_id = _side_and_channel(session, actor, person_id, person_code, on_kiosk)
    locked = session.execute(  # row lock + revision check in one statement
        update(Roadmap).where(Roadmap.beneficiary_id == person_id, Roadmap.revision == revision)
        .values(updated_at=Roadmap.updated_at)
    )
    if locked.rowcount != 1:
        raise RoadmapChanged()
    snapshot = snapshot_of(session, person_id)
    if not any(card["goals"] for card in snapshot["themes"]):
        raise FieldErrors({"_form": "error.validation.empty"})
    confirmations = {c.side: c for c in session.exec(
        select(RoadmapConfirmation).where(RoadmapConfirmation.beneficiary_id == person_id,
                                          RoadmapConfirmation.revision == revision))}
    now = clock.now()
    in_presence = channel == PresenceChannel.IN_PRESENCE
    signer = actor_for_beneficiary(person) if side == Side.PERSON else actor  # the person approved
    if side not in confirmations:
        mine = RoadmapConfirmation(beneficiary_id=person_id, revision=revision, side=side, channel=channel,
                                   professional_id=professional_id, at=now)
        session.add(mine)
        confirmations[side] = mine
        _history.record(session, signer, person_id, category=Category.ROADMAP, entity="validation",
                       entity_id=revision, change="confirmed",
                       subject=f"{revision}", after={"side": side, "channel": channel}, in_presence=in_presence)
        session.flush()
    if set(confirmations) != {Side.PERSON, Side.REFERENT}:
        return ConfirmOutcome(side, False)
    already = session.exec(select(Engagement.id).where(Engagement.beneficiary_id == person_id,
                                                       Engagement.revision == revision)).first()
    if already:
        return ConfirmOutcome(side, False)
    person_side, referent_side = confirmations[Side.PERSON], confirmations[Side.REFERENT]
    body = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
    session.add(Engagement(
        beneficiary_id=person_id, revision=revision, snapshot=body,
        snapshot_sha256=hashlib.sha256(body.encode()).hexdigest(),
        person_confirmed_at=person_side.at, person_channel=person_side.channel,
        referent_confirmed_at=referent_side.at, referent_id=referent_side.professional_id, validated_at=now,
    ))
    session.execute(update(Roadmap).where(Roadmap.beneficiary_id == person_id).values(
        validated_revision=revision, last_validated_at=now,
        first_validated_at=func.coalesce(Roadmap.first_validated_at, now)))
    _history.record(session, signer, person_id, category=Category.ROADMAP, entity="validation", entity_id=revision,
                   change="validated",
                   subject=f"{revision}", in_presence=in_presence)
    session.flush()
    return ConfirmOutcome(side, True)


@dataclass(frozen=True)
class EngagementView:
    validated_at: dt.datetime
    person_confirmed_at: dt.datetime
    person_channel: str
    referent_confirmed_at: dt.datetime
    revision: int
    content: dict


def latest_engagement(session: Session, actor: Actor, person_id: int) -> EngagementView | None:
    person = open_person(session, actor, person_id, Category.ROADMAP)
    row = session.exec(select(Engagement).where(Engagement.beneficiary_id == person_id)
                       .order_by(Engagement.revision.desc()).limit(1)).first()
    if row is None:
        return None
    content = json.loads(row.snapshot)
    shown = readable_themes(session, actor, person)
    content["themes"] = [theme for theme in content["themes"] if theme["code"] in shown]
    return EngagementView(row.validated_at, row.person_confirmed_at, row.person_channel, row.referent_confirmed_at,
                          row.revision, content)
