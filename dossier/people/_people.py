"""Read models of people for the home pages and the invitation desk. Every read goes through the
policy: a row the actor may not see is left out, a person they may not see is "not found"."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from dossier import clock
from dossier.access import in_force, may_open
from dossier.accounts import account_status
from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.people._exceptional import running_accesses
from dossier.policy import Category, Permission, may
from dossier.validation import normalise_digits, parse_date
from storage.models import Beneficiary, Consent, Credential, Organisation, Professional
from storage.vocabulary import Role


@dataclass(frozen=True)
class PersonHome:
    first_name: str
    last_name: str
    dossier_number: str
    rsa_entry_date: dt.date | None
    structure_name: str | None
    referent_name: str | None
    referent_email: str | None


@dataclass(frozen=True)
class CaseloadRow:
    person_id: int
    dossier_number: str
    name: str
    rsa_entry_date: dt.date | None
    account: str  # active / invited / none


@dataclass(frozen=True)
class ProfessionalHome:
    first_name: str
    last_name: str
    organisation_name: str
    roles: tuple[str, ...]
    shows_caseload: bool
    caseload: list[CaseloadRow]
    territory_people: int | None
    territory_structures: int | None


@dataclass(frozen=True)
class InvitationTarget:
    person_id: int
    dossier_number: str
    first_name: str
    last_name: str
    birth_date: dt.date


def person_home(session: Session, actor: Actor) -> PersonHome:
    """What the person sees first: who they are for us, their structure and their référent."""
    person = session.get(Beneficiary, actor.id) if actor.is_beneficiary else None
    if person is None or not may(actor, Permission.READ, person, Category.IDENTITY):
        raise PermissionDenied("denied.dossier")
    org = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    referent = session.get(Professional, person.referent_id) if person.referent_id else None
    return PersonHome(
        first_name=person.first_name,
        last_name=person.last_name,
        dossier_number=person.dossier_number,
        rsa_entry_date=person.rsa_entry_date,
        structure_name=org.name if org else None,
        referent_name=f"{referent.first_name} {referent.last_name}" if referent else None,
        referent_email=referent.email if referent else None,
    )


def caseload(session: Session, actor: Actor) -> list[CaseloadRow]:
    """The people this professional follows as référent, in one query (no query per person)."""
    if not may(actor, Permission.VIEW_CASELOAD):
        return []
    rows = session.exec(
        select(Beneficiary, Credential)
        .join(Credential, Credential.beneficiary_id == Beneficiary.id, isouter=True)
        .where(Beneficiary.referent_id == actor.id)
        .order_by(Beneficiary.last_name, Beneficiary.first_name)
    ).all()
    return [
        CaseloadRow(p.id, p.dossier_number, f"{p.last_name.upper()} {p.first_name}", p.rsa_entry_date,
                    account_status(c))
        for p, c in rows
        if may(actor, Permission.READ, p, Category.IDENTITY)
    ]


@dataclass(frozen=True)
class SharedRow:
    """A person of another structure this professional may open: by consent, or by a running
    exceptional access. The name only when the person shares their identity."""

    person_id: int
    dossier_number: str
    name: str | None
    exceptional: bool


def shared_with_me(session: Session, actor: Actor) -> list[SharedRow]:
    """People outside the actor's own caseload whose consents name the actor's structure (or its type)
    now, and those the actor holds an exceptional access to. Read from the consents at each call."""
    if not actor.has_role(Role.REFERENT) or actor.organisation_id is None:
        return []
    org_type = session.exec(select(Organisation.type).where(Organisation.id == actor.organisation_id)).one()
    now = clock.now()
    consents = session.exec(
        select(Consent.beneficiary_id, Consent.category)
        .where(*in_force(now),
               (Consent.recipient_organisation_id == actor.organisation_id) | (Consent.recipient_type == org_type))
    ).all()
    categories: dict[int, set[str]] = {}
    for person_id, category in consents:
        categories.setdefault(person_id, set()).add(category)
    exceptional = {a.person_id for a in running_accesses(session, actor)}
    ids = set(categories) | exceptional
    if not ids:
        return []
    people = session.exec(select(Beneficiary).where(  # the structure's own people are read by its mission
        Beneficiary.id.in_(ids), Beneficiary.organisation_id.is_distinct_from(actor.organisation_id))).all()
    rows = []
    for p in people:
        named = Category.IDENTITY.value in categories.get(p.id, set()) or p.id in exceptional
        rows.append(SharedRow(p.id, p.dossier_number, f"{p.last_name.upper()} {p.first_name}" if named else None,
                              p.id in exceptional))
    return sorted(rows, key=lambda r: (r.name is None, r.name or "", r.dossier_number))


def professional_home(session: Session, actor: Actor) -> ProfessionalHome:
    pro = session.get(Professional, actor.id) if actor.is_professional else None
    if pro is None:
        raise PermissionDenied("denied")
    org = session.get(Organisation, pro.organisation_id)
    people = structures = None
    if may(actor, Permission.MANAGE_TERRITORY):  # aggregates only, no personal data
        people = session.exec(select(func.count()).select_from(Beneficiary)).one()
        structures = session.exec(select(func.count()).select_from(Organisation)).one()
    return ProfessionalHome(
        first_name=pro.first_name,
        last_name=pro.last_name,
        organisation_name=org.name,
        roles=tuple(sorted(actor.roles)),
        shows_caseload=may(actor, Permission.VIEW_CASELOAD),
        caseload=caseload(session, actor),
        territory_people=people,
        territory_structures=structures,
    )


def find_for_invitation(session: Session, actor: Actor, dossier_number: str,
                        purpose: Permission = Permission.ISSUE_ACTIVATION) -> InvitationTarget | None:
    """Exact dossier number only (no browsing by name); None when absent or not allowed, alike. The
    purpose is what the desk will do for the person: invite them, or book for them (Permission.BOOK)."""
    number = normalise_digits(dossier_number).strip().upper()
    if not number or not may(actor, purpose):
        return None
    person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).first()
    if person is None or not may(actor, purpose, person):
        return None
    if not may_open(session, actor, person.id, Category.IDENTITY):  # a read of identity: logged
        return None
    return InvitationTarget(person.id, person.dossier_number, person.first_name, person.last_name,
                            person.birth_date)


DESK_SEARCH_LIMIT = 10


def folded(name: str) -> str:
    """A name as compared at a desk: accents, letter case, hyphens and apostrophes do not matter
    (« Lefèvre » = « LEFEVRE », « Jean-Marc » = « jean marc »)."""
    plain_letters = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-'’]", " ", plain_letters).casefold().split())


def desk_search_errors(number: str, last_name: str, first_name: str,
                       birth_date: str) -> tuple[dict[str, str], dt.date | None]:
    """What the desk's search form lacks, by field (catalogue keys), and the birth date read: a dossier
    number alone, or a last name and a birth date together."""
    errors: dict[str, str] = {}
    if number.strip():
        return errors, None
    if not (last_name.strip() or first_name.strip() or birth_date.strip()):
        return {"number": "invite.search.needed"}, None
    if not last_name.strip():
        errors["last_name"] = "error.required"
    if not birth_date.strip():
        errors["birth_date"] = "error.required"
        return errors, None
    try:
        return errors, parse_date(birth_date)
    except ValueError as exc:
        errors["birth_date"] = str(exc)
        return errors, None


def search_for_desk(session: Session, actor: Actor, purpose: Permission = Permission.ISSUE_ACTIVATION, *,
                    number: str = "", last_name: str = "", first_name: str = "",
                    birth_date: dt.date | None = None) -> list[InvitationTarget]:
    """The people an accueil agent is asked for at a desk: by exact dossier number, or by last name and
    birth date together (first name to narrow), never by name alone — no browsing. Only people the actor
    may invite are found; each one shown is an identity read, logged. Absent and not allowed look alike."""
    if not may(actor, purpose):
        return []
    if number.strip():
        found = find_for_invitation(session, actor, number, purpose)
        return [found] if found else []
    if not folded(last_name) or birth_date is None:
        return []
    wanted_last, wanted_first = folded(last_name), folded(first_name)
    candidates = session.exec(select(Beneficiary).where(Beneficiary.birth_date == birth_date)
                              .order_by(Beneficiary.last_name, Beneficiary.first_name, Beneficiary.id)).all()
    matches = [p for p in candidates if folded(p.last_name) == wanted_last
               and (not wanted_first or folded(p.first_name) == wanted_first)]
    shown = []
    for person in matches:
        if may(actor, purpose, person) and may_open(session, actor, person.id, Category.IDENTITY):
            shown.append(InvitationTarget(person.id, person.dossier_number, person.first_name, person.last_name,
                                          person.birth_date))
        if len(shown) == DESK_SEARCH_LIMIT:
            break
    return shown
