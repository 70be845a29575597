"""Sharing, without Streamlit: the decision table (structure × category × consent state × time), id
tampering denied and logged, withdrawal effective on the very next read, one access-log row per
professional read and no content in it, append-only receipts and logs, exceptional access, the person's
export (JSON and PDF) and « Personnes partagées avec moi ». Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from pypdf import PdfReader
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from dossier import access, clock, roadmap
from dossier.accounts import actor_for_beneficiary, actor_for_professional
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import t
from dossier.people import _exceptional as exceptional
from dossier.people import shared_with_me
from dossier.policy import HEALTH_DENIED, NOT_SHARED, Basis, Category, Permission, decide
from dossier.roadmap import _diagnostic as diagnostic
from dossier.roadmap import _history as history
from dossier.sharing import _consent as consent
from dossier.sharing import _export as export
from dossier.sharing import consultations
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import (
    AccessLog,
    Beneficiary,
    Consent,
    ConsentWithdrawal,
    Credential,
    ExceptionalAccess,
    Goal,
    Organisation,
    Professional,
    ProfessionalRole,
)
from tests.support.domain import (
    CLAIRE,
    DAVID,
    EXCEPTIONAL_REASON,
    HEALTH_GOAL,
    JULIE,
    LUCAS,
    NADIA,
    NICOLAS,
    THEO,
    YANIS,
    assert_refused,
    me,
    person_by_number,
    person_id,
    pro_actor,
    pro_actor_from_engine,
    reads,
    set_clock,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # the tests' "now" when they move the clock


# --- helpers --------------------------------------------------------------------------------------


def org_id(session: Session, code: str) -> int:
    return session.exec(select(Organisation.id).where(Organisation.code == code)).one()


def to_org(session: Session, code: str) -> consent.Recipient:
    return consent.Recipient(organisation_id=org_id(session, code))


def log_rows(engine, **where) -> list[AccessLog]:
    """The access log as the database holds it (a fresh session), oldest first."""
    with Session(engine, expire_on_commit=False) as fresh:
        query = select(AccessLog)
        for column, value in where.items():
            query = query.where(getattr(AccessLog, column) == value)
        return list(fresh.exec(query.order_by(AccessLog.id)))


def log_count(engine) -> int:
    with Session(engine) as fresh:
        return fresh.exec(select(func.count()).select_from(AccessLog)).one()


def by_person(engine, number: str, work) -> object:
    """A committed unit of work done by the person themself."""
    with session_scope(engine) as unit:
        return work(unit, me(unit, number), person_by_number(unit, number).id)


# --- 1. the decision table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    session: Session
    person: Beneficiary
    person_actor: Actor
    readers: dict[str, Actor]  # structure kind -> its référent
    recipients: dict[str, consent.Recipient]  # structure kind -> what a consent for it names


STRUCTURES = ("own", "named", "typed", "none")


@pytest.fixture
def territory(session) -> Territory:
    """Four structures and one référent in each, one person followed by the first; no Argon2 hash, so
    that the table's 240 cases stay fast. "named" is reached by a consent naming it, "typed" by a
    consent to every mission locale, "none" never: its consents go to the "named" structure."""
    now = clock.now()
    kinds = {"own": "departement", "named": "france_travail", "typed": "mission_locale", "none": "association"}
    orgs, pros = {}, {}
    for n, (name, kind) in enumerate(kinds.items()):
        orgs[name] = Organisation(code=f"T-{name.upper()}", name=f"Structure {name}", type=kind, created_at=now)
        session.add(orgs[name])
        session.flush()
        pros[name] = Professional(organisation_id=orgs[name].id, first_name="Réf", last_name=f"Érent{n}",
                                  email=f"ref{n}@test.invalid", created_at=now)
        session.add(pros[name])
        session.flush()
        session.add(ProfessionalRole(professional_id=pros[name].id, role="referent"))
    person = Beneficiary(dossier_number="T-0001", last_name="Essai", first_name="Alix", birth_date=dt.date(1990, 1, 1),
                         organisation_id=orgs["own"].id, referent_id=pros["own"].id, created_at=now, updated_at=now)
    session.add(person)
    session.commit()
    recipients = {"own": consent.Recipient(organisation_id=orgs["own"].id),
                  "named": consent.Recipient(organisation_id=orgs["named"].id),
                  "typed": consent.Recipient(organisation_type="mission_locale"),
                  "none": consent.Recipient(organisation_id=orgs["named"].id)}
    return Territory(session, person, actor_for_beneficiary(person),
                     {k: actor_for_professional(session, p) for k, p in pros.items()}, recipients)


def _give(tr: Territory, monkeypatch, at: dt.datetime, category: Category, recipient: consent.Recipient) -> int:
    set_clock(monkeypatch, at)
    return consent.give(tr.session, tr.person_actor, tr.person.id, category.value, recipient)


def _withdraw(tr: Territory, monkeypatch, at: dt.datetime, category: Category, recipient: consent.Recipient) -> int:
    set_clock(monkeypatch, at)
    return consent.withdraw(tr.session, tr.person_actor, tr.person.id, category.value, recipient)


def _scenario(tr: Territory, monkeypatch, state: str, category: Category, recipient: consent.Recipient) -> None:
    """The consents behind each state; reading happens later, at T0 + 364 or 366 days."""
    if state == "given":
        _give(tr, monkeypatch, T0, category, recipient)
    elif state == "withdrawn":
        _give(tr, monkeypatch, T0, category, recipient)
        assert _withdraw(tr, monkeypatch, T0 + dt.timedelta(hours=1), category, recipient) == 1
    elif state == "expired":  # given a year and a day before T0: over before anyone reads
        _give(tr, monkeypatch, T0 - dt.timedelta(days=366), category, recipient)
    elif state == "renewed":  # the first receipt ends at T0 + 165 days: only the renewal covers the reads
        first = _give(tr, monkeypatch, T0 - dt.timedelta(days=200), category, recipient)
        renewal = _give(tr, monkeypatch, T0, category, recipient)
        assert tr.session.get(Consent, renewal).supersedes_id == first
    elif state == "renewed_then_withdrawn":  # the superseded receipt, still within its period, stays ended
        _give(tr, monkeypatch, T0 - dt.timedelta(hours=12), category, recipient)
        _give(tr, monkeypatch, T0, category, recipient)
        assert _withdraw(tr, monkeypatch, T0 + dt.timedelta(hours=1), category, recipient) == 1
    else:
        assert state == "none"
    tr.session.commit()


STATES = ("none", "given", "withdrawn", "expired", "renewed", "renewed_then_withdrawn")
READ_AT = {"before_expiry": T0 + dt.timedelta(days=364), "after_expiry": T0 + dt.timedelta(days=366)}


def _expected(structure: str, state: str, when: str, consented: Category, category: Category) -> tuple[bool, Basis]:
    in_force = state in ("given", "renewed") and when == "before_expiry" and structure != "none"
    if in_force and category is consented:
        return True, Basis.CONSENT
    if structure == "own" and category is not Category.HEALTH:
        return True, Basis.MISSION
    return False, Basis.DENIED


@pytest.mark.parametrize("when", list(READ_AT))
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("consented", list(Category), ids=lambda c: c.value)
@pytest.mark.parametrize("structure", STRUCTURES)
def test_decision_table(territory, monkeypatch, structure, consented, state, when):
    """One consent for one category (or none), read by the référent of each kind of structure before and
    after it expires: exactly the consented category is added to what the structure reads by its mission
    (health never without its own consent), only while in force, and a consent never grants editing."""
    tr, reader = territory, territory.readers[structure]
    _scenario(tr, monkeypatch, state, consented, tr.recipients[structure])
    set_clock(monkeypatch, READ_AT[when])

    decisions = access.visibility(tr.session, reader, tr.person.id)
    expected = {c: _expected(structure, state, when, consented, c) for c in Category}
    assert {c: (d.allowed, d.basis) for c, d in decisions.items()} == expected
    reasons = {c: d.reason for c, d in decisions.items() if not d.allowed}
    assert reasons == {c: (HEALTH_DENIED if c is Category.HEALTH else NOT_SHARED).reason for c in reasons}

    grants = access.grants_for(tr.session, reader, tr.person.id)
    assert grants.consented == ({consented} if expected[consented][1] is Basis.CONSENT else set())
    assert not grants.exceptional

    # Never editing by consent: only the structure référente, on the roadmap and the diagnostic.
    editable = {Category.ROADMAP, Category.SITUATION} if structure == "own" else set()
    assert {c for c in Category if access.can_edit(tr.session, reader, tr.person.id, c)} == editable
    assert {c for c in Category if decide(reader, Permission.EDIT, tr.person, c, grants).allowed} == editable

    # The real entry point agrees with the table, and leaves exactly one row saying so.
    before = tr.session.exec(select(func.count()).select_from(AccessLog)).one()
    assert access.may_open(tr.session, reader, tr.person.id, consented) is expected[consented][0]
    [row] = tr.session.exec(select(AccessLog).order_by(AccessLog.id.desc()).limit(1)).all()
    assert tr.session.exec(select(func.count()).select_from(AccessLog)).one() == before + 1
    assert (row.professional_id, row.beneficiary_id, row.category, row.allowed, row.basis) == (
        reader.id, tr.person.id, consented.value, expected[consented][0], expected[consented][1].value)
    assert clock.as_paris(row.at) == clock.as_paris(READ_AT[when])


def test_a_consent_covers_only_referents_of_the_recipient_structure(territory, monkeypatch):
    """A consent is given to a structure's référents: the accueil or a coordinator there gets nothing."""
    tr = territory
    named = tr.readers["named"]
    _give(tr, monkeypatch, T0, Category.ROADMAP, tr.recipients["named"])
    tr.session.commit()
    set_clock(monkeypatch, T0 + dt.timedelta(days=1))
    for role in ("accueil", "coordinateur"):
        other = Actor(kind="professional", id=named.id, display_name=named.display_name,
                      organisation_id=named.organisation_id, roles=frozenset({role}))
        assert not access.visibility(tr.session, other, tr.person.id)[Category.ROADMAP].allowed
    assert access.visibility(tr.session, named, tr.person.id)[Category.ROADMAP].allowed


