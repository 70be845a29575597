"""The one way to open a person's dossier for a given use: the policy decides, per category, with what
the person granted at the time of reading; every professional's read leaves one row in the access log.

Every service that reads or writes one person's data starts here, so that id tampering (a professional
passing another person's id) meets the same refusal as any other denied read, and is logged the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, exists
from sqlmodel import Session, select

from dossier import clock
from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.policy import NO_GRANTS, Basis, Category, Decision, Grants, Permission, decide
from storage.engine import keep_on_rollback
from storage.models import AccessLog, Beneficiary, Consent, ConsentWithdrawal, ExceptionalAccess, Organisation

PURPOSE = "accompagnement vers l'emploi"
EXCEPTIONAL_PURPOSE = "urgence (accès exceptionnel)"
_GRANTS_KEY = "dossier.grants"
_LOGGED_KEY = "dossier.logged"


def in_force(at: dt.datetime) -> tuple:
    """The conditions of a consent in force at `at`: within its period, never withdrawn, not replaced
    by a renewal."""
    renewed = select(Consent.supersedes_id).where(Consent.supersedes_id.is_not(None))
    return (Consent.valid_from <= at, Consent.valid_until > at,
            ~exists().where(ConsentWithdrawal.consent_id == Consent.id), Consent.id.not_in(renewed))


def valid_consents(person_id: int, at: dt.datetime):
    return select(Consent).where(Consent.beneficiary_id == person_id, *in_force(at))


def running_exceptional_access(session: Session, actor: Actor, person_id: int,
                               at: dt.datetime) -> ExceptionalAccess | None:
    if not actor.is_professional:
        return None
    return session.exec(
        select(ExceptionalAccess).where(ExceptionalAccess.professional_id == actor.id,
                                        ExceptionalAccess.beneficiary_id == person_id,
                                        ExceptionalAccess.started_at <= at, ExceptionalAccess.ends_at > at)
        .order_by(ExceptionalAccess.ends_at.desc()).limit(1)
    ).first()


def grants_for(session: Session, actor: Actor, person_id: int, at: dt.datetime | None = None) -> Grants:
    """What `person_id` grants the actor's structure now: consents naming it or its type, and the
    actor's own running exceptional access. Nothing for anyone but a professional."""
    if not actor.is_professional or actor.organisation_id is None:
        return NO_GRANTS
    at = at or clock.now()
    org_type = session.exec(select(Organisation.type).where(Organisation.id == actor.organisation_id)).one()
    consents = session.exec(valid_consents(person_id, at).where(
        (Consent.recipient_organisation_id == actor.organisation_id) | (Consent.recipient_type == org_type))).all()
    return Grants(consented=frozenset(Category(c.category) for c in consents),
                  exceptional=running_exceptional_access(session, actor, person_id, at) is not None)


GRANT_MODELS = (Consent, ConsentWithdrawal, ExceptionalAccess)  # append-only: rows are only ever added


def unit_grants(session: Session, actor: Actor, person_id: int, at: dt.datetime) -> Grants:
    """`grants_for`, read once per unit of work: a page opens several categories of one dossier, and
    each would read the same consents again. Any write of a consent, a withdrawal or an exceptional
    access in this unit forgets them (listeners below), so a withdrawal still holds at the next read."""
    if not actor.is_professional:
        return NO_GRANTS
    session.flush()  # pending writes first, as a query would (and the listeners see them)
    cached = session.info.setdefault(_GRANTS_KEY, {})
    if (actor.id, person_id) not in cached:
        cached[(actor.id, person_id)] = grants_for(session, actor, person_id, at)
    return cached[(actor.id, person_id)]


