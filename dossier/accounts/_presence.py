"""How the person took part in an act that needs their own say (a validation, a consent): on their own
device, on a kiosk, or beside a professional by typing their own personal code."""

from __future__ import annotations

from sqlmodel import Session

from dossier.accounts._accounts import person_code_matches
from dossier.actor import Actor
from dossier.errors import FieldErrors
from storage.vocabulary import PresenceChannel


def person_channel(session: Session, actor: Actor, person_id: int, person_code: str | None,
                   on_kiosk: bool) -> PresenceChannel | None:
    """'autonome' or 'borne' when the person acts, 'en_presence' when a professional's screen carries
    the person's own code (checked, with the sign-in lockout), None when a professional acts alone."""
    if actor.is_beneficiary:
        return PresenceChannel.KIOSK if on_kiosk else PresenceChannel.AUTONOMOUS
    if person_code is None:
        return None
    if not person_code.strip():
        raise FieldErrors({"person_code": "error.required"})
    if not person_code_matches(session, person_id, person_code.strip()):
        raise FieldErrors({"person_code": "error.validation.person_code"})
    return PresenceChannel.IN_PRESENCE