def _with_health_goal(session: Session, number: str) -> int:
    david = person_by_number(session, number)
    goal = roadmap.add_goal(session, me(session, number), david.id, theme_code="sante", label=HEALTH_GOAL)
    session.commit()
    return goal


def _goal_labels(view: roadmap.RoadmapView) -> set[str]:
    return {g.label for card in view.themes for g in card.goals}


def test_health_needs_its_own_consent_even_for_the_referent_structure(demo, session):
    """Claire (CD-VV, David's structure) does not see his health goal until he gives `sante` to CD-VV;
    then she reads it by consent, and still cannot edit it."""
    _with_health_goal(session, DAVID)
    pid = person_by_number(session, DAVID).id
    with session_scope(demo) as unit:
        assert HEALTH_GOAL not in _goal_labels(roadmap.load_roadmap(unit, pro_actor_from_engine(demo, CLAIRE), pid))
    decision = access.visibility(session, pro_actor_from_engine(demo, CLAIRE), pid)[Category.HEALTH]
    assert (decision.allowed, decision.reason) == (False, HEALTH_DENIED.reason)

    by_person(demo, DAVID, lambda s, a, p: consent.give(s, a, p, "sante", to_org(s, "CD-VV")))
    with session_scope(demo) as unit:
        assert HEALTH_GOAL in _goal_labels(roadmap.load_roadmap(unit, pro_actor_from_engine(demo, CLAIRE), pid))
    decision = access.visibility(session, pro_actor_from_engine(demo, CLAIRE), pid)[Category.HEALTH]
    assert (decision.allowed, decision.basis) == (True, Basis.CONSENT)
    assert not access.can_edit(session, pro_actor_from_engine(demo, CLAIRE), pid, Category.HEALTH)
    with session_scope(demo) as unit, pytest.raises(PermissionDenied):
        roadmap.add_goal(unit, pro_actor_from_engine(demo, CLAIRE), pid, theme_code="sante", label="Voir un médecin")


