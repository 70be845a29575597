"""Who reads the pathway: the person, their structure by mission, another structure with the person's
consent (the roadmap's category) — and whoever may record an exit (a coordinator), who reads what they
change."""

from __future__ import annotations

from sqlmodel import Session

from dossier.access import open_person
from dossier.actor import Actor
from dossier.policy import Category, Permission, decide
from storage.models import Beneficiary


def open_pathway(session: Session, actor: Actor, person_id: int) -> Beneficiary:
    """The person, when `actor` may read their pathway; otherwise PermissionDenied (logged as reads are)."""
    person = session.get(Beneficiary, person_id)
    records = actor.is_professional and person is not None and decide(actor, Permission.RECORD_EXIT, person).allowed
    return open_person(session, actor, person_id, Category.ROADMAP,
                       Permission.RECORD_EXIT if records else Permission.READ)
