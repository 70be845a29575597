"""Exceptional access: a référent of another structure opens a dossier for an urgent, written reason.

It lasts 3 hours, never covers health, never allows editing, and every read under it is logged as
exceptional and shown in red to the person (`dossier.sharing`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.validation import COMMENT_MAX, check_free_text
from storage.models import Beneficiary, ExceptionalAccess
from storage.vocabulary import Role

DURATION = dt.timedelta(hours=3)
REASON_MIN = 20


@dataclass(frozen=True)
class RunningAccess:
    person_id: int
    dossier_number: str
    name: str
    ends_at: dt.datetime


def open_exceptional(session: Session, actor: Actor, dossier_number: str, reason: str) -> RunningAccess:
    """Start a 3-hour access; the same answer for an unknown number and one of the actor's own
    structure (which needs no exceptional access)."""
    if not actor.has_role(Role.REFERENT):
        raise PermissionDenied("denied.action")
    errors: dict[str, str] = {}
    try:
        text = check_free_text(reason, max_length=COMMENT_MAX, sensitive_ok=True)
        if len(text) < REASON_MIN:
            errors["reason"] = "error.exceptional.reason"
    except ValueError as exc:
        errors["reason"] = "error.exceptional.reason" if str(exc) == "error.required" else str(exc)
    number = dossier_number.strip().upper()
    person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).first() if number else None
    if person is None or person.organisation_id == actor.organisation_id:
        errors["number"] = "error.exceptional.number"
    if errors:
        raise FieldErrors(errors)
    now = clock.now()
    access = ExceptionalAccess(beneficiary_id=person.id, professional_id=actor.id,
                               organisation_id=actor.organisation_id, reason=text, started_at=now,
                               ends_at=now + DURATION)
    session.add(access)
    session.flush()
    return RunningAccess(person.id, person.dossier_number, f"{person.last_name.upper()} {person.first_name}",
                         access.ends_at)


def running_accesses(session: Session, actor: Actor) -> list[RunningAccess]:
    """The actor's accesses still running, soonest end first (they pick the person from these)."""
    if not actor.is_professional:
        return []
    rows = session.exec(
        select(ExceptionalAccess, Beneficiary).join(Beneficiary, Beneficiary.id == ExceptionalAccess.beneficiary_id)
        .where(ExceptionalAccess.professional_id == actor.id, ExceptionalAccess.ends_at > clock.now())
        .order_by(ExceptionalAccess.ends_at)
    ).all()
    seen: dict[int, RunningAccess] = {}
    for access, person in rows:
        seen[person.id] = RunningAccess(person.id, person.dossier_number,
                                        f"{person.last_name.upper()} {person.first_name}", access.ends_at)
    return list(seen.values())