def test_health_shared_with_a_named_structure_is_read_by_its_referent_there_only(demo, session):
    """Julie reads David's roadmap (consent) without the health goal; with `sante` for FT-VV she sees it;
    Nadia (another structure) still cannot open the roadmap at all."""
    _with_health_goal(session, DAVID)
    pid = person_by_number(session, DAVID).id
    with session_scope(demo) as unit:
        assert HEALTH_GOAL not in _goal_labels(roadmap.load_roadmap(unit, pro_actor_from_engine(demo, JULIE), pid))
    by_person(demo, DAVID, lambda s, a, p: consent.give(s, a, p, "sante", to_org(s, "FT-VV")))
    with session_scope(demo) as unit:
        view = roadmap.load_roadmap(unit, pro_actor_from_engine(demo, JULIE), pid)
        assert HEALTH_GOAL in _goal_labels(view) and not view.editable
    assert not reads(demo, pro_actor_from_engine(demo, NADIA), roadmap.load_roadmap, DAVID)


def test_a_consent_never_lets_the_recipient_write(demo, session):
    """Julie reads David's roadmap by consent; every write on it is refused and leaves nothing."""
    julie = pro_actor_from_engine(demo, JULIE)
    pid = person_by_number(session, DAVID).id
    goal = session.exec(select(Goal).where(Goal.beneficiary_id == pid).order_by(Goal.id)).first()
    goals_before = session.exec(select(func.count()).select_from(Goal).where(Goal.beneficiary_id == pid)).one()
    assert reads(demo, julie, roadmap.load_roadmap, DAVID)
    situation = diagnostic.load_diagnostic(session, me(session, DAVID), pid)[0].situations[0]
    writes = {
        "add_goal": lambda s: roadmap.add_goal(s, julie, pid, theme_code="emploi", label="Intrus"),
        "add_action": lambda s: roadmap.add_action(s, julie, goal.id, label="Intrus"),
        "update_goal": lambda s: roadmap.update_goal(s, julie, goal.id, goal.version, label="Intrus"),
        "add_comment": lambda s: roadmap.add_comment(s, julie, goal_id=goal.id, body="Intrus"),
        "diagnostic.remove": lambda s: diagnostic.remove(s, julie, situation.id),
    }
    allowed = []
    for name, write in writes.items():
        try:
            with session_scope(demo) as unit:
                write(unit)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Goal).where(Goal.beneficiary_id == pid)).one() == goals_before
    assert session.get(Goal, goal.id).label == goal.label


@pytest.mark.parametrize("email", [JULIE, CLAIRE])
def test_a_professional_alone_can_neither_give_nor_withdraw(demo, session, email):
    """Only the person decides: Julie (another structure) and Claire (his référente) without his code
    are refused, and nothing is written."""
    actor, pid = pro_actor_from_engine(demo, email), person_by_number(session, DAVID).id
    receipts = session.exec(select(func.count()).select_from(Consent)).one()
    for act in (consent.give, consent.withdraw):
        with pytest.raises(PermissionDenied):
            with session_scope(demo) as unit:
                act(unit, actor, pid, "feuille_de_route", to_org(unit, "FT-VV"))
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Consent)).one() == receipts
    assert session.exec(select(func.count()).select_from(ConsentWithdrawal)).one() == 0
    assert reads(demo, pro_actor_from_engine(demo, JULIE), roadmap.load_roadmap, DAVID)  # still shared


def test_the_referent_records_a_consent_beside_the_person_with_their_code(demo, session):
    claire, pid = pro_actor_from_engine(demo, CLAIRE), person_by_number(session, DAVID).id
    with pytest.raises(FieldErrors) as caught:
        with session_scope(demo) as unit:
            consent.give(unit, claire, pid, "situation", to_org(unit, "FT-VV"), person_code="000000")
    assert caught.value.errors == {"person_code": "error.validation.person_code"}
    with session_scope(demo) as unit:
        new = consent.give(unit, claire, pid, "situation", to_org(unit, "FT-VV"), person_code=DEMO_PERSON_CODE)
    row = session.get(Consent, new)
    assert (row.channel, row.captured_by_kind, row.captured_by_id, row.beneficiary_id) == (
        "en_presence", "professional", claire.id, pid)
    assert reads(demo, pro_actor_from_engine(demo, JULIE), diagnostic.load_diagnostic, DAVID)
    # Julie cannot record anything for him, even with his code: he is not followed by her structure.
    with pytest.raises(PermissionDenied):
        with session_scope(demo) as unit:
            consent.give(unit, pro_actor(unit, JULIE), pid, "sante", to_org(unit, "FT-VV"),
                         person_code=DEMO_PERSON_CODE)


@pytest.mark.parametrize(("category", "recipient", "errors"), [
    ("medical", {"organisation_type": "mission_locale"}, {"category": "error.consent.category"}),
    ("situation", {"organisation_type": "banque"}, {"recipient": "error.consent.recipient"}),
    ("situation", {"organisation_id": 999_999}, {"recipient": "error.consent.recipient"}),
    ("situation", {}, {"recipient": "error.consent.recipient"}),
])
def test_a_consent_to_an_unknown_part_or_recipient_is_refused(demo, session, category, recipient, errors):
    receipts = session.exec(select(func.count()).select_from(Consent)).one()
    with pytest.raises(FieldErrors) as caught:
        by_person(demo, DAVID, lambda s, a, p: consent.give(s, a, p, category, consent.Recipient(**recipient)))
    assert caught.value.errors == errors
    assert session.exec(select(func.count()).select_from(Consent)).one() == receipts


# --- 2. id tampering ------------------------------------------------------------------------------

