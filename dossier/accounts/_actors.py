"""Who an account is, as the rest of the app sees it (`Actor`), rebuilt from the store: the devices that
stay signed in and the sign-in services both need it, so it sits below both."""

from __future__ import annotations

from sqlmodel import Session, select

from dossier.actor import Actor
from storage.models import Beneficiary, Professional, ProfessionalRole


def actor_for_beneficiary(person: Beneficiary) -> Actor:
    return Actor(kind="beneficiary", id=person.id, display_name=f"{person.first_name} {person.last_name}",
                 organisation_id=person.organisation_id)


def actor_for_professional(session: Session, pro: Professional) -> Actor:
    roles = session.exec(select(ProfessionalRole.role).where(ProfessionalRole.professional_id == pro.id))
    return Actor(kind="professional", id=pro.id, display_name=f"{pro.first_name} {pro.last_name}",
                 organisation_id=pro.organisation_id, roles=frozenset(roles))


def refresh_actor(session: Session, actor: Actor) -> Actor | None:
    """The actor as the store sees it now: None when the account was removed or deactivated."""
    if actor.is_beneficiary:
        person = session.get(Beneficiary, actor.id)
        return actor_for_beneficiary(person) if person else None
    if actor.is_professional:
        pro = session.get(Professional, actor.id)
        return actor_for_professional(session, pro) if pro and pro.active else None
    return None
