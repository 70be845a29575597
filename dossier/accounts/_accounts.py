"""Accounts: sign-in, lockout, activation codes. Tested without Streamlit.

Rules: a person signs in with their dossier number (or phone / e-mail when it designates one person
only) and a personal code; a professional with e-mail and password. Five failures lock the account
for fifteen minutes. Whatever went wrong, the answer is the same, so nobody learns whether an
identifier exists; nothing about the secret is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import _secrets, _throttle, devices
from dossier.accounts._actors import actor_for_beneficiary, actor_for_professional
from dossier.accounts._proconnect import PasswordSignInOff, password_sign_in_allowed
from dossier.actor import Actor
from dossier.errors import FieldErrors, NotFound, Refusal
from dossier.policy import Permission, require
from dossier.settings import get_settings
from dossier.validation import check_password, check_personal_code, normalise_digits, normalise_phone, parse_date
from storage.models import Beneficiary, Credential, Professional
from storage.vocabulary import DeviceEndReason

log = logging.getLogger(__name__)


class SignInFailed(Refusal):
    """The one answer for an unknown identifier and a wrong secret: how many tries are left, or, once
    the limit is reached, until when sign-in with this identifier is paused (the same for every
    identifier, known or not: `dossier/accounts/_throttle.py`)."""

    key = "signin.failed"

    def __init__(self, standing: _throttle.Standing | None = None):
        super().__init__()  # never the identifier nor the secret
        self.standing = standing or _throttle.Standing()

    @property
    def attempts_left(self) -> int | None:
        return self.standing.attempts_left

    @property
    def paused_until(self) -> dt.datetime | None:
        return self.standing.paused_until


class ActivationFailed(Refusal):
    """The one answer for every identity or activation-code mismatch."""

    key = "activate.failed"


@dataclass(frozen=True)
class IssuedActivation:
    code: str  # shown once, formatted "ABCD-EFGH"; only its hash is stored
    expires_at: dt.datetime
    dossier_number: str


# --- lookups ------------------------------------------------------------------------------------


def person_by_number(session: Session, dossier_number: str) -> Beneficiary | None:
    """The person with exactly this dossier number (spaces around and letter case do not matter).
    No access decision here: callers that act on the person go through the policy next."""
    number = normalise_digits(dossier_number).strip().upper()
    if not number:
        return None
    return session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).first()


def find_person(session: Session, identifier: str) -> Beneficiary | None:
    """By dossier number; else by e-mail or phone when exactly one person has it."""
    text = normalise_digits(identifier).strip()
    if not text:
        return None
    person = person_by_number(session, text)
    if person:
        return person
    if "@" in text:
        column, value = Beneficiary.email, text.lower()
    else:
        try:
            column, value = Beneficiary.phone, normalise_phone(text)
        except ValueError:
            return None
    matches = session.exec(select(Beneficiary).where(column == value).limit(2)).all()
    return matches[0] if len(matches) == 1 else None


def _credential_of(session: Session, *, person_id: int | None = None, pro_id: int | None = None):
    column = Credential.beneficiary_id if person_id is not None else Credential.professional_id
    return session.exec(select(Credential).where(column == (person_id if person_id is not None else pro_id))).first()


# --- lockout ------------------------------------------------------------------------------------


def _lock(session: Session, credential_id: int) -> None:
    minutes = get_settings().lockout_minutes
    session.execute(
        update(Credential)
        .where(Credential.id == credential_id)
        .values(failed_attempts=0, locked_until=clock.now() + dt.timedelta(minutes=minutes))
    )
    log.info("account locked after repeated failures (credential %s)", credential_id)


def _attempt(session: Session, credential: Credential, check: Callable[[], bool]) -> bool:
    """Run `check` (a secret comparison) under the lockout rule; True when it passed.

    The attempt is counted *before* the slow comparison, by one atomic UPDATE that also refuses a
    locked account, and committed at once: parallel guesses therefore cannot run more than the
    threshold of comparisons per lock period. A failure stays counted; the caller resets the counter
    on success.
    """
    threshold = get_settings().lockout_threshold
    attempt = session.execute(
        update(Credential)
        .where(Credential.id == credential.id,
               or_(Credential.locked_until.is_(None), Credential.locked_until <= clock.now()))
        .values(failed_attempts=Credential.failed_attempts + 1)
        .returning(Credential.failed_attempts)
    ).scalar_one_or_none()
    session.commit()
    if attempt is None or attempt > threshold:
        if attempt is not None:
            _lock(session, credential.id)  # attempts beyond the threshold: lock now
            session.commit()
        _secrets.dummy_verify()
        return False
    if check():
        return True
    if attempt >= threshold:
        _lock(session, credential.id)
        session.commit()
    return False


def _candidates(secret: str, *, digits: bool) -> list[str]:
    """The forms of a typed secret to compare. A personal code is compared in ASCII digits (what is
    hashed since codes are normalised), then as typed when that differs: a code chosen as ٧٣٩١٨٤ before
    normalisation was hashed as typed. Passwords are compared as typed."""
    if not digits:
        return [secret]
    normalised = normalise_digits(secret).strip()
    return [normalised] if normalised == secret else [normalised, secret]


def _check_secret(session: Session, credential: Credential | None, secret: str, *, digits: bool = True) -> bool:
    """Verify `secret` against the account, applying lockout; True only on a clean success."""
    candidates = _candidates(secret, digits=digits)
    if credential is None or credential.secret_hash is None:
        for _ in candidates:  # as slow as a known account's check
            _secrets.dummy_verify()
        return False
    outcome: dict[str, str | None] = {}

    def matches() -> bool:
        for candidate in candidates:
            ok, outcome["new_hash"] = _secrets.verify_secret(candidate, credential.secret_hash)
            if ok:
                if candidate != candidates[0]:  # stored in the typed script: store the ASCII form now
                    outcome["new_hash"] = _secrets.hash_secret(candidates[0])
                return True
        return False

    if not _attempt(session, credential, matches):
        return False
    values: dict[str, object] = {"failed_attempts": 0, "locked_until": None}
    if outcome.get("new_hash"):
        values["secret_hash"] = outcome["new_hash"]  # parameters changed since this hash was made
    session.execute(update(Credential).where(Credential.id == credential.id).values(**values))
    session.commit()
    return True


# --- sign-in ------------------------------------------------------------------------------------


def _throttled(session: Session, key: str, check: Callable[[], bool]) -> None:
    """Run the sign-in check unless this identifier is paused; count a failure and say where it stands."""
    until = _throttle.paused_until(session, key)
    if until is not None:
        _secrets.dummy_verify()  # as slow as a check
        raise SignInFailed(_throttle.Standing(paused_until=until))
    if not check():
        raise SignInFailed(_throttle.count_failure(session, key))
    _throttle.forget(session, key)


def sign_in_person(session: Session, identifier: str, code: str) -> Actor:
    person = find_person(session, identifier)
    credential = _credential_of(session, person_id=person.id) if person else None
    _throttled(session, _throttle.identifier_key("person", identifier),
               lambda: _check_secret(session, credential, code))
    return actor_for_beneficiary(person)


def sign_in_professional(session: Session, email: str, password: str) -> Actor:
    pro = session.exec(select(Professional).where(Professional.email == email.strip().lower())).first()
    credential = _credential_of(session, pro_id=pro.id) if pro and pro.active else None
    _throttled(session, _throttle.identifier_key("pro", email),
               lambda: _check_secret(session, credential, password, digits=False))
    if not password_sign_in_allowed(session, pro):  # asked once the password is right: nothing leaks
        raise PasswordSignInOff()
    return actor_for_professional(session, pro)


# --- activation ---------------------------------------------------------------------------------


def issue_activation_code(session: Session, actor: Actor, person_id: int) -> IssuedActivation:
    """A new single-use code (valid `activation_days`), replacing any earlier one. Also the way to
    recover a forgotten personal code: the person chooses a new one with it."""
    person = session.get(Beneficiary, person_id)
    if person is None:
        raise NotFound()
    require(actor, Permission.ISSUE_ACTIVATION, person)
    code = _secrets.new_activation_code()
    credential = _credential_of(session, person_id=person.id) or Credential(beneficiary_id=person.id)
    credential.activation_code_hash = _secrets.hash_secret(code)
    credential.activation_expires_at = clock.now() + dt.timedelta(days=get_settings().activation_days)
    credential.activation_issued_by = actor.id if actor.is_professional else None
    credential.failed_attempts = 0
    credential.locked_until = None
    session.add(credential)
    session.flush()
    return IssuedActivation(_secrets.format_activation_code(code), credential.activation_expires_at,
                            person.dossier_number)


def _activation_field_errors(identifier: str, activation_code: str, birth_date: str, new_code: str,
                             confirm: str) -> tuple[dict[str, str], dt.date | None, str]:
    """(errors by field, the birth date, the new code in ASCII digits)."""
    errors: dict[str, str] = {}
    code_chosen = ""
    for field, value in (("identifier", identifier), ("activation_code", activation_code),
                         ("birth_date", birth_date), ("new_code", new_code), ("confirm", confirm)):
        if not value.strip():
            errors[field] = "error.required"
    code = _secrets.normalise_activation_code(activation_code)
    if "activation_code" not in errors and (
        len(code) != _secrets.ACTIVATION_LENGTH or any(c not in _secrets.ACTIVATION_ALPHABET for c in code)
    ):
        errors["activation_code"] = "error.activation.format"
    born = None
    if "birth_date" not in errors:
        try:
            born = parse_date(birth_date)
        except ValueError as exc:
            errors["birth_date"] = str(exc)
    if "new_code" not in errors:
        try:
            code_chosen = check_personal_code(new_code, born)
        except ValueError as exc:
            errors["new_code"] = str(exc)
    if "confirm" not in errors and "new_code" not in errors and normalise_digits(confirm).strip() != code_chosen:
        errors["confirm"] = "error.code.mismatch"
    return errors, born, code_chosen


def code_chosen(code: str, now: dt.datetime) -> dict[str, object]:
    """The credential once the person has chosen their code, whichever way they proved who they are
    (an activation code, an invitation's link): no activation pending, no lock, activated."""
    return {"activation_code_hash": None, "activation_expires_at": None, "secret_hash": _secrets.hash_secret(code),
            "secret_changed_at": now, "activated_at": func.coalesce(Credential.activated_at, now),
            "failed_attempts": 0, "locked_until": None}


def activate(session: Session, identifier: str, activation_code: str, birth_date: str, new_code: str,
             confirm: str) -> Actor:
    """Check identity (dossier number + activation code + birth date) and set the personal code.

    Bad input raises FieldErrors (catalogue keys) before anything is read; a mismatch raises
    ActivationFailed and counts as a failed attempt. The code is consumed by a conditional UPDATE, so
    two simultaneous uses cannot both succeed.
    """
    errors, born, new_code = _activation_field_errors(identifier, activation_code, birth_date, new_code, confirm)
    if errors:
        raise FieldErrors(errors)
    person = find_person(session, identifier)
    credential = _credential_of(session, person_id=person.id) if person else None
    if credential is None or credential.activation_code_hash is None:
        _secrets.dummy_verify()
        raise ActivationFailed()

    def identity_matches() -> bool:
        code_ok, _ = _secrets.verify_secret(_secrets.normalise_activation_code(activation_code),
                                           credential.activation_code_hash)
        fresh = credential.activation_expires_at is not None and credential.activation_expires_at > clock.now()
        return code_ok and fresh and born == person.birth_date

    if not _attempt(session, credential, identity_matches):
        raise ActivationFailed()
    now = clock.now()
    consumed = session.execute(
        update(Credential)
        .where(Credential.id == credential.id, Credential.activation_code_hash == credential.activation_code_hash)
        .values(**code_chosen(new_code, now))
    )
    if consumed.rowcount != 1:
        raise ActivationFailed()
    devices.end_all(session, beneficiary_id=person.id,  # a new code: no old browser
                    reason=DeviceEndReason.SECRET_CHANGED)
    session.commit()
    return actor_for_beneficiary(person)


# --- professional passwords ---------------------------------------------------------------------


def set_professional_password(session: Session, pro: Professional, password: str) -> None:
    """Set (or reset) a professional's password; callers have checked the permission."""
    try:
        check_password(password)
    except ValueError as exc:
        raise FieldErrors({"password": str(exc)}) from None
    credential = _credential_of(session, pro_id=pro.id) or Credential(professional_id=pro.id)
    credential.secret_hash = _secrets.hash_secret(password)
    credential.secret_changed_at = clock.now()
    credential.activated_at = credential.activated_at or clock.now()
    credential.failed_attempts = 0
    credential.locked_until = None
    session.add(credential)
    devices.end_all(session, professional_id=pro.id, reason=DeviceEndReason.SECRET_CHANGED)
    session.flush()


def account_status(credential: Credential | None) -> str:
    """'active', 'invited' or 'none', for lists that show where a person stands. Reads only the three
    secret columns, so a row selected with them (the caseload's) does as well as a Credential."""
    if credential is None:
        return "none"
    if credential.secret_hash:
        return "active"
    if credential.activation_code_hash and credential.activation_expires_at and \
            credential.activation_expires_at > clock.now():
        return "invited"
    return "none"



# --- the person's approval on a professional's device -------------------------------------------


def person_code_matches(session: Session, person_id: int, code: str) -> bool:
    """The person, beside their référent, approves with their own personal code on the référent's
    screen. The same lockout applies as at sign-in; note that this commits the session."""
    credential = _credential_of(session, person_id=person_id)
    return _check_secret(session, credential, code)