TAMPERING = [
    # (reader, service, person, category logged)
    (JULIE, "load_diagnostic", DAVID, Category.SITUATION),  # David shares identity and roadmap, not this
    (JULIE, "load_roadmap", YANIS, Category.ROADMAP),
    (JULIE, "person_history", YANIS, Category.ROADMAP),
    (THEO, "load_roadmap", NICOLAS, Category.ROADMAP),  # Nicolas shares his situation only
    (NADIA, "load_diagnostic", NICOLAS, Category.SITUATION),  # an association is not a mission locale
    (CLAIRE, "load_roadmap", YANIS, Category.ROADMAP),
]
SERVICES = {"load_roadmap": roadmap.load_roadmap, "load_diagnostic": diagnostic.load_diagnostic,
            "person_history": history.person_history}


@pytest.mark.parametrize(("email", "service", "number", "category"), TAMPERING,
                         ids=[f"{e.split('.')[0]}-{s}-{n}" for e, s, n, _ in TAMPERING])
def test_a_professional_changing_the_id_is_denied_and_logged(demo, email, service, number, category):
    """The refusal is logged in the same unit of work that rolls back: the row stays, and the write the
    unit made before is undone."""
    actor, target = pro_actor_from_engine(demo, email), person_id(demo, number)
    own = person_id(demo, "D2026-0013")  # Claire's: a write she is allowed, before the tampering
    goals = {pid: len(_goal_ids(demo, pid)) for pid in (own, target)}
    before = log_count(demo)
    with pytest.raises(PermissionDenied) as caught:
        with session_scope(demo) as unit:
            roadmap.add_goal(unit, pro_actor(unit, CLAIRE), own, theme_code="emploi", label="Écrit puis annulé")
            SERVICES[service](unit, actor, person_by_number(unit, number).id)
    assert caught.value.key == "denied.dossier"
    assert {pid: len(_goal_ids(demo, pid)) for pid in goals} == goals  # the unit rolled back
    assert log_count(demo) == before + 1
    [row] = log_rows(demo, professional_id=actor.id, beneficiary_id=target)
    assert (row.allowed, row.category, row.basis, row.reason, row.organisation_id, row.role) == (
        False, category.value, Basis.DENIED.value, NOT_SHARED.reason, actor.organisation_id, "referent")


def _goal_ids(engine, pid: int) -> list[int]:
    with Session(engine) as fresh:
        return list(fresh.exec(select(Goal.id).where(Goal.beneficiary_id == pid)))


def test_an_unknown_id_meets_the_same_refusal_and_logs_nothing(demo):
    before = log_count(demo)
    with pytest.raises(PermissionDenied) as caught:
        with session_scope(demo) as unit:
            roadmap.load_roadmap(unit, pro_actor_from_engine(demo, JULIE), 999_999)
    assert caught.value.key == "denied.dossier"
    assert log_count(demo) == before


def test_another_person_changing_the_id_is_denied(demo, session):
    """A person reading someone else's dossier is refused (people's reads are not logged)."""
    before = log_count(demo)
    for service in SERVICES.values():
        with pytest.raises(PermissionDenied):
            service(session, me(session, NICOLAS), person_by_number(session, DAVID).id)
    assert log_count(demo) == before


# --- 3. withdrawal on the very next read ----------------------------------------------------------


def test_a_withdrawal_is_effective_on_the_very_next_read(demo):
    julie = pro_actor_from_engine(demo, JULIE)
    assert reads(demo, julie, roadmap.load_roadmap, DAVID)
    assert by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "feuille_de_route",
                                                                   to_org(s, "FT-VV"))) == 1
    assert not reads(demo, julie, roadmap.load_roadmap, DAVID)
    rows = log_rows(demo, professional_id=julie.id, beneficiary_id=person_id(demo, DAVID))
    assert [(r.category, r.allowed, r.basis) for r in rows] == [
        ("feuille_de_route", True, Basis.CONSENT.value), ("feuille_de_route", False, Basis.DENIED.value)]
    assert reads(demo, julie, lambda s, a, p: access.open_person(s, a, p, Category.IDENTITY), DAVID)  # kept


def test_a_withdrawal_reaches_a_session_that_had_already_read(demo):
    """A long-lived session of Julie's, opened before the withdrawal, is refused on its next read."""
    julie, pid = pro_actor_from_engine(demo, JULIE), person_id(demo, DAVID)
    with Session(demo, expire_on_commit=False) as julies:
        roadmap.load_roadmap(julies, julie, pid)
        julies.commit()
        by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "feuille_de_route", to_org(s, "FT-VV")))
        with pytest.raises(PermissionDenied):
            roadmap.load_roadmap(julies, julie, pid)
        with pytest.raises(PermissionDenied):
            history.person_history(julies, julie, pid)


def test_grants_read_once_in_a_unit_are_forgotten_when_the_same_unit_changes_them(demo):
    """open_person keeps the grants for the rest of its unit of work; a withdrawal (an INSERT … ON
    CONFLICT, not a flush) or a new consent (a flush) in that same unit is seen at the next read."""
    julie, claire = pro_actor_from_engine(demo, JULIE), pro_actor_from_engine(demo, CLAIRE)
    with Session(demo) as unit:
        pid = person_by_number(unit, DAVID).id
        david = me(unit, DAVID)
        roadmap.load_roadmap(unit, julie, pid)  # allowed by David's consent; grants now kept
        assert consent.withdraw(unit, david, pid, "feuille_de_route", to_org(unit, "FT-VV")) == 1
        with pytest.raises(PermissionDenied):
            roadmap.load_roadmap(unit, julie, pid)
        assert not access.can_read(unit, claire, person_by_number(unit, DAVID), Category.HEALTH)
        consent.give(unit, david, pid, "sante", to_org(unit, "CD-VV"))
        assert access.can_read(unit, claire, person_by_number(unit, DAVID), Category.HEALTH)
        unit.rollback()


def test_a_type_consent_withdrawn_closes_every_mission_locale(demo):
    theo = pro_actor_from_engine(demo, THEO)
    assert reads(demo, theo, diagnostic.load_diagnostic, NICOLAS)
    withdrawn = by_person(demo, NICOLAS, lambda s, a, p: consent.withdraw(
        s, a, p, "situation", consent.Recipient(organisation_type="mission_locale")))
    assert withdrawn == 1
    assert not reads(demo, theo, diagnostic.load_diagnostic, NICOLAS)