@event.listens_for(Session, "before_flush")
def _forget_grants_when_flushing_grant_rows(session: Session, _context, _instances) -> None:
    if any(isinstance(row, GRANT_MODELS) for row in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_GRANTS_KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_grants_on_grant_statements(state) -> None:
    """INSERT … ON CONFLICT of a withdrawal goes through session.execute, not through a flush."""
    if not state.is_select and state.bind_mapper is not None and state.bind_mapper.class_ in GRANT_MODELS:
        state.session.info.pop(_GRANTS_KEY, None)


def open_person(session: Session, actor: Actor, person_id: int | None, category: Category,
                permission: Permission = Permission.READ) -> Beneficiary:
    """The person when `actor` may `permission` their `category`; otherwise PermissionDenied (the
    same answer whether the dossier exists or not). A professional's read, and any refusal, is logged."""
    at = clock.now()
    person = session.get(Beneficiary, person_id) if person_id is not None else None
    grants = unit_grants(session, actor, person.id, at) if person is not None else NO_GRANTS
    decision = decide(actor, permission, person, category, grants) if person is not None else None
    if person is not None and actor.is_professional:
        logged = session.info.setdefault(_LOGGED_KEY, set())
        entry = (actor.id, person.id, category, decision.allowed)
        if (permission is Permission.READ or not decision.allowed) and entry not in logged:
            logged.add(entry)  # one read = one unit of work: a page asking twice is still one row
            _log(session, actor, person.id, category, decision, grants, at)
    if decision is None or not decision.allowed:
        raise PermissionDenied("denied.dossier")
    return person


@event.listens_for(Session, "after_commit")
def _new_unit_new_reads(session: Session) -> None:
    """A read is logged once per unit of work: after a commit, the next read is a new one; and the
    grants are read again (another unit may have changed them)."""
    session.info.pop(_LOGGED_KEY, None)
    session.info.pop(_GRANTS_KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back_grants_are_read_again(session: Session, _previous_transaction) -> None:
    session.info.pop(_GRANTS_KEY, None)


def can_read(session: Session, actor: Actor, person: Beneficiary, category: Category) -> bool:
    """For a service that has opened the dossier: may its content of `category` be shown too (a health
    goal on the roadmap page)? Uses the grants loaded by `open_person`; writes no log row."""
    grants = unit_grants(session, actor, person.id, clock.now())
    return decide(actor, Permission.READ, person, category, grants).allowed


def can_edit(session: Session, actor: Actor, person_id: int, category: Category) -> bool:
    """Whether the page should offer editing (the person and their structure référente only); the
    services check again when called. Asks the policy without logging: nothing is read."""
    person = session.get(Beneficiary, person_id)
    return person is not None and decide(actor, Permission.EDIT, person, category).allowed


def visibility(session: Session, actor: Actor, person_id: int) -> dict[Category, Decision]:
    """Every category with its decision, for a page that says which parts are hidden and why (no
    content is read, so nothing is logged)."""
    person = session.get(Beneficiary, person_id)
    if person is None:
        return {}
    grants = grants_for(session, actor, person.id)  # fresh: this summary may outlive a unit of work
    return {c: decide(actor, Permission.READ, person, c, grants) for c in Category}


def may_open(session: Session, actor: Actor, person_id: int | None, category: Category,
             permission: Permission = Permission.READ) -> bool:
    try:
        open_person(session, actor, person_id, category, permission)
    except PermissionDenied:
        return False
    return True


def _log(session: Session, actor: Actor, person_id: int, category: Category, decision: Decision,
         grants: Grants, at: dt.datetime) -> None:
    """One row, no dossier content, kept even when the caller's unit of work rolls back (as it does on
    the PermissionDenied that follows a refusal): the attempt must stay on record."""
    exceptional = (running_exceptional_access(session, actor, person_id, at)
                   if decision.allowed and grants.exceptional and decision.basis is Basis.EXCEPTIONAL else None)
    keep_on_rollback(session, AccessLog, dict(
        at=at, beneficiary_id=person_id, professional_id=actor.id, professional_name=actor.display_name[:200],
        organisation_id=actor.organisation_id, role=actor.role, category=category.value,
        purpose=EXCEPTIONAL_PURPOSE if exceptional else PURPOSE, allowed=decision.allowed,
        basis=decision.basis.value[:100], reason=decision.reason[:200],
        exceptional_access_id=exceptional.id if exceptional else None))
