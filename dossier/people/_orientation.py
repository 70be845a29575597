"""Orientation: which structure accompanies the person (their structure référente), which référent,
on which kind of pathway, and why. Each decision is a new row of an append-only history that the
person reads too; the person's current structure and référent are updated in the same transaction.

The people waiting for orientation are those with an RSA entry date and no decision yet: the
coordination sees the whole territory, a référent only the people of their own structure (imported by
it, say) — exactly whom the policy lets each orient (`decide(actor, Permission.ORIENT, person)`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, false, true
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, select

from dossier import clock
from dossier.access import open_person
from dossier.accounts import person_by_number
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.policy import Category, Permission, decide, require
from dossier.validation import check_free_text
from storage.models import (
    Beneficiary,
    Organisation,
    Orientation,
    Professional,
    ProfessionalRole,
)
from storage.vocabulary import OrientationKind, Role, is_one_of

REASON_MIN, REASON_MAX = 10, 500
WAITING_LISTED = 50  # the orientation page lists the 50 people who entered RSA longest ago


@dataclass(frozen=True)
class OrientationLine:
    decided_at: dt.datetime
    kind: str
    structure: str
    referent: str | None
    previous_structure: str | None
    reason: str
    decided_by: str


@dataclass(frozen=True)
class WaitingForOrientation:
    """Someone who entered RSA and has no orientation decision yet; `structure` is the one they may
    already have (set by an import), None otherwise."""

    person_id: int
    dossier_number: str
    name: str
    rsa_entry_date: dt.date
    days_waiting: int
    structure: str | None


@dataclass(frozen=True)
class Choices:
    """What an orientation form offers: structures, and the active référents of each."""

    structures: dict[int, str]
    referents: dict[int, dict[int, str]]  # organisation id -> {professional id: name}


def choices(session: Session, actor: Actor) -> Choices:
    require(actor, Permission.ORIENT)
    organisations = session.exec(select(Organisation).order_by(Organisation.name)).all()
    rows = session.exec(select(Professional).join(ProfessionalRole, ProfessionalRole.professional_id == Professional.id)
                        .where(ProfessionalRole.role == Role.REFERENT, Professional.active.is_(True))
                        .order_by(Professional.last_name, Professional.first_name)).all()
    referents: dict[int, dict[int, str]] = {}
    for pro in rows:
        referents.setdefault(pro.organisation_id, {})[pro.id] = f"{pro.first_name} {pro.last_name}"
    return Choices({o.id: o.name for o in organisations}, referents)


def orient(session: Session, actor: Actor, person_id: int, *, organisation_id: int | None,
           referent_id: int | None, kind: str, reason: str) -> int:
    """Record a decision and apply it. FieldErrors name the fields; PermissionDenied when this
    professional may not orient this person (a coordinator, or a référent of the person's structure)."""
    person = open_person(session, actor, person_id, Category.IDENTITY, Permission.ORIENT)
    errors: dict[str, str] = {}
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        errors["structure"] = "error.orientation.structure"
    if not is_one_of(kind, OrientationKind):
        errors["kind"] = "error.orientation.kind"
    referent = session.get(Professional, referent_id) if referent_id else None
    if organisation is not None and referent_id and (
            referent is None or not referent.active or referent.organisation_id != organisation.id
            or not _is_referent(session, referent.id)):
        errors["referent"] = "error.orientation.referent"
    text = ""
    try:
        text = check_free_text(reason, max_length=REASON_MAX, sensitive_ok=False)
        if len(text) < REASON_MIN:
            errors["reason"] = "error.orientation.reason"
    except ValueError as exc:
        errors["reason"] = str(exc)
    if not errors and organisation.id == person.organisation_id and referent_id == person.referent_id:
        errors["_form"] = "error.orientation.same"
    if errors:
        raise FieldErrors(errors)
    now = clock.now()
    row = Orientation(beneficiary_id=person.id, organisation_id=organisation.id, referent_id=referent_id,
                      previous_organisation_id=person.organisation_id, previous_referent_id=person.referent_id,
                      kind=kind, reason=text, decided_by_id=actor.id, decided_by_name=actor.display_name[:200],
                      decided_at=now)
    person.organisation_id, person.referent_id, person.updated_at = organisation.id, referent_id, now
    session.add(row)
    session.add(person)
    session.flush()
    return row.id


def _is_referent(session: Session, professional_id: int) -> bool:
    return session.exec(select(ProfessionalRole).where(ProfessionalRole.professional_id == professional_id,
                                                       ProfessionalRole.role == Role.REFERENT)).first() is not None


def history(session: Session, actor: Actor, person_id: int) -> list[OrientationLine]:
    """Every decision, newest first: for the person, for whoever may read their identity, and for who
    may orient them (a coordinator reads the history of the decision they are about to change)."""
    person = session.get(Beneficiary, person_id)
    orients = actor.is_professional and person is not None and decide(actor, Permission.ORIENT, person).allowed
    open_person(session, actor, person_id, Category.IDENTITY, Permission.ORIENT if orients else Permission.READ)
    rows = session.exec(select(Orientation).where(Orientation.beneficiary_id == person_id)
                        .order_by(Orientation.decided_at.desc(), Orientation.id.desc())).all()
    names = {o.id: o.name for o in session.exec(select(Organisation)).all()}
    pro_ids = {r.referent_id for r in rows if r.referent_id}
    pros = {p.id: f"{p.first_name} {p.last_name}"
            for p in session.exec(select(Professional).where(Professional.id.in_(pro_ids))).all()} if pro_ids else {}
    return [OrientationLine(r.decided_at, r.kind, names.get(r.organisation_id, "?"), pros.get(r.referent_id),
                            names.get(r.previous_organisation_id) if r.previous_organisation_id else None,
                            r.reason, r.decided_by_name) for r in rows]


def find_person(session: Session, actor: Actor, dossier_number: str) -> Beneficiary:
    """The person to orient, by exact dossier number; the same error whether unknown or not allowed."""
    person = person_by_number(session, dossier_number)
    if person is None:
        raise FieldErrors({"number": "error.orientation.number"})
    try:
        return open_person(session, actor, person.id, Category.IDENTITY, Permission.ORIENT)
    except PermissionDenied:
        raise FieldErrors({"number": "error.orientation.number"}) from None


def orientable(actor: Actor) -> ColumnElement[bool]:
    """`decide(actor, Permission.ORIENT, person)` as a SQL condition on `beneficiary`, for a list: a
    coordinator orients anyone, a référent the people of their own structure, nobody else anyone."""
    if actor.has_role(Role.COORDINATOR):
        return true()
    if actor.has_role(Role.REFERENT) and actor.organisation_id is not None:
        return Beneficiary.organisation_id == actor.organisation_id
    return false()


def waiting_for_orientation(session: Session, actor: Actor, limit: int = WAITING_LISTED) -> list[WaitingForOrientation]:
    """The people with an RSA entry date and no orientation decision whom the actor may orient, the
    earliest entry first (the longest wait), filtered, ordered and limited by the database. Refused
    (PermissionDenied) to whoever does not orient: the accueil, an administrator who is not coordinator."""
    require(actor, Permission.ORIENT)
    decided = exists().where(Orientation.beneficiary_id == Beneficiary.id)
    rows = session.exec(
        select(Beneficiary.id, Beneficiary.dossier_number, Beneficiary.last_name, Beneficiary.first_name,
               Beneficiary.rsa_entry_date, Organisation.name)
        .select_from(Beneficiary).outerjoin(Organisation, Organisation.id == Beneficiary.organisation_id)
        .where(Beneficiary.rsa_entry_date.is_not(None), ~decided, orientable(actor))
        .order_by(Beneficiary.rsa_entry_date, Beneficiary.last_name, Beneficiary.first_name, Beneficiary.id)
        .limit(limit)).all()
    today = clock.today()
    return [WaitingForOrientation(person_id, number, f"{last.upper()} {first}", entry, (today - entry).days, structure)
            for person_id, number, last, first, entry, structure in rows]