# --- 4. one log row per read, and no content in it -------------------------------------------------


def test_one_professional_read_writes_exactly_one_log_row(demo):
    julie, pid = pro_actor_from_engine(demo, JULIE), person_id(demo, DAVID)
    before = log_count(demo)
    assert reads(demo, julie, roadmap.load_roadmap, DAVID)
    assert log_count(demo) == before + 1
    [row] = log_rows(demo, professional_id=julie.id)
    assert (row.beneficiary_id, row.organisation_id, row.role, row.category, row.purpose, row.allowed, row.basis,
            row.exceptional_access_id, row.professional_name) == (
        pid, julie.organisation_id, "referent", "feuille_de_route", access.PURPOSE, True, Basis.CONSENT.value,
        None, "Julie Roux")
    assert reads(demo, julie, roadmap.load_roadmap, DAVID)  # another unit of work, another read
    assert log_count(demo) == before + 2


def test_the_persons_own_reads_write_no_log_row(demo):
    before = log_count(demo)
    for read in (roadmap.load_roadmap, diagnostic.load_diagnostic, history.person_history, consent.consent_history,
                 consent.sharing_view, export.export_data, export.export_pdf):
        assert reads(demo, None, lambda s, _a, p, read=read: read(s, me(s, DAVID), p), DAVID)
    with session_scope(demo) as unit:
        consultations(unit, me(unit, DAVID))
    assert log_count(demo) == before


def test_log_rows_hold_no_dossier_content(demo, session):
    """Allowed and refused reads, by consent, by mission and exceptional: no row names the person or
    carries a goal, an action, a situation or a comment."""
    pid = person_by_number(session, DAVID).id
    with session_scope(demo) as unit:
        exceptional.open_exceptional(unit, pro_actor_from_engine(demo, THEO), DAVID, EXCEPTIONAL_REASON)
    for email, read in ((JULIE, roadmap.load_roadmap), (JULIE, diagnostic.load_diagnostic),
                        (CLAIRE, history.person_history), (THEO, roadmap.load_roadmap), (LUCAS, roadmap.load_roadmap)):
        reads(demo, pro_actor_from_engine(demo, email), read, DAVID)
    rows = log_rows(demo, beneficiary_id=pid)
    assert {(r.allowed, r.basis) for r in rows} >= {(True, Basis.CONSENT.value), (False, Basis.DENIED.value),
                                                    (True, Basis.MISSION.value), (True, Basis.EXCEPTIONAL.value)}
    david = person_by_number(session, DAVID)
    content = [david.last_name, david.first_name, david.dossier_number, david.caf_number, EXCEPTIONAL_REASON]
    content += list(session.exec(select(Goal.label).where(Goal.beneficiary_id == pid)))
    content += [a.label for a in roadmap.load_roadmap(session, me(session, DAVID), pid).actions_by_id.values()]
    content += [s.label for th in diagnostic.load_diagnostic(session, me(session, DAVID), pid) for s in th.situations]
    content += ["On en reparle au prochain rendez-vous."]
    stored = [str(v) for r in rows for v in r.model_dump().values() if v is not None]
    assert [(c, v) for c in content for v in stored if c and c.lower() in v.lower()] == []


def test_a_read_then_a_wrong_person_code_in_one_unit_is_still_one_log_row(demo):
    """Claire reads David's roadmap, then types a wrong person code for a consent in the same unit of
    work: the unit fails, and her read is on record once."""
    claire, pid = pro_actor_from_engine(demo, CLAIRE), person_id(demo, DAVID)
    with pytest.raises(FieldErrors):
        with session_scope(demo) as unit:
            roadmap.load_roadmap(unit, claire, pid)
            consent.give(unit, claire, pid, "situation", to_org(unit, "FT-VV"), person_code="000000")
    assert len(log_rows(demo, professional_id=claire.id, beneficiary_id=pid)) == 1


# --- 5. immutability ------------------------------------------------------------------------------

SHARING_TABLES = ("consent_notice", "consent", "consent_withdrawal", "exceptional_access", "access_log")
REWRITE = {"consent_notice": ("version", "'x'"), "consent": ("purpose", "'x'"),
           "consent_withdrawal": ("channel", "'borne'"), "exceptional_access": ("reason", "'x'"),
           "access_log": ("allowed", "false")}


@pytest.fixture
def sharing_rows(demo):
    """At least one committed row in each sharing table."""
    by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "identite_contact", to_org(s, "FT-VV")))
    with session_scope(demo) as unit:
        exceptional.open_exceptional(unit, pro_actor_from_engine(demo, THEO), DAVID, EXCEPTIONAL_REASON)
    assert reads(demo, pro_actor_from_engine(demo, THEO), roadmap.load_roadmap, DAVID)
    return demo


@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
@pytest.mark.parametrize("table", SHARING_TABLES)
def test_sharing_tables_refuse_update_and_delete(sharing_rows, table, verb):
    column, value = REWRITE[table]
    statement = f"UPDATE {table} SET {column} = {value}" if verb == "UPDATE" else f"DELETE FROM {table}"
    assert_refused(sharing_rows, table, statement)


