"""The one way to open a person's dossier for a given use: the policy decides, per category.

Every service that reads or writes one person's data starts here, so that id tampering (a professional
passing another person's id) meets the same refusal as any other denied read. The access log (issue 4)
plugs in here too.
"""

from __future__ import annotations

from sqlmodel import Session

from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.policy import Category, Permission, decide
from storage.models import Beneficiary

DENIED_MESSAGE = "Vous n'avez pas accès à ce dossier."


def open_person(session: Session, actor: Actor, person_id: int | None, category: Category,
                permission: Permission = Permission.READ) -> Beneficiary:
    """The person when `actor` may `permission` their `category`; otherwise PermissionDenied (the
    same answer whether the dossier exists or not)."""
    person = session.get(Beneficiary, person_id) if person_id is not None else None
    if person is None or not decide(actor, permission, person, category).allowed:
        raise PermissionDenied(DENIED_MESSAGE)
    return person


def may_open(session: Session, actor: Actor, person_id: int | None, category: Category,
             permission: Permission = Permission.READ) -> bool:
    try:
        open_person(session, actor, person_id, category, permission)
    except PermissionDenied:
        return False
    return True
