"""The personal link of an invitation (SMS, e-mail, letter): it opens the activation page with the
dossier number filled in and stands in for the activation code, once, until it expires. It signs nobody
in and shows nothing else: the birth date is still asked, and the person chooses their own code. Only
the token's digest is stored; the link itself travels in the messages.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import func, update
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import _secrets, devices
from dossier.accounts._accounts import (
    ActivationFailed,
    _activation_field_errors,
    _attempt,
    _credential_of,
    code_chosen,
    find_person,
)
from dossier.accounts._actors import actor_for_beneficiary
from dossier.actor import Actor
from dossier.errors import FieldErrors
from dossier.settings import get_settings
from storage.models import Beneficiary, Credential, Invitation
from storage.vocabulary import DeviceEndReason

INVITATION_QUERY_KEY = "invitation"  # the link's only parameter: a random token, no personal data
NO_CODE = "-"  # what the activation checks see in place of a typed activation code


@dataclass(frozen=True)
class IssuedLink:
    invitation_id: int
    token: str
    expires_at: dt.datetime


def renew_link(session: Session, invitation_id: int) -> str:
    """A new token for an invitation (a letter printed again): the earlier link stops working."""
    token = secrets.token_urlsafe(24)
    session.execute(update(Invitation).where(Invitation.id == invitation_id)
                    .values(token_sha256=_secrets.token_digest(token)))
    return token


def issue_links(session: Session, person_ids: list[int], campaign_id: int | None) -> dict[int, IssuedLink]:
    """A new personal link for each person (a campaign: 10,000 in a few statements); callers decide who
    may invite whom. A person without an account gets one, waiting to be activated."""
    now = clock.now()
    expires = now + dt.timedelta(days=get_settings().invitation_days)
    tokens = {person_id: secrets.token_urlsafe(24) for person_id in person_ids}
    inserted = session.execute(
        Invitation.__table__.insert().returning(Invitation.__table__.c.beneficiary_id, Invitation.__table__.c.id,
                                                sort_by_parameter_order=True),
        [{"campaign_id": campaign_id, "beneficiary_id": person_id, "token_sha256": _secrets.token_digest(token),
          "created_at": now, "expires_at": expires} for person_id, token in tokens.items()]).all()
    with_credential = set(session.exec(select(Credential.beneficiary_id).where(
        Credential.beneficiary_id.is_not(None))).all())
    missing = [{"beneficiary_id": p, "failed_attempts": 0} for p in person_ids if p not in with_credential]
    if missing:
        session.execute(Credential.__table__.insert(), missing)
    return {person_id: IssuedLink(invitation_id, tokens[person_id], expires) for person_id, invitation_id in inserted}


def invitation_url(token: str, served_at: str | None = None) -> str:
    return f"{get_settings().public_base(served_at)}/activation?{urlencode({INVITATION_QUERY_KEY: token})}"


def _valid(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return session.exec(select(Invitation).where(Invitation.token_sha256 == _secrets.token_digest(token),
                                                 Invitation.used_at.is_(None),
                                                 Invitation.expires_at > clock.now())).first()


def open_invitation(session: Session, token: str) -> str | None:
    """The dossier number to fill in, or None when the link is unknown, used or expired. The first
    opening is recorded (the campaign's « lien ouvert »)."""
    invitation = _valid(session, token)
    if invitation is None:
        return None
    session.execute(update(Invitation).where(Invitation.id == invitation.id, Invitation.opened_at.is_(None))
                    .values(opened_at=clock.now()))
    person = session.get(Beneficiary, invitation.beneficiary_id)
    return person.dossier_number


def activate_with_invitation(session: Session, token: str, identifier: str, birth_date: str, new_code: str,
                             confirm: str) -> Actor:
    """Activation where the link stands in for the activation code: same checks otherwise (dossier
    number and birth date, the lockout), and the link is consumed by a conditional UPDATE."""
    errors, born, code = _activation_field_errors(identifier, NO_CODE, birth_date, new_code, confirm)
    errors.pop("activation_code", None)
    if errors:
        raise FieldErrors(errors)
    invitation = _valid(session, token)
    person = session.get(Beneficiary, invitation.beneficiary_id) if invitation else None
    credential = _credential_of(session, person_id=person.id) if person else None
    if invitation is None or person is None or credential is None:
        _secrets.dummy_verify()
        raise ActivationFailed()
    typed = find_person(session, identifier)  # the number filled in, or the phone or e-mail as at sign-in

    def identity_matches() -> bool:
        return typed is not None and typed.id == person.id and born == person.birth_date

    if not _attempt(session, credential, identity_matches):
        raise ActivationFailed()
    now = clock.now()
    consumed = session.execute(update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
                               .values(used_at=now, opened_at=func.coalesce(Invitation.opened_at, now)))
    if consumed.rowcount != 1:
        raise ActivationFailed()
    session.execute(update(Credential).where(Credential.id == credential.id).values(**code_chosen(code, now)))
    devices.end_all(session, beneficiary_id=person.id, reason=DeviceEndReason.SECRET_CHANGED)
    session.commit()
    return actor_for_beneficiary(person)
