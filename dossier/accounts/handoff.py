"""« Continuer sur mon téléphone »: from a kiosk to the person's own phone without typing a long
identifier. The kiosk shows a QR code with a single-use link valid a few minutes; the phone that opens
it gets the identifier filled in and still asks the personal code, so a photo of the screen taken by
someone else gives them nothing they could use."""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlencode

from sqlalchemy import update
from sqlmodel import Session

from dossier import clock
from dossier.accounts._secrets import token_digest
from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.settings import get_settings
from storage.models import Beneficiary, HandoffToken

QUERY_KEY = "relais"  # the link's only parameter: a random token, no personal data


def issue(session: Session, actor: Actor) -> str:
    """A new token for the signed-in person (only they can hand their own session over)."""
    if not actor.is_beneficiary:
        raise PermissionDenied("denied.handoff")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(HandoffToken(token_sha256=token_digest(token), beneficiary_id=actor.id, created_at=now,
                             expires_at=now + dt.timedelta(minutes=get_settings().handoff_minutes)))
    session.flush()
    return token


def link(token: str, served_at: str | None = None) -> str:
    return f"{get_settings().public_base(served_at)}/?{urlencode({QUERY_KEY: token})}"


def redeem(session: Session, token: str) -> str | None:
    """The identifier to fill in, or None when the token is unknown, used or expired. One UPDATE marks
    it used only if it was still valid: two phones opening the same link cannot both get it."""
    if not token or len(token) > 100:
        return None
    now = clock.now()
    person_id = session.execute(
        update(HandoffToken)
        .where(HandoffToken.token_sha256 == token_digest(token), HandoffToken.used_at.is_(None),
               HandoffToken.expires_at > now)
        .values(used_at=now)
        .returning(HandoffToken.beneficiary_id)
    ).scalar_one_or_none()
    if person_id is None:
        return None
    person = session.get(Beneficiary, person_id)
    return person.dossier_number if person is not None else None
