"""« Qui a consulté mon dossier » : the access log as the person reads it (their own rows only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier.actor import Actor
from dossier.errors import PermissionDenied
from storage.models import AccessLog, ExceptionalAccess, Organisation

PAGE_SIZE = 50


@dataclass(frozen=True)
class Consultation:
    at: dt.datetime
    structure: str
    role: str
    category: str
    purpose: str
    allowed: bool
    exceptional_reason: str | None


def consultations(session: Session, actor: Actor, limit: int = PAGE_SIZE) -> list[Consultation]:
    """Newest first. Only the person reads their log: it is about them, and about no one else."""
    if not actor.is_beneficiary or actor.id is None:
        raise PermissionDenied("Seule la personne voit cette page.")
    rows = session.exec(
        select(AccessLog, Organisation.name, ExceptionalAccess.reason)
        .join(Organisation, Organisation.id == AccessLog.organisation_id, isouter=True)
        .join(ExceptionalAccess, ExceptionalAccess.id == AccessLog.exceptional_access_id, isouter=True)
        .where(AccessLog.beneficiary_id == actor.id)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit)
    ).all()
    return [Consultation(row.at, name or "", row.role, row.category, row.purpose, row.allowed, reason)
            for row, name, reason in rows]
