"""The person's language preference: read at sign-in, stored when they choose (dossier.i18n)."""

from __future__ import annotations

from sqlmodel import Session

from dossier import clock, i18n
from dossier.actor import Actor
from storage.models import Beneficiary


def preferred_language(session: Session, actor: Actor) -> str | None:
    """The language a signed-in person chose (French until they choose); None for anyone else, whose
    pages stay in French."""
    if not actor.is_beneficiary:
        return None
    person = session.get(Beneficiary, actor.id)
    return i18n.known(person.language) if person else None


def set_preferred_language(session: Session, actor: Actor, language: str) -> bool:
    """The person's own choice, kept for their next sign-in and for what is sent to them. Only the person
    sets it; an unknown language changes nothing."""
    if not actor.is_beneficiary or language not in i18n.LANGUAGES:
        return False
    person = session.get(Beneficiary, actor.id)
    if person is None or person.language == language:
        return False
    person.language = language
    person.updated_at = clock.now()
    session.add(person)
    return True