@pytest.mark.parametrize("table", SHARING_TABLES)
def test_sharing_tables_refuse_truncate(sharing_rows, table):
    if sharing_rows.dialect.name == "sqlite":
        pytest.skip("SQLite has no TRUNCATE (its DELETE without WHERE is covered above)")
    assert_refused(sharing_rows, table, f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize("table", SHARING_TABLES)
def test_sharing_rows_cannot_be_rewritten_by_an_upsert(sharing_rows, table):
    """Re-insert the first row with one column changed: SQLite's INSERT OR REPLACE, PostgreSQL's
    INSERT ... ON CONFLICT DO UPDATE."""
    column, value = REWRITE[table]
    meta = SQLModel.metadata.tables[table]
    keys = [c.name for c in meta.primary_key.columns]
    names = [f'"{c.name}"' for c in meta.columns]
    values = ", ".join(value if n == f'"{column}"' else n for n in names)
    first = " AND ".join(f"{k} = (SELECT min({k}) FROM {table})" for k in keys)
    source = f"SELECT {values} FROM {table} WHERE {first}"
    if sharing_rows.dialect.name == "sqlite":
        statement = f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) {source}"
    else:
        statement = (f"INSERT INTO {table} ({', '.join(names)}) {source} "
                     f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {column} = {value}")
    assert_refused(sharing_rows, table, statement)


def test_a_withdrawn_consent_cannot_be_withdrawn_twice(demo, session):
    pid = person_by_number(session, DAVID).id
    withdraw = lambda s, a, p: consent.withdraw(s, a, p, "feuille_de_route", to_org(s, "FT-VV"))  # noqa: E731
    assert by_person(demo, DAVID, withdraw) == 1
    assert by_person(demo, DAVID, withdraw) == 0
    rows = session.exec(select(ConsentWithdrawal).where(ConsentWithdrawal.beneficiary_id == pid)).all()
    assert [(r.channel, r.actor_kind, r.actor_id) for r in rows] == [("autonome", "beneficiary", pid)]


def test_giving_again_after_a_withdrawal_writes_a_new_receipt_and_keeps_the_old(demo, session):
    pid = person_by_number(session, DAVID).id
    old = session.exec(select(Consent).where(Consent.beneficiary_id == pid,
                                             Consent.category == "feuille_de_route")).one()
    terms = old.model_dump()
    by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "feuille_de_route", to_org(s, "FT-VV")))
    new = by_person(demo, DAVID, lambda s, a, p: consent.give(s, a, p, "feuille_de_route", to_org(s, "FT-VV")))
    assert new != old.id
    session.expire_all()
    assert session.get(Consent, old.id).model_dump() == terms  # the old terms, untouched
    assert session.get(Consent, new).supersedes_id is None  # nothing was in force to renew
    lines = {line.id: line for line in by_person(demo, DAVID, lambda s, a, _p: consent.consent_history(s, a, a.id))}
    assert (lines[old.id].status, lines[old.id].ended_at is not None) == ("retire", True)
    assert (lines[new].status, lines[new].ended_at, lines[new].category) == ("donne", None, Category.ROADMAP)
    assert lines[new].recipient == lines[old.id].recipient == "France Travail Vallée-Verte"
    assert reads(demo, pro_actor_from_engine(demo, JULIE), roadmap.load_roadmap, DAVID)


def test_renewal_supersedes_and_the_history_tells_each_status(demo, session, monkeypatch):
    """Renewed 300 days in: the old receipt is "remplacé", the new one runs 365 days from the renewal;
    a year and a day later, "expiré"."""
    pid = person_by_number(session, DAVID).id
    old = session.exec(select(Consent).where(Consent.beneficiary_id == pid,
                                             Consent.category == "identite_contact")).one()
    assert old.valid_until - old.valid_from == dt.timedelta(days=consent.VALIDITY_DAYS)
    renewed_at = clock.now() + dt.timedelta(days=300)
    set_clock(monkeypatch, renewed_at)
    new = by_person(demo, DAVID, lambda s, a, p: consent.give(s, a, p, "identite_contact", to_org(s, "FT-VV")))
    row = session.get(Consent, new)
    assert row.supersedes_id == old.id
    assert row.valid_until - row.valid_from == dt.timedelta(days=365)
    history_now = {c.id: c for c in by_person(demo, DAVID, lambda s, a, _p: consent.consent_history(s, a, a.id))}
    assert (history_now[old.id].status, history_now[new].status) == ("remplace", "donne")
    assert clock.as_paris(history_now[old.id].ended_at) == clock.as_paris(renewed_at)

    set_clock(monkeypatch, renewed_at + dt.timedelta(days=366))
    later = {c.id: c.status for c in by_person(demo, DAVID, lambda s, a, _p: consent.consent_history(s, a, a.id))}
    assert (later[old.id], later[new]) == ("remplace", "expire")
    assert not reads(demo, pro_actor_from_engine(demo, JULIE),
                     lambda s, a, p: access.open_person(s, a, p, Category.IDENTITY), DAVID)


def test_sharing_pages_are_the_persons_only(demo, session):
    pid = person_by_number(session, DAVID).id
    for email in (CLAIRE, JULIE):
        for read in (consent.sharing_view, consent.consent_history, export.export_data, export.export_pdf):
            with pytest.raises(PermissionDenied):
                read(session, pro_actor_from_engine(demo, email), pid)
        with pytest.raises(PermissionDenied):
            consultations(session, pro_actor_from_engine(demo, email))


# --- 6. exceptional access ------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "reason", "errors"), [
    (DAVID, "a" * 19, {"reason": "error.exceptional.reason"}),
    (DAVID, "   " + "a" * 19 + "   ", {"reason": "error.exceptional.reason"}),
    (DAVID, "", {"reason": "error.exceptional.reason"}),
    ("D2026-9999", EXCEPTIONAL_REASON, {"number": "error.exceptional.number"}),
    (YANIS, EXCEPTIONAL_REASON, {"number": "error.exceptional.number"}),  # Théo's own structure: no exceptional access
    ("", "", {"reason": "error.exceptional.reason", "number": "error.exceptional.number"}),
])
def test_exceptional_access_needs_a_reason_and_a_dossier_of_another_structure(demo, session, number, reason, errors):
    with pytest.raises(FieldErrors) as caught:
        exceptional.open_exceptional(session, pro_actor_from_engine(demo, THEO), number, reason)
    assert caught.value.errors == errors
    session.rollback()
    assert session.exec(select(func.count()).select_from(ExceptionalAccess)).one() == 0


def test_exceptional_access_is_for_referents_only(demo, session):
    for email in (LUCAS, "admin@cd-vv.demo"):
        with pytest.raises(PermissionDenied):
            exceptional.open_exceptional(session, pro_actor_from_engine(demo, email), NICOLAS, EXCEPTIONAL_REASON)
    opened = exceptional.open_exceptional(session, pro_actor(session, THEO), "d2026-0001 ", "b" * 20)
    assert opened.dossier_number == DAVID


