"""The territory's set-up: structures, places (lieux) and professional accounts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import devices, set_professional_password
from dossier.actor import Actor
from dossier.errors import FieldErrors
from dossier.policy import Permission, require
from dossier.settings import get_settings
from dossier.validation import check_password, check_siret, clean_text, normalise_email, normalise_phone
from storage.models import (
    Organisation,
    Place,
    Professional,
    ProfessionalRole,
)
from storage.vocabulary import DeviceEndReason, OrganisationType, Role, is_one_of

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{2,40}$")


def _required(errors: dict[str, str], **fields: str) -> None:
    for name, value in fields.items():
        if not clean_text(value or ""):
            errors[name] = "error.required"


def organisation_by_code(session: Session, code: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.code == code.strip())).first()


def create_organisation(session: Session, actor: Actor, *, code: str, name: str, type: str) -> Organisation:
    require(actor, Permission.MANAGE_TERRITORY)
    errors: dict[str, str] = {}
    _required(errors, code=code, name=name, type=type)
    if "code" not in errors and not CODE_RE.match(code.strip()):
        errors["code"] = "error.org.code"
    elif "code" not in errors and organisation_by_code(session, code):
        errors["code"] = "error.org.code_taken"
    if "type" not in errors and not is_one_of(type, OrganisationType):
        errors["type"] = "error.org.type"
    if errors:
        raise FieldErrors(errors)
    org = Organisation(code=code.strip(), name=clean_text(name), type=type, created_at=clock.now())
    session.add(org)
    session.flush()
    return org


def create_place(session: Session, actor: Actor, *, organisation_code: str, name: str, address: str,
                 postcode: str, city: str, step_free: bool = False, is_mie: bool = False,
                 phone: str = "") -> Place:
    require(actor, Permission.MANAGE_TERRITORY)
    errors: dict[str, str] = {}
    _required(errors, organisation=organisation_code, name=name, address=address, postcode=postcode, city=city)
    org = organisation_by_code(session, organisation_code) if organisation_code.strip() else None
    if "organisation" not in errors and org is None:
        errors["organisation"] = "error.org.unknown"
    if "postcode" not in errors and not re.fullmatch(r"\d{5}", postcode.strip()):
        errors["postcode"] = "error.postcode.format"
    clean_phone = None
    if phone.strip():
        try:
            clean_phone = normalise_phone(phone)
        except ValueError as exc:
            errors["phone"] = str(exc)
    if errors:
        raise FieldErrors(errors)
    place = Place(organisation_id=org.id, name=clean_text(name), address=clean_text(address),
                  postcode=postcode.strip(), city=clean_text(city), step_free=step_free, is_mie=is_mie,
                  phone=clean_phone, created_at=clock.now())
    session.add(place)
    session.flush()
    return place


def create_professional(session: Session, actor: Actor, *, organisation_code: str, first_name: str,
                        last_name: str, email: str, roles: Iterable[str], password: str) -> Professional:
    require(actor, Permission.MANAGE_TERRITORY)
    errors: dict[str, str] = {}
    _required(errors, organisation=organisation_code, first_name=first_name, last_name=last_name, email=email,
              password=password)
    org = organisation_by_code(session, organisation_code) if organisation_code.strip() else None
    if "organisation" not in errors and org is None:
        errors["organisation"] = "error.org.unknown"
    clean_email = ""
    if "email" not in errors:
        try:
            clean_email = normalise_email(email)
        except ValueError as exc:
            errors["email"] = str(exc)
        else:
            if session.exec(select(Professional).where(Professional.email == clean_email)).first():
                errors["email"] = "error.email.taken"
    role_set = {r.strip() for r in roles if r.strip()}
    if not role_set:
        errors["roles"] = "error.roles.empty"
    elif not role_set <= set(Role):
        errors["roles"] = "error.roles.unknown"
    if "password" not in errors:
        try:
            check_password(password)
        except ValueError as exc:
            errors["password"] = str(exc)
    if errors:
        raise FieldErrors(errors)
    pro = Professional(organisation_id=org.id, first_name=clean_text(first_name),
                       last_name=clean_text(last_name), email=clean_email, created_at=clock.now())
    session.add(pro)
    session.flush()
    for role in sorted(role_set):
        session.add(ProfessionalRole(professional_id=pro.id, role=role))
    set_professional_password(session, pro, password)
    return pro


# --- reading and managing the territory (the administration page) --------------------------------


def organisations(session: Session) -> list[Organisation]:
    """Structures are public bodies, not personal data: any signed-in professional page may list them."""
    return list(session.exec(select(Organisation).order_by(Organisation.name)))


def places(session: Session, actor: Actor) -> list[tuple[Place, str]]:
    require(actor, Permission.MANAGE_TERRITORY)
    rows = session.exec(select(Place, Organisation.code).join(Organisation, Organisation.id == Place.organisation_id)
                        .order_by(Organisation.code, Place.name)).all()
    return [(place, code) for place, code in rows]


@dataclass(frozen=True)
class AccountRow:
    professional_id: int
    name: str
    email: str
    organisation_code: str
    roles: tuple[str, ...]
    active: bool


def professionals(session: Session, actor: Actor) -> list[AccountRow]:
    """Every professional account with its roles, in two queries."""
    require(actor, Permission.MANAGE_TERRITORY)
    rows = session.exec(select(Professional, Organisation.code)
                        .join(Organisation, Organisation.id == Professional.organisation_id)
                        .order_by(Organisation.code, Professional.last_name, Professional.first_name)).all()
    roles: dict[int, list[str]] = {}
    for role in session.exec(select(ProfessionalRole).order_by(ProfessionalRole.role)):
        roles.setdefault(role.professional_id, []).append(role.role)
    return [AccountRow(p.id, f"{p.first_name} {p.last_name}", p.email, code, tuple(roles.get(p.id, ())), p.active)
            for p, code in rows]


def set_active(session: Session, actor: Actor, professional_id: int, active: bool) -> None:
    """Deactivate (or reactivate) an account: a deactivated professional cannot sign in, and a session
    already open ends at its next rerun (accounts.refresh_actor). Nobody deactivates themself."""
    require(actor, Permission.MANAGE_TERRITORY)
    pro = session.get(Professional, professional_id)
    if pro is None:
        raise FieldErrors({"account": "error.account.unknown"})
    if pro.id == actor.id and not active:
        raise FieldErrors({"account": "error.account.self"})
    pro.active = active
    session.add(pro)
    if not active:
        devices.end_all(session, professional_id=pro.id, reason=DeviceEndReason.DEACTIVATED)
    session.flush()


def reset_password(session: Session, actor: Actor, professional_id: int, password: str) -> None:
    """A new password chosen by the administrator, to hand over in person; it also lifts a lock."""
    require(actor, Permission.MANAGE_TERRITORY)
    pro = session.get(Professional, professional_id)
    if pro is None:
        raise FieldErrors({"account": "error.account.unknown"})
    set_professional_password(session, pro, password)


def set_organisation_sign_in(session: Session, actor: Actor, organisation_code: str, *, siret: str,
                             password_sign_in: bool) -> Organisation:
    """A structure's SIRET (ProConnect's first link, with the e-mail) and whether its professionals may
    still sign in with a password. Closing passwords needs ProConnect configured: else nobody of the
    structure could sign in any more."""
    require(actor, Permission.MANAGE_TERRITORY)
    errors: dict[str, str] = {}
    org = organisation_by_code(session, organisation_code) if organisation_code.strip() else None
    if org is None:
        errors["organisation"] = "error.required" if not organisation_code.strip() else "error.org.unknown"
    clean_siret = None
    try:
        clean_siret = check_siret(siret)
    except ValueError as exc:
        errors["siret"] = str(exc)
    if clean_siret and org is not None and session.exec(select(Organisation.id).where(
            Organisation.siret == clean_siret, Organisation.id != org.id)).first() is not None:
        errors["siret"] = "error.siret.taken"
    if not password_sign_in and not get_settings().proconnect_configured:
        errors["password_sign_in"] = "proconnect.password_off.unavailable"
    if errors:
        raise FieldErrors(errors)
    org.siret = clean_siret
    org.password_sign_in = password_sign_in
    session.add(org)
    session.flush()
    return org
