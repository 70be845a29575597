"""The roadmap's append-only history: one event per change, and its reading in plain French.

Events are written by the services of `dossier.roadmap`, `dossier.roadmap` and `dossier.roadmap`
inside the same transaction as the change itself, so a change never lands without its event. Nothing
here updates or deletes an event (database triggers refuse it anyway).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from dossier import clock, formatting
from dossier.access import can_read, open_person
from dossier.actor import Actor
from dossier.labels import t
from dossier.policy import Category
from storage.models import Organisation, RoadmapEvent


def _json(values: dict[str, Any] | None) -> str | None:
    if not values:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def record(session: Session, actor: Actor, person_id: int, *, category: Category, entity: str,
           entity_id: int | None, change: str, subject: str, before: dict[str, Any] | None = None,
           after: dict[str, Any] | None = None,
           in_presence: bool = False, at: dt.datetime | None = None) -> RoadmapEvent:
    event = RoadmapEvent(
        beneficiary_id=person_id, at=at or clock.now(), actor_kind=actor.kind, actor_id=actor.id,
        actor_name=actor.display_name, actor_role=actor.role,
        organisation_id=actor.organisation_id if actor.is_professional else None, in_presence=in_presence,
        category=category.value, entity=entity, entity_id=entity_id, change=change, subject=subject[:200],
        before=_json(before), after=_json(after),
    )
    session.add(event)
    return event


def last_change(session: Session, entity: str, entity_id: int) -> RoadmapEvent | None:
    """Who touched this item last, and when (shown to a writer whose version was stale)."""
    return session.exec(
        select(RoadmapEvent).where(RoadmapEvent.entity == entity, RoadmapEvent.entity_id == entity_id)
        .order_by(RoadmapEvent.at.desc(), RoadmapEvent.id.desc()).limit(1)
    ).first()


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    who: str
    what: str
    details: tuple[str, ...]
    in_presence: bool


def display_value(field: str, value: Any, organisations: dict[int, str] | None = None) -> str:
    """A stored value as people read it (statuses and carriers in words, dates as JJ/MM/AAAA)."""
    if value is None or value == "":
        return t("history.value.none")
    if field == "partner_organisation_id":
        return (organisations or {}).get(int(value), t("history.value.none"))
    if field == "status":
        return t(f"status.{value}")
    if field == "carrier":
        return t(f"carrier.{value}")
    if field == "due_date":
        return formatting.date(dt.date.fromisoformat(str(value)))
    if field == "source":
        return t(f"situation.source.{value}")
    if field in ("side", "channel"):
        return t(f"validation.{field}.{value}")
    return str(value)


def _by(event: RoadmapEvent, viewer: Actor) -> bool:
    return event.actor_kind == viewer.kind and event.actor_id == viewer.id


def author(event: RoadmapEvent, viewer: Actor, organisations: dict[int, str]) -> str:
    """"Vous" for the viewer's own changes; otherwise the name, the role and the structure."""
    if _by(event, viewer):
        return t("history.who.you")
    if event.actor_kind == "beneficiary":
        return t("history.who.person", name=event.actor_name)
    if event.actor_kind == "system":
        return t("history.who.system")
    return t("history.who.pro", name=event.actor_name, role=t(f"role.{event.actor_role}"),
             structure=organisations.get(event.organisation_id, ""))


def describe(event: RoadmapEvent, organisations: dict[int, str], *, by_viewer: bool = False
             ) -> tuple[str, tuple[str, ...]]:
    """The sentence for one event (conjugated for "Vous" when the viewer made it) and its
    "before → after" details."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    what = t(f"history.{event.entity}.{event.change}{'.you' if by_viewer else ''}", subject=event.subject)
    if event.change != "updated":
        return what, ()
    details = tuple(
        t("history.detail", field=t(f"history.field.{name}"),
          before=display_value(name, before.get(name), organisations),
          after=display_value(name, after.get(name), organisations))
        for name in sorted(set(before) | set(after))
    )
    return what, details


def person_history(session: Session, actor: Actor, person_id: int, *, limit: int = 200) -> list[HistoryLine]:
    """"Ce qui a changé", newest first: the events of the categories this reader may see (a référent
    does not see changes to health items without the person's explicit consent)."""
    person = open_person(session, actor, person_id, Category.ROADMAP)
    readable = [c.value for c in Category if can_read(session, actor, person, c)]
    events = session.exec(
        select(RoadmapEvent).where(RoadmapEvent.beneficiary_id == person_id, RoadmapEvent.category.in_(readable))
        .order_by(RoadmapEvent.at.desc(), RoadmapEvent.id.desc()).limit(limit)
    ).all()
    organisations = dict(session.exec(select(Organisation.id, Organisation.name)).all())
    lines = []
    for event in events:
        what, details = describe(event, organisations, by_viewer=_by(event, actor))
        lines.append(HistoryLine(event.at, author(event, actor, organisations), what, details, event.in_presence))
    return lines