def test_exceptional_access_lasts_three_hours_never_health_never_editing(demo, monkeypatch):
    theo, pid = pro_actor_from_engine(demo, THEO), person_id(demo, DAVID)
    with Session(demo) as s:
        _with_health_goal(s, DAVID)
    assert not reads(demo, theo, roadmap.load_roadmap, DAVID)
    start = clock.now()
    set_clock(monkeypatch, start)
    with session_scope(demo) as unit:
        opened = exceptional.open_exceptional(unit, theo, DAVID, EXCEPTIONAL_REASON)
    assert (opened.person_id, opened.ends_at) == (pid, start + dt.timedelta(hours=3))
    with Session(demo) as s:
        stored = s.exec(select(ExceptionalAccess).where(ExceptionalAccess.beneficiary_id == pid)).one()
        assert (stored.professional_id, stored.organisation_id, stored.reason) == (theo.id, theo.organisation_id,
                                                                                  EXCEPTIONAL_REASON)

    set_clock(monkeypatch, start + dt.timedelta(hours=2, minutes=59))
    with session_scope(demo) as unit:
        view = roadmap.load_roadmap(unit, theo, pid)
        assert _goal_labels(view) and HEALTH_GOAL not in _goal_labels(view) and not view.editable
        decisions = access.visibility(unit, theo, pid)
    assert {c for c, d in decisions.items() if d.allowed} == set(Category) - {Category.HEALTH}
    assert {d.basis for d in decisions.values() if d.allowed} == {Basis.EXCEPTIONAL}
    assert decisions[Category.HEALTH].reason == HEALTH_DENIED.reason
    with Session(demo) as s:
        assert not any(access.can_edit(s, theo, pid, c) for c in Category)
    with pytest.raises(PermissionDenied):
        with session_scope(demo) as unit:
            roadmap.add_goal(unit, theo, pid, theme_code="emploi", label="Intrus")
    [row] = log_rows(demo, professional_id=theo.id, beneficiary_id=pid, allowed=True)
    assert (row.exceptional_access_id, row.basis, row.category) == (
        stored.id, Basis.EXCEPTIONAL.value, "feuille_de_route")
    assert row.purpose == access.EXCEPTIONAL_PURPOSE and "urgence" in row.purpose

    set_clock(monkeypatch, start + dt.timedelta(hours=3, minutes=1))
    assert not reads(demo, theo, roadmap.load_roadmap, DAVID)
    with Session(demo) as s:
        assert exceptional.running_accesses(s, theo) == []


def test_the_person_sees_the_exceptional_read_with_its_reason(demo):
    theo = pro_actor_from_engine(demo, THEO)
    with session_scope(demo) as unit:
        exceptional.open_exceptional(unit, theo, DAVID, EXCEPTIONAL_REASON)
    assert reads(demo, theo, roadmap.load_roadmap, DAVID)
    assert reads(demo, pro_actor_from_engine(demo, JULIE), roadmap.load_roadmap, DAVID)
    assert reads(demo, pro_actor_from_engine(demo, JULIE), roadmap.load_roadmap, NICOLAS)  # Nicolas's log, not David's
    seen = by_person(demo, DAVID, lambda s, a, _p: consultations(s, a))
    ml, ft = org_name(demo, "ML-RIV"), org_name(demo, "FT-VV")
    assert [(c.structure, c.category, c.allowed, c.exceptional_reason, c.purpose) for c in seen] == [
        (ft, "feuille_de_route", True, None, access.PURPOSE),
        (ml, "feuille_de_route", True, EXCEPTIONAL_REASON, access.EXCEPTIONAL_PURPOSE)]
    assert seen[0].at >= seen[1].at
    others = by_person(demo, NICOLAS, lambda s, a, _p: consultations(s, a))
    assert all(c.exceptional_reason is None for c in others)
    assert sum(c.reads for c in others) == len(log_rows(demo, beneficiary_id=person_id(demo, NICOLAS)))


def test_reads_in_one_sitting_are_one_visit_naming_who_and_which_parts(demo, monkeypatch):
    """Wave-2 defect 6: one line per professional and sitting (30 minutes from its first read), with the
    parts read; a refused attempt and a later sitting get their own lines; the raw log keeps every read."""
    julie = pro_actor_from_engine(demo, JULIE)
    start = clock.now() + dt.timedelta(minutes=5)  # after the demo's consents, within their year
    for minutes in (0, 1, 2, 29):  # one sitting: the roadmap read at every rerun, the identity once
        set_clock(monkeypatch, start + dt.timedelta(minutes=minutes))
        assert reads(demo, julie, roadmap.load_roadmap, DAVID)
    assert reads(demo, julie, lambda s, a, p: access.open_person(s, a, p, Category.IDENTITY), DAVID)
    set_clock(monkeypatch, start + dt.timedelta(minutes=31))  # 31 minutes after the first read: a new visit
    assert reads(demo, julie, roadmap.load_roadmap, DAVID)
    assert not reads(demo, julie, diagnostic.load_diagnostic, DAVID)  # not shared with France Travail: refused
    seen = by_person(demo, DAVID, lambda s, a, _p: consultations(s, a))
    assert [(c.who, c.allowed, c.categories, c.reads) for c in seen] == [
        ("Julie Roux", False, ("situation",), 1),
        ("Julie Roux", True, ("feuille_de_route",), 1),
        ("Julie Roux", True, ("identite_contact", "feuille_de_route"), 5)]
    assert len(log_rows(demo, beneficiary_id=person_id(demo, DAVID))) == 7


def org_name(engine, code: str) -> str:
    with Session(engine) as s:
        return s.exec(select(Organisation.name).where(Organisation.code == code)).one()


# --- 7. export ------------------------------------------------------------------------------------


