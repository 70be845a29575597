"""« Qui a consulté mon dossier » : the access log as the person reads it (their own rows only).

The log itself keeps every read (append-only, one row per read, for audits); a page rerun is a read, so
one référent's visit wrote a row per click. The person reads visits: one line per professional, per
30-minute window, with who (name, role, structure), when, which parts, why — and, apart, every refused
attempt and every exceptional access.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.policy import Category
from storage.models import AccessLog, ExceptionalAccess, Organisation, Professional

PAGE_SIZE = 50
VISIT = dt.timedelta(minutes=30)  # reads by one professional within this time of the first are one visit
RAW_LIMIT = 20_000  # newest log rows read to build the visits (a person's whole log, in practice)
CATEGORY_ORDER = [c.value for c in Category]


@dataclass(frozen=True)
class Consultation:
    """One visit: what a professional read (or tried to) in one sitting."""

    at: dt.datetime  # the first read of the visit
    who: str
    structure: str
    role: str
    categories: tuple[str, ...]  # the parts read, in the catalogue's order
    purpose: str
    allowed: bool
    exceptional_reason: str | None
    reads: int  # log rows behind this line

    @property
    def category(self) -> str:
        """The first part read (most visits read one)."""
        return self.categories[0]


def consultations(session: Session, actor: Actor, limit: int = PAGE_SIZE) -> list[Consultation]:
    """Visits, newest first. Only the person reads their log: it is about them, and about no one else."""
    if not actor.is_beneficiary or actor.id is None:
        raise PermissionDenied("denied.person_only")
    rows = session.exec(
        select(AccessLog, Organisation.name, Professional.first_name, Professional.last_name, ExceptionalAccess.reason)
        .join(Organisation, Organisation.id == AccessLog.organisation_id, isouter=True)
        .join(Professional, Professional.id == AccessLog.professional_id, isouter=True)
        .join(ExceptionalAccess, ExceptionalAccess.id == AccessLog.exceptional_access_id, isouter=True)
        .where(AccessLog.beneficiary_id == actor.id)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(RAW_LIMIT)
    ).all()
    visits: list[dict] = []
    open_visit: dict[tuple, int] = {}
    for row, structure, first_name, last_name, reason in reversed(rows):  # oldest first
        key = (row.professional_id, row.allowed, row.exceptional_access_id, row.purpose)
        index = open_visit.get(key)
        if index is not None and row.at - visits[index]["at"] <= VISIT:
            visit = visits[index]
            visit["reads"] += 1
            if row.category not in visit["categories"]:
                visit["categories"].append(row.category)
            continue
        open_visit[key] = len(visits)
        visits.append({"at": row.at, "who": " ".join(n for n in (first_name, last_name) if n),
                       "structure": structure or "", "role": row.role, "categories": [row.category],
                       "purpose": row.purpose, "allowed": row.allowed, "exceptional_reason": reason, "reads": 1})
    newest_first = sorted(range(len(visits)), key=lambda i: (visits[i]["at"], i), reverse=True)[:limit]
    return [Consultation(**{**visits[i], "categories": tuple(sorted(visits[i]["categories"], key=_order))})
            for i in newest_first]


def _order(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
