"""The diagnostic (socle commun): the person's situations per thématique, from the référentiel.

A situation is declared by the person or recorded by a professional of their structure référente, with
its date. Removing one stamps it as removed: the row stays, its history too, and it can be declared
again later (a new row). At most one current row per person and situation (a partial unique index).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from dossier import clock
from dossier.access import can_read, open_person
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.policy import Category, Permission, category_of
from dossier.roadmap import _history
from storage.models import ReferenceItem, ReferenceTheme, Situation
from storage.upsert import insert_unless_exists
from storage.vocabulary import ReferenceKind, SituationSource


@dataclass(frozen=True)
class SituationView:
    id: int
    ref_code: str
    label: str
    source: str  # personne / professionnel
    recorded_at: dt.datetime


@dataclass(frozen=True)
class ThemeSituations:
    code: str
    label: str
    situations: tuple[SituationView, ...]


def load_diagnostic(session: Session, actor: Actor, person_id: int) -> list[ThemeSituations]:
    """Current situations grouped by thématique, in the référentiel's order (one query)."""
    person = open_person(session, actor, person_id, Category.SITUATION)
    shown = [code for code in session.exec(select(ReferenceTheme.code))
             if can_read(session, actor, person, category_of(code, Category.SITUATION))]
    rows = session.exec(
        select(Situation, ReferenceItem.label, ReferenceTheme.label, ReferenceTheme.position)
        .join(ReferenceItem, ReferenceItem.code == Situation.ref_code)
        .join(ReferenceTheme, ReferenceTheme.code == Situation.theme_code)
        .where(Situation.beneficiary_id == person_id, Situation.removed_at.is_(None),
               Situation.theme_code.in_(shown))
        .order_by(ReferenceTheme.position, ReferenceItem.position)
    ).all()
    grouped: dict[str, list[SituationView]] = defaultdict(list)
    theme_labels: dict[str, str] = {}
    for situation, label, theme_label, _ in rows:
        grouped[situation.theme_code].append(
            SituationView(situation.id, situation.ref_code, label, situation.source, situation.recorded_at))
        theme_labels[situation.theme_code] = theme_label
    return [ThemeSituations(code, theme_labels[code], tuple(items)) for code, items in grouped.items()]


def declare(session: Session, actor: Actor, person_id: int, ref_code: str | None) -> int:
    """Declared by the person, or recorded by a professional: the source follows the actor."""
    open_person(session, actor, person_id, Category.SITUATION, Permission.EDIT)
    item = session.exec(select(ReferenceItem).where(ReferenceItem.code == (ref_code or ""),
                                                    ReferenceItem.kind == ReferenceKind.SITUATION)).first()
    if item is None:
        raise FieldErrors({"situation": "error.diagnostic.choose"})
    category = category_of(item.theme_code, Category.SITUATION)
    open_person(session, actor, person_id, category, Permission.EDIT)
    source = SituationSource.PERSON if actor.is_beneficiary else SituationSource.PROFESSIONAL
    # The partial unique index decides: no savepoint, so a refused insert leaves nothing half-written.
    situation_id = insert_unless_exists(
        session, Situation, {"beneficiary_id": person_id, "ref_code": item.code, "theme_code": item.theme_code,
                             "source": source, "recorded_at": clock.now()},
        index_elements=["beneficiary_id", "ref_code"], index_where=Situation.removed_at.is_(None),
        returning=Situation.id)
    if situation_id is None:
        raise FieldErrors({"situation": "error.diagnostic.already"})
    _history.record(session, actor, person_id, category=category, entity="situation", entity_id=situation_id,
                   change="created", subject=item.label, after={"source": source})
    session.flush()
    return situation_id


def remove(session: Session, actor: Actor, situation_id: int) -> bool:
    """Mark a situation as no longer current; False when someone already removed it."""
    situation = session.get(Situation, situation_id)
    if situation is None:
        raise PermissionDenied("denied.dossier")
    category = category_of(situation.theme_code, Category.SITUATION)
    open_person(session, actor, situation.beneficiary_id, category, Permission.EDIT)
    done = session.execute(update(Situation).where(Situation.id == situation_id, Situation.removed_at.is_(None))
                           .values(removed_at=clock.now()))
    if done.rowcount != 1:
        return False
    label = session.exec(select(ReferenceItem.label).where(ReferenceItem.code == situation.ref_code)).one()
    _history.record(session, actor, situation.beneficiary_id, category=category, entity="situation",
                   entity_id=situation_id, change="removed", subject=label)
    session.flush()
    return True