def _rich_dossier(engine) -> int:
    """David's demo dossier plus a withdrawal, an exceptional access and log rows; Nicolas reads too."""
    by_person(engine, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "identite_contact", to_org(s, "FT-VV")))
    with session_scope(engine) as unit:
        exceptional.open_exceptional(unit, pro_actor_from_engine(engine, THEO), DAVID, EXCEPTIONAL_REASON)
    for email in (THEO, JULIE, NADIA):
        reads(engine, pro_actor_from_engine(engine, email), roadmap.load_roadmap, DAVID)
    reads(engine, pro_actor_from_engine(engine, THEO), diagnostic.load_diagnostic, NICOLAS)
    return person_id(engine, DAVID)


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_export_holds_every_table_about_the_person_and_nothing_else(demo, session):
    pid = _rich_dossier(demo)
    data = by_person(demo, DAVID, lambda s, a, p: export.export_data(s, a, p))
    person_tables = {name for name, table in SQLModel.metadata.tables.items() if "beneficiary_id" in table.c}
    assert {"access_log", "consent", "consent_withdrawal", "exceptional_access", "credential", "goal"} <= person_tables
    assert set(data["tables"]) == person_tables | {"beneficiary", "consent_notice"}
    assert [row["id"] for row in data["tables"]["beneficiary"]] == [pid]
    for name in person_tables:
        rows = data["tables"][name]
        table = SQLModel.metadata.tables[name]
        assert all(row["beneficiary_id"] == pid for row in rows), name
        held = session.exec(select(func.count()).select_from(table).where(table.c.beneficiary_id == pid)).one()
        assert len(rows) == held, name
    for name in ("access_log", "consent", "consent_withdrawal", "exceptional_access", "credential", "goal",
                 "action", "roadmap_event", "engagement", "situation"):
        assert data["tables"][name], name  # the dossier really has rows there
    assert {row["sha256"] for row in data["tables"]["consent_notice"]} == {
        row["notice_sha256"] for row in data["tables"]["consent"]}
    assert data["tables"]["exceptional_access"][0]["reason"] == EXCEPTIONAL_REASON

    dumped = json.dumps(data, ensure_ascii=False)
    assert json.loads(export.export_json(data)) == json.loads(dumped)
    assert not {"secret_hash", "activation_code_hash"} & _keys(data)
    hashes = session.exec(select(Credential.secret_hash).where(Credential.secret_hash.is_not(None))).all()
    assert hashes and not [h for h in hashes if h in dumped]
    nicolas = person_by_number(session, NICOLAS)
    assert nicolas.dossier_number not in dumped and nicolas.caf_number not in dumped
    assert set(data["organisations"]) >= {str(org_id(session, c)) for c in ("CD-VV", "FT-VV", "ML-RIV")}
    assert data["format"] == export.FORMAT


@pytest.mark.parametrize("email", [CLAIRE, JULIE, LUCAS])
def test_a_professional_cannot_export_a_dossier(demo, email):
    actor = pro_actor_from_engine(demo, email)
    for build in (export.export_data, export.export_pdf):
        assert not reads(demo, actor, build, DAVID)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_reads_as_the_persons_file(demo, session):
    pid = _rich_dossier(demo)
    data = by_person(demo, DAVID, lambda s, a, p: export.export_pdf(s, a, p))
    assert data.startswith(b"%PDF")
    pdf = _pdf_text(data)
    david = person_by_number(session, DAVID)
    assert t("export.pdf.title", name=f"{david.first_name} {david.last_name}") in pdf
    for key in ("category.identite_contact", "category.situation", "category.feuille_de_route", "nav.history",
                "category.rendez_vous", "sharing.title", "consulted.title"):
        assert t(key) in pdf, key
    assert "Passer le permis B" in pdf
    assert t("export.pdf.number", value=DAVID) in pdf
    assert EXCEPTIONAL_REASON in pdf  # the exceptional read, with its reason
    assert session.exec(select(Goal).where(Goal.beneficiary_id == pid)).first() is not None


# --- 8. « Personnes partagées avec moi » -----------------------------------------------------------


def _shared(engine, email: str) -> dict[str, tuple[str | None, bool]]:
    with Session(engine) as s:
        return {r.dossier_number: (r.name, r.exceptional) for r in shared_with_me(s, pro_actor(s, email))}


def test_julie_sees_david_by_name_until_he_withdraws(demo, session):
    david = person_by_number(session, DAVID)
    assert _shared(demo, JULIE) == {DAVID: (f"{david.last_name.upper()} {david.first_name}", False)}
    by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "identite_contact", to_org(s, "FT-VV")))
    assert _shared(demo, JULIE) == {DAVID: (None, False)}  # the roadmap still shared, not who he is
    by_person(demo, DAVID, lambda s, a, p: consent.withdraw(s, a, p, "feuille_de_route", to_org(s, "FT-VV")))
    assert _shared(demo, JULIE) == {}


def test_a_type_consent_shows_the_person_to_the_mission_locale_without_a_name(demo):
    assert _shared(demo, THEO) == {NICOLAS: (None, False)}
    assert _shared(demo, NADIA) == {}
    assert _shared(demo, LUCAS) == {}  # the accueil has no such list


def test_an_exceptional_access_lists_the_person_by_name_for_three_hours(demo, session, monkeypatch):
    david = person_by_number(session, DAVID)
    start = clock.now()
    set_clock(monkeypatch, start)
    with session_scope(demo) as unit:
        exceptional.open_exceptional(unit, pro_actor_from_engine(demo, THEO), DAVID, EXCEPTIONAL_REASON)
    assert _shared(demo, THEO) == {NICOLAS: (None, False),
                                   DAVID: (f"{david.last_name.upper()} {david.first_name}", True)}
    set_clock(monkeypatch, start + dt.timedelta(hours=3))
    assert _shared(demo, THEO) == {NICOLAS: (None, False)}


def test_shared_with_me_follows_expiry(demo, monkeypatch):
    set_clock(monkeypatch, clock.now() + dt.timedelta(days=366))
    assert _shared(demo, JULIE) == {}
    assert _shared(demo, THEO) == {}
