"""Feuille de route: status transitions, one history event per change, stale writes between two
sessions, « Valider ensemble » and its engagement, append-only tables, the policy (other structures,
accueil, other people, health) and free-text checks. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from itertools import product

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, select

from dossier import clock
from dossier.accounts import actor_for_beneficiary, actor_for_professional
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied
from dossier.roadmap import StaleWrite
from dossier.roadmap import _diagnostic as diagnostic
from dossier.roadmap import _engagement as engagement
from dossier.roadmap import _history as history
from dossier.roadmap import _roadmap as roadmap
from dossier.roadmap._engagement import RoadmapChanged
from dossier.roadmap._roadmap import ACTION_TRANSITIONS, GOAL_TRANSITIONS
from dossier.tools import DEMO_PERSON_CODE
from dossier.validation import sensitive_kind
from storage.models import (
    Action,
    Beneficiary,
    Comment,
    Engagement,
    Goal,
    Organisation,
    Professional,
    ProfessionalRole,
    ReferenceItem,
    Roadmap,
    RoadmapConfirmation,
    RoadmapEvent,
    Situation,
)
from storage.vocabulary import ActionStatus, GoalStatus
from tests.support.domain import DAVID, HEALTH_GOAL, assert_refused, person_by_number, pro_actor

CLEAN = "D2026-0013"  # no seeded roadmap; structure CD-VV, référent Claire Morel
OTHER_PERSON = "D2026-0002"
DUE = clock.today() + dt.timedelta(days=10)
LATER = clock.today() + dt.timedelta(days=20)


# --- helpers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Folk:
    """One person's dossier and the two people who co-edit it."""

    session: Session
    person_id: int
    me: Actor  # the person
    referent: Actor  # their référent


def folk(session: Session, number: str) -> Folk:
    person = person_by_number(session, number)
    referent = actor_for_professional(session, session.get(Professional, person.referent_id))
    return Folk(session, person.id, actor_for_beneficiary(person), referent)


def last_event_id(session: Session) -> int:
    return session.exec(select(func.max(RoadmapEvent.id))).one() or 0


def events_since(session: Session, since: int) -> list[RoadmapEvent]:
    return list(session.exec(select(RoadmapEvent).where(RoadmapEvent.id > since).order_by(RoadmapEvent.id)))


def one_event_since(session: Session, since: int) -> RoadmapEvent:
    events = events_since(session, since)
    assert len(events) == 1, [(e.entity, e.change) for e in events]
    return events[0]


def decoded(raw: str | None) -> dict | None:
    return json.loads(raw) if raw is not None else None


def assert_signed(event: RoadmapEvent, actor: Actor, role: str) -> None:
    """The event names who did it, with which role and, for a professional, which structure."""
    assert (event.actor_kind, event.actor_id, event.actor_name, event.actor_role, event.organisation_id) == (
        actor.kind, actor.id, actor.display_name, role, actor.organisation_id if actor.is_professional else None)


def revision(session: Session, person_id: int) -> int:
    return session.exec(select(Roadmap.revision).where(Roadmap.beneficiary_id == person_id)).first() or 0


def footprint(session: Session, person_id: int) -> dict[str, object]:
    """Everything a refused call must leave as it was (read through the same session, so that even an
    unflushed or uncommitted write would show)."""
    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model).where(model.beneficiary_id == person_id)).one()

    def versions(model) -> list[tuple]:
        return list(session.exec(select(model.id, model.version, model.label, model.status)
                                 .where(model.beneficiary_id == person_id).order_by(model.id)))

    return {
        "events": count(RoadmapEvent), "comments": count(Comment), "confirmations": count(RoadmapConfirmation),
        "engagements": count(Engagement), "goals": versions(Goal), "actions": versions(Action),
        "situations": list(session.exec(select(Situation.id, Situation.removed_at)
                                        .where(Situation.beneficiary_id == person_id).order_by(Situation.id))),
        "revision": revision(session, person_id),
    }


def ref_code(session: Session, kind: str, theme: str) -> str:
    return session.exec(select(ReferenceItem.code).where(ReferenceItem.kind == kind, ReferenceItem.theme_code == theme)
                        .order_by(ReferenceItem.position)).first()


def stored(session: Session, model, key):
    """The row as the database holds it now, not as this session remembers it."""
    session.expire_all()
    return session.get(model, key)


def count_statements(engine, work) -> int:
    statements: list[str] = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


@pytest.fixture
def small(session) -> Folk:
    """One structure, its référent and one person, without the demo's Argon2 hashes: fast enough to
    run once per transition."""
    now = clock.now()
    org = Organisation(code="ORG-T", name="Structure test", type="departement", created_at=now)
    session.add(org)
    session.flush()
    pro = Professional(organisation_id=org.id, first_name="Rémi", last_name="Test", email="remi@test.invalid",
                       created_at=now)
    session.add(pro)
    session.flush()
    session.add(ProfessionalRole(professional_id=pro.id, role="referent"))
    person = Beneficiary(dossier_number="T-0001", last_name="Essai", first_name="Alix", birth_date=dt.date(1990, 1, 1),
                         organisation_id=org.id, referent_id=pro.id, created_at=now, updated_at=now)
    session.add(person)
    session.commit()
    return Folk(session, person.id, actor_for_beneficiary(person), actor_for_professional(session, pro))


@pytest.fixture
def clean(demo, session) -> Folk:
    """A demo person without a seeded roadmap, so that counts start at zero."""
    return folk(session, CLEAN)


def goal_with_action(f: Folk) -> tuple[int, int]:
    """The person's goal and an action the référent adds to it and carries, due in ten days."""
    goal = roadmap.add_goal(f.session, f.me, f.person_id, theme_code="logement", label="Trouver un logement plus près")
    action = roadmap.add_action(f.session, f.referent, goal, label="Visiter deux logements", due_date=DUE,
                                carrier="referent")
    return goal, action


# --- 1. transitions -------------------------------------------------------------------------------


def test_transition_tables_cover_every_status_and_name_only_known_ones():
    """A status missing from a table would strand items in it; an unknown target would hit the CHECK."""
    assert set(ACTION_TRANSITIONS) == set(ActionStatus)
    assert set(GOAL_TRANSITIONS) == set(GoalStatus)
    for table, statuses in ((ACTION_TRANSITIONS, ActionStatus), (GOAL_TRANSITIONS, GoalStatus)):
        for start, targets in table.items():
            assert targets <= set(statuses) and start not in targets


def _check_transition(f: Folk, write, model, item_id: int, start: str, target: str, allowed: set[str]) -> None:
    """Allowed: new version, status stored, one event with exactly the status. Same status: a no-op.
    Forbidden: FieldErrors on `status` and nothing written."""
    s = f.session
    before, since = footprint(s, f.person_id), last_event_id(s)
    if target == start:
        assert write(target) == 1
        assert footprint(s, f.person_id) == before
    elif target in allowed:
        assert write(target) == 2
        row = stored(s, model, item_id)
        assert (row.status, row.version) == (target, 2)
        event = one_event_since(s, since)
        assert (event.change, decoded(event.before), decoded(event.after)) == (
            "updated", {"status": start}, {"status": target})
        assert revision(s, f.person_id) == before["revision"] + 1
    else:
        with pytest.raises(FieldErrors) as caught:
            write(target)
        assert caught.value.errors == {"status": "error.roadmap.transition"}
        assert footprint(s, f.person_id) == before
        assert stored(s, model, item_id).status == start


@pytest.mark.parametrize(("start", "target"), list(product(ActionStatus, repeat=2)),
                         ids=lambda v: v)
def test_action_transitions_follow_the_table(small, start, target):
    s = small.session
    goal = roadmap.add_goal(s, small.me, small.person_id, theme_code="emploi", label="Retrouver un emploi")
    action = roadmap.add_action(s, small.me, goal, label="Mettre mon CV à jour")
    s.execute(update(Action).where(Action.id == action).values(status=start))  # the start state, version 1
    s.commit()
    _check_transition(small, lambda to: roadmap.update_action(s, small.referent, action, 1, status=to),
                      Action, action, start, target, ACTION_TRANSITIONS[start])


@pytest.mark.parametrize(("start", "target"), list(product(GoalStatus, repeat=2)), ids=lambda v: v)
def test_goal_transitions_follow_the_table(small, start, target):
    s = small.session
    goal = roadmap.add_goal(s, small.me, small.person_id, theme_code="emploi", label="Retrouver un emploi")
    s.execute(update(Goal).where(Goal.id == goal).values(status=start))
    s.commit()
    _check_transition(small, lambda to: roadmap.update_goal(s, small.me, goal, 1, status=to),
                      Goal, goal, start, target, GOAL_TRANSITIONS[start])


def test_reopen_and_resume_through_the_services(small):
    """The paths people use: a finished item can be reopened, an abandoned one resumed; a finished
    action cannot be cancelled, a reached goal cannot be abandoned."""
    s, me, ref = small.session, small.me, small.referent
    goal = roadmap.add_goal(s, me, small.person_id, theme_code="emploi", label="Retrouver un emploi")
    action = roadmap.add_action(s, me, goal, label="Mettre mon CV à jour")
    version = 1
    for status in ("en_cours", "realisee", "en_cours", "abandonnee", "en_cours", "realisee"):
        version = roadmap.update_action(s, ref, action, version, status=status)
    assert (stored(s, Action, action).status, version) == ("realisee", 7)
    with pytest.raises(FieldErrors) as caught:
        roadmap.update_action(s, ref, action, version, status="annulee")
    assert caught.value.errors == {"status": "error.roadmap.transition"}

    version = 1
    for status in ("abandonne", "en_cours", "realise", "en_cours", "realise"):
        version = roadmap.update_goal(s, me, goal, version, status=status)
    assert (stored(s, Goal, goal).status, version) == ("realise", 6)
    since = last_event_id(s)
    with pytest.raises(FieldErrors) as caught:
        roadmap.update_goal(s, me, goal, version, status="abandonne")
    assert caught.value.errors == {"status": "error.roadmap.transition"}
    assert events_since(s, since) == [] and stored(s, Goal, goal).version == 6

    before = footprint(s, small.person_id)  # an unknown status is a refused transition, not a DB error
    for write in (lambda: roadmap.update_action(s, ref, action, 7, status="supprimee"),
                  lambda: roadmap.update_goal(s, me, goal, 6, status="supprime")):
        with pytest.raises(FieldErrors) as caught:
            write()
        assert caught.value.errors == {"status": "error.roadmap.transition"}
    assert footprint(s, small.person_id) == before


# --- 2. history completeness ----------------------------------------------------------------------


def test_add_goal_and_add_action_write_one_created_event_each(clean):
    s, me, ref = clean.session, clean.me, clean.referent
    since = last_event_id(s)
    goal = roadmap.add_goal(s, me, clean.person_id, theme_code="logement", label="Trouver un logement plus près")
    event = one_event_since(s, since)
    assert (event.beneficiary_id, event.entity, event.entity_id, event.change, event.category, event.subject) == (
        clean.person_id, "goal", goal, "created", "feuille_de_route", "Trouver un logement plus près")
    assert_signed(event, me, "personne")
    assert event.in_presence is False
    assert (decoded(event.before), decoded(event.after)) == (
        None, {"label": "Trouver un logement plus près", "status": "en_cours"})
    assert revision(s, clean.person_id) == 1

    since = last_event_id(s)
    action = roadmap.add_action(s, ref, goal, label="Visiter deux logements", due_date=DUE, carrier="referent")
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change, event.subject) == (
        "action", action, "created", "Visiter deux logements")
    assert_signed(event, ref, "referent")
    assert event.organisation_id == person_by_number(s, CLEAN).organisation_id
    assert decoded(event.after) == {"label": "Visiter deux logements", "status": "en_projet", "carrier": "referent",
                                    "due_date": DUE.isoformat()}
    assert revision(s, clean.person_id) == 2

    since = last_event_id(s)
    code = ref_code(s, "action", "logement")
    label = s.exec(select(ReferenceItem.label).where(ReferenceItem.code == code)).one()
    roadmap.add_action(s, me, goal, ref_code=code)  # from the référentiel, no date: no due_date key
    event = one_event_since(s, since)
    assert (event.subject, decoded(event.after)) == (label, {"label": label, "status": "en_projet",
                                                             "carrier": "personne"})


def _partner_id(session: Session) -> int:
    return session.exec(select(Organisation.id).where(Organisation.code == "FT-VV")).one()


def test_the_created_event_of_a_partner_action_names_the_partner(clean):
    s = clean.session
    goal = roadmap.add_goal(s, clean.me, clean.person_id, theme_code="emploi", label="Retrouver un emploi")
    since = last_event_id(s)
    roadmap.add_action(s, clean.referent, goal, label="Atelier chez le partenaire", carrier="partenaire",
                       partner_id=_partner_id(s))
    assert decoded(one_event_since(s, since).after) == {
        "label": "Atelier chez le partenaire", "status": "en_projet", "carrier": "partenaire",
        "partner_organisation_id": _partner_id(s)}


# name: (changes asked, expected before, expected after); "PARTNER" stands for FT-VV's id.
UPDATE_CASES = {
    "one field": ({"status": "en_cours"}, {"status": "en_projet"}, {"status": "en_cours"}),
    "several fields": (
        {"label": "Visiter trois logements", "status": "en_attente", "due_date": LATER},
        {"label": "Visiter deux logements", "status": "en_projet", "due_date": DUE.isoformat()},
        {"label": "Visiter trois logements", "status": "en_attente", "due_date": LATER.isoformat()}),
    "date cleared": ({"due_date": None}, {"due_date": DUE.isoformat()}, {"due_date": None}),
    "partner": ({"carrier": "partenaire", "partner_id": "PARTNER"},
                {"carrier": "referent", "partner_organisation_id": None},
                {"carrier": "partenaire", "partner_organisation_id": "PARTNER"}),
    "unchanged fields are left out": (
        {"label": " Visiter  deux logements ", "status": "en_cours", "due_date": DUE, "carrier": "referent"},
        {"status": "en_projet"}, {"status": "en_cours"}),
}


@pytest.mark.parametrize("case", list(UPDATE_CASES))
def test_update_action_event_holds_exactly_the_changed_fields(clean, case):
    s = clean.session
    _, action = goal_with_action(clean)
    partner = _partner_id(s)
    asked, before, after = (
        {k: (partner if v == "PARTNER" else v) for k, v in d.items()} for d in UPDATE_CASES[case])
    rev, since = revision(s, clean.person_id), last_event_id(s)
    assert roadmap.update_action(s, clean.me, action, 1, **asked) == 2
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change) == ("action", action, "updated")
    assert_signed(event, clean.me, "personne")
    assert (decoded(event.before), decoded(event.after)) == (before, after)
    row = stored(s, Action, action)
    assert event.subject == row.label
    for name, value in after.items():
        assert (getattr(row, name).isoformat() if isinstance(getattr(row, name), dt.date)
                else getattr(row, name)) == value
    assert revision(s, clean.person_id) == rev + 1


def test_an_update_that_changes_nothing_writes_no_event(clean):
    """Same values (even with other spacing) are not a change: no event, no new version or revision."""
    s = clean.session
    goal, action = goal_with_action(clean)
    before = footprint(s, clean.person_id)
    assert roadmap.update_action(s, clean.referent, action, 1, label="Visiter  deux logements", status="en_projet",
                                 due_date=DUE, carrier="referent", partner_id=None) == 1
    assert roadmap.update_goal(s, clean.me, goal, 1, label=" Trouver un logement plus près", status="en_cours") == 1
    assert roadmap.update_action(s, clean.referent, action, 1) == 1
    assert footprint(s, clean.person_id) == before


def test_update_goal_event_holds_label_and_status(clean):
    s = clean.session
    goal, _ = goal_with_action(clean)
    since = last_event_id(s)
    assert roadmap.update_goal(s, clean.referent, goal, 1, label="Un logement à Boisjoli", status="realise") == 2
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change, event.subject) == (
        "goal", goal, "updated", "Un logement à Boisjoli")
    assert_signed(event, clean.referent, "referent")
    assert decoded(event.before) == {"label": "Trouver un logement plus près", "status": "en_cours"}
    assert decoded(event.after) == {"label": "Un logement à Boisjoli", "status": "realise"}


def test_comments_write_one_event_and_leave_the_revision_alone(clean):
    s = clean.session
    goal, action = goal_with_action(clean)
    rev = revision(s, clean.person_id)
    writers = ((clean.referent, "referent", {"goal_id": goal}, "Trouver un logement plus près"),
               (clean.me, "personne", {"action_id": action}, "Visiter deux logements"))
    for actor, role, target, subject in writers:
        since = last_event_id(s)
        comment = roadmap.add_comment(s, actor, body="On en reparle jeudi.", **target)
        event = one_event_since(s, since)
        assert (event.entity, event.entity_id, event.change, event.subject) == (
            "comment", comment, "created", subject)
        assert_signed(event, actor, role)
        assert (decoded(event.before), decoded(event.after)) == (None, {"body": "On en reparle jeudi."})
        row = s.get(Comment, comment)
        assert (row.goal_id, row.action_id, row.author_kind, row.author_name) == (
            target.get("goal_id"), target.get("action_id"), actor.kind, actor.display_name)
    assert revision(s, clean.person_id) == rev


def test_diagnostic_declare_and_remove_write_one_event_each(clean):
    s = clean.session
    code = ref_code(s, "situation", "logement")
    label = s.exec(select(ReferenceItem.label).where(ReferenceItem.code == code)).one()
    since = last_event_id(s)
    situation = diagnostic.declare(s, clean.referent, clean.person_id, code)
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change, event.category, event.subject) == (
        "situation", situation, "created", "situation", label)
    assert_signed(event, clean.referent, "referent")
    assert (decoded(event.before), decoded(event.after)) == (None, {"source": "professionnel"})
    assert s.get(Situation, situation).source == "professionnel"

    since = last_event_id(s)
    assert diagnostic.remove(s, clean.me, situation) is True
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change, event.subject) == ("situation", situation, "removed", label)
    assert_signed(event, clean.me, "personne")
    assert (event.before, event.after) == (None, None)
    assert revision(s, clean.person_id) == 0  # the diagnostic is not the roadmap's content


def test_confirm_writes_one_event_and_two_when_it_completes_the_engagement(clean):
    s = clean.session
    goal_with_action(clean)
    rev = revision(s, clean.person_id)
    since = last_event_id(s)
    assert engagement.confirm(s, clean.referent, clean.person_id, rev) == engagement.ConfirmOutcome("referent", False)
    event = one_event_since(s, since)
    assert (event.entity, event.entity_id, event.change, event.in_presence) == ("validation", rev, "confirmed", False)
    assert_signed(event, clean.referent, "referent")
    assert decoded(event.after) == {"side": "referent", "channel": "autonome"}

    since = last_event_id(s)
    assert engagement.confirm(s, clean.me, clean.person_id, rev) == engagement.ConfirmOutcome("personne", True)
    confirmed, validated = events_since(s, since)
    assert (confirmed.change, decoded(confirmed.after)) == ("confirmed", {"side": "personne", "channel": "autonome"})
    assert (validated.entity, validated.entity_id, validated.change, validated.before, validated.after) == (
        "validation", rev, "validated", None, None)
    for e in (confirmed, validated):
        assert_signed(e, clean.me, "personne")

    since = last_event_id(s)  # confirming again changes nothing
    assert engagement.confirm(s, clean.me, clean.person_id, rev) == engagement.ConfirmOutcome("personne", False)
    assert events_since(s, since) == []


# --- 3. stale versions between two sessions -------------------------------------------------------

WRITERS = {"action": roadmap.update_action, "goal": roadmap.update_goal}


def _version_in_view(view: roadmap.RoadmapView, entity: str, item_id: int) -> int:
    if entity == "action":
        return view.actions_by_id[item_id].version
    return next(g.version for card in view.themes for g in card.goals if g.id == item_id)


def _labels(engine, model, item_id: int) -> tuple[str, int]:
    with Session(engine) as fresh:
        row = fresh.get(model, item_id)
        return row.label, row.version


def _updated_events(engine, entity: str, item_id: int) -> list[tuple[str, dict]]:
    with Session(engine) as fresh:
        return [(e.actor_name, decoded(e.after)) for e in fresh.exec(
            select(RoadmapEvent).where(RoadmapEvent.entity == entity, RoadmapEvent.entity_id == item_id,
                                       RoadmapEvent.change == "updated").order_by(RoadmapEvent.id))]


@pytest.mark.parametrize("entity", list(WRITERS))
def test_a_stale_version_is_refused_with_the_current_content_and_its_author(clean, engine, entity):
    """Two people load the same item; the référent saves first; the person's save on the old version is
    refused, shows the référent's text and name, changes nothing; re-applied on the new version it lands."""
    goal, action = goal_with_action(clean)
    clean.session.commit()
    item_id, model, write = (action, Action, WRITERS[entity]) if entity == "action" else (goal, Goal, WRITERS[entity])
    with Session(engine, expire_on_commit=False) as first, Session(engine, expire_on_commit=False) as second:
        v = _version_in_view(roadmap.load_roadmap(first, clean.referent, clean.person_id), entity, item_id)
        assert _version_in_view(roadmap.load_roadmap(second, clean.me, clean.person_id), entity, item_id) == v
        assert write(first, clean.referent, item_id, v, label="Texte du référent") == v + 1
        first.commit()

        with pytest.raises(StaleWrite) as caught:
            write(second, clean.me, item_id, v, label="Texte de la personne")
        stale = caught.value
        assert (stale.entity, stale.current.id, stale.current.label, stale.current.version) == (
            entity, item_id, "Texte du référent", v + 1)
        assert stale.changed_by == clean.referent.display_name and stale.changed_at is not None
        second.rollback()
        assert _labels(engine, model, item_id) == ("Texte du référent", v + 1)
        assert _updated_events(engine, entity, item_id) == [(clean.referent.display_name,
                                                             {"label": "Texte du référent"})]

        assert write(second, clean.me, item_id, stale.current.version, label="Texte de la personne") == v + 2
        second.commit()
    assert _labels(engine, model, item_id) == ("Texte de la personne", v + 2)
    assert [who for who, _ in _updated_events(engine, entity, item_id)] == [
        clean.referent.display_name, clean.me.display_name]


@pytest.mark.parametrize("entity", list(WRITERS))
def test_a_write_racing_between_check_and_update_is_refused_by_the_conditional_update(clean, engine, entity):
    """The other writer commits after this writer's version check but before its UPDATE: the UPDATE
    itself (WHERE version = v) must refuse, not only the check (no check-then-write)."""
    goal, action = goal_with_action(clean)
    clean.session.commit()
    item_id, model, write = (action, Action, WRITERS[entity]) if entity == "action" else (goal, Goal, WRITERS[entity])
    with Session(engine, expire_on_commit=False) as first, Session(engine, expire_on_commit=False) as second:
        real_refresh, raced = second.refresh, []

        def refresh_then_race(instance, *args, **kwargs):
            real_refresh(instance, *args, **kwargs)
            if not raced:  # right after the writer's own refresh and before its version check
                raced.append(True)
                write(first, clean.referent, item_id, 1, label="Texte du référent")
                first.commit()

        second.refresh = refresh_then_race
        with pytest.raises(StaleWrite) as caught:
            write(second, clean.me, item_id, 1, label="Texte de la personne")
        second.rollback()
    assert raced
    assert (caught.value.current.label, caught.value.current.version) == ("Texte du référent", 2)
    assert caught.value.changed_by == clean.referent.display_name
    assert _labels(engine, model, item_id) == ("Texte du référent", 2)
    assert len(_updated_events(engine, entity, item_id)) == 1


# --- 4. validation and the engagement -------------------------------------------------------------


def _engagement_rows(session: Session, person_id: int) -> list[tuple]:
    session.expire_all()
    return list(session.exec(select(Engagement.revision, Engagement.snapshot, Engagement.snapshot_sha256,
                                    Engagement.validated_at).where(Engagement.beneficiary_id == person_id)
                             .order_by(Engagement.revision)))


def test_both_sides_confirming_one_revision_freezes_the_engagement(clean):
    s, pid = clean.session, clean.person_id
    goal, action = goal_with_action(clean)
    roadmap.add_action(s, clean.me, goal, label="Demander une aide au CCAS", carrier="partenaire",
                       partner_id=_partner_id(s))
    roadmap.add_comment(s, clean.me, goal_id=goal, body="Commentaire hors contrat.")
    rev = revision(s, pid)
    assert roadmap.validation_state(s, pid).state == "jamais"

    engagement.confirm(s, clean.referent, pid, rev)
    state = roadmap.validation_state(s, pid)
    assert (state.state, state.person_confirmed_at is None, state.referent_confirmed_at is None) == (
        "jamais", True, False)
    assert engagement.confirm(s, clean.me, pid, rev).validated is True
    s.commit()

    row = s.exec(select(Engagement).where(Engagement.beneficiary_id == pid)).one()
    snapshot = json.loads(row.snapshot)
    assert row.snapshot_sha256 == hashlib.sha256(row.snapshot.encode()).hexdigest()
    assert (row.revision, row.person_channel, row.referent_id) == (rev, "autonome", clean.referent.id)
    assert snapshot["revision"] == rev
    [theme] = snapshot["themes"]
    assert theme["code"] == "logement"
    assert theme["goals"] == [{"label": "Trouver un logement plus près", "status": "en_cours", "actions": [
        {"label": "Visiter deux logements", "status": "en_projet", "carrier": "referent", "partner": None,
         "due_date": DUE.isoformat()},
        {"label": "Demander une aide au CCAS", "status": "en_projet", "carrier": "partenaire",
         "partner": "France Travail Vallée-Verte", "due_date": None}]}]
    assert "Commentaire hors contrat." not in row.snapshot
    first_validated = stored(s, Roadmap, pid).first_validated_at
    state = roadmap.validation_state(s, pid)
    assert first_validated is not None and (state.state, state.validated_revision) == ("validee", rev)
    assert engagement.latest_engagement(s, clean.me, pid).content == snapshot

    roadmap.add_comment(s, clean.referent, action_id=action, body="Un commentaire ne modifie pas le contrat.")
    assert roadmap.validation_state(s, pid).state == "validee"
    frozen = _engagement_rows(s, pid)
    roadmap.update_action(s, clean.me, action, 1, status="en_cours")
    s.commit()
    assert roadmap.validation_state(s, pid).state == "modifiee"
    assert _engagement_rows(s, pid) == frozen

    rev2 = revision(s, pid)
    engagement.confirm(s, clean.me, pid, rev2)
    assert engagement.confirm(s, clean.referent, pid, rev2).validated is True
    s.commit()
    rows = _engagement_rows(s, pid)
    assert rows[0] == frozen[0] and [r[0] for r in rows] == [rev, rev2]
    assert json.loads(rows[1][1])["themes"][0]["goals"][0]["actions"][0]["status"] == "en_cours"
    roadmap_row = stored(s, Roadmap, pid)
    assert roadmap_row.first_validated_at == first_validated
    assert roadmap_row.last_validated_at >= first_validated
    assert engagement.latest_engagement(s, clean.referent, pid).revision == rev2
    assert roadmap.validation_state(s, pid).state == "validee"


def test_confirming_an_old_revision_raises_roadmap_changed_and_records_nothing(clean):
    s, pid = clean.session, clean.person_id
    goal, _ = goal_with_action(clean)
    old = revision(s, pid)
    engagement.confirm(s, clean.referent, pid, old)
    roadmap.add_action(s, clean.me, goal, label="Appeler le bailleur")
    before = footprint(s, pid)
    for actor in (clean.me, clean.referent):
        with pytest.raises(RoadmapChanged):
            engagement.confirm(s, actor, pid, old)
    assert footprint(s, pid) == before
    # The référent's confirmation of the old revision does not combine with the person's of the new one.
    assert engagement.confirm(s, clean.me, pid, old + 1).validated is False
    assert s.exec(select(func.count()).select_from(Engagement).where(Engagement.beneficiary_id == pid)).one() == 0


def test_the_person_confirms_in_presence_with_their_code_on_the_referents_device(clean):
    s, pid = clean.session, clean.person_id
    goal_with_action(clean)
    rev = revision(s, pid)
    engagement.confirm(s, clean.referent, pid, rev)
    since = last_event_id(s)
    outcome = engagement.confirm(s, clean.referent, pid, rev, person_code=DEMO_PERSON_CODE)
    assert outcome == engagement.ConfirmOutcome("personne", True)
    mine = s.exec(select(RoadmapConfirmation).where(RoadmapConfirmation.beneficiary_id == pid,
                                                    RoadmapConfirmation.side == "personne")).one()
    assert (mine.channel, mine.professional_id, mine.revision) == ("en_presence", clean.referent.id, rev)
    events = events_since(s, since)
    assert [(e.change, e.in_presence) for e in events] == [("confirmed", True), ("validated", True)]
    for e in events:
        assert_signed(e, clean.me, "personne")  # the person approved, on the référent's screen
    assert decoded(events[0].after) == {"side": "personne", "channel": "en_presence"}
    assert s.exec(select(Engagement.person_channel).where(Engagement.beneficiary_id == pid)).one() == "en_presence"


def test_the_person_confirming_on_a_kiosk_is_recorded_as_such(clean):
    s, pid = clean.session, clean.person_id
    goal_with_action(clean)
    rev = revision(s, pid)
    since = last_event_id(s)
    engagement.confirm(s, clean.me, pid, rev, on_kiosk=True)
    mine = s.exec(select(RoadmapConfirmation).where(RoadmapConfirmation.beneficiary_id == pid)).one()
    assert (mine.side, mine.channel, mine.professional_id) == ("personne", "borne", None)
    event = one_event_since(s, since)
    assert (decoded(event.after), event.in_presence) == ({"side": "personne", "channel": "borne"}, False)


@pytest.mark.parametrize(("code", "error"), [("000000", "error.validation.person_code"), ("  ", "error.required")])
def test_a_wrong_person_code_records_no_confirmation(clean, code, error):
    s, pid = clean.session, clean.person_id
    goal_with_action(clean)
    before = footprint(s, pid)
    with pytest.raises(FieldErrors) as caught:
        engagement.confirm(s, clean.referent, pid, revision(s, pid), person_code=code)
    assert caught.value.errors == {"person_code": error}
    assert footprint(s, pid) == before


def test_validating_an_empty_roadmap_is_refused(clean):
    s, pid = clean.session, clean.person_id
    before = footprint(s, pid)
    for actor in (clean.me, clean.referent):
        with pytest.raises(FieldErrors) as caught:
            engagement.confirm(s, actor, pid, 0)
        assert caught.value.errors == {"_form": "error.validation.empty"}
    assert footprint(s, pid) == before
    assert engagement.latest_engagement(s, clean.me, pid) is None


# --- 5. append-only tables ------------------------------------------------------------------------

APPEND_ONLY_WRITES = [
    ("roadmap_event", "UPDATE roadmap_event SET subject = 'x'"),
    ("roadmap_event", "DELETE FROM roadmap_event"),
    ("roadmap_confirmation", "UPDATE roadmap_confirmation SET channel = 'borne'"),
    ("roadmap_confirmation", "DELETE FROM roadmap_confirmation"),
    ("engagement", "UPDATE engagement SET snapshot = 'x'"),
    ("engagement", "DELETE FROM engagement"),
]


@pytest.mark.parametrize(("table", "statement"), APPEND_ONLY_WRITES, ids=[s.split()[0] + " " + t
                                                                           for t, s in APPEND_ONLY_WRITES])
def test_append_only_tables_refuse_update_and_delete(demo, engine, table, statement):
    assert_refused(engine, table, statement)


REWRITTEN = {"roadmap_event": ("subject", "'x'"), "roadmap_confirmation": ("channel", "'borne'"),
             "engagement": ("snapshot", "'x'")}


def _upsert_over_first_row(dialect: str, table: str) -> str:
    """Re-insert the table's first row with one column changed, replacing the stored one: SQLite's
    INSERT OR REPLACE, PostgreSQL's INSERT ... ON CONFLICT DO UPDATE."""
    column, value = REWRITTEN[table]
    names = [f'"{c.name}"' for c in SQLModel.metadata.tables[table].columns]
    values = ", ".join(value if n == f'"{column}"' else n for n in names)
    source = f"SELECT {values} FROM {table} WHERE id = (SELECT min(id) FROM {table})"
    if dialect == "sqlite":
        return f"INSERT OR REPLACE INTO {table} ({', '.join(names)}) {source}"
    return f'INSERT INTO {table} ({", ".join(names)}) {source} ON CONFLICT (id) DO UPDATE SET "{column}" = {value}'


@pytest.mark.parametrize("table", list(REWRITTEN))
def test_append_only_rows_cannot_be_rewritten_by_an_upsert(demo, engine, request, table):
    assert_refused(engine, table, _upsert_over_first_row(engine.dialect.name, table))


@pytest.mark.parametrize("table", list(REWRITTEN))
def test_append_only_tables_cannot_be_truncated(demo, engine, request, table):
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has no TRUNCATE (its DELETE without WHERE is covered above)")
    assert_refused(engine, table, f"TRUNCATE {table}")


# --- 6. policy ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    person_id: int
    goal_id: int
    action_id: int
    action_version: int
    situation_id: int
    situation_code: str
    revision: int


def _david(session: Session) -> Target:
    pid = person_by_number(session, DAVID).id
    action = session.exec(select(Action).where(Action.beneficiary_id == pid).order_by(Action.id)).first()
    situation = session.exec(select(Situation).where(Situation.beneficiary_id == pid)).first()
    return Target(person_id=pid, goal_id=action.goal_id, action_id=action.id, action_version=action.version,
                  situation_id=situation.id, situation_code=ref_code(session, "situation", "logement"),
                  revision=revision(session, pid))


OPERATIONS = {
    "load_roadmap": lambda s, a, t: roadmap.load_roadmap(s, a, t.person_id),
    "add_goal": lambda s, a, t: roadmap.add_goal(s, a, t.person_id, theme_code="emploi", label="Intrus"),
    "add_action": lambda s, a, t: roadmap.add_action(s, a, t.goal_id, label="Intrus"),
    "update_action": lambda s, a, t: roadmap.update_action(s, a, t.action_id, t.action_version, label="Intrus"),
    "update_goal": lambda s, a, t: roadmap.update_goal(s, a, t.goal_id, 1, label="Intrus"),
    "add_comment": lambda s, a, t: roadmap.add_comment(s, a, action_id=t.action_id, body="Intrus"),
    "diagnostic.load_diagnostic": lambda s, a, t: diagnostic.load_diagnostic(s, a, t.person_id),
    "diagnostic.declare": lambda s, a, t: diagnostic.declare(s, a, t.person_id, t.situation_code),
    "diagnostic.remove": lambda s, a, t: diagnostic.remove(s, a, t.situation_id),
    "history.person_history": lambda s, a, t: history.person_history(s, a, t.person_id),
    "engagement.confirm": lambda s, a, t: engagement.confirm(s, a, t.person_id, t.revision),
    "engagement.latest_engagement": lambda s, a, t: engagement.latest_engagement(s, a, t.person_id),
}
OUTSIDERS = ["theo.garnier@ml-riv.demo", "lucas.petit@cd-vv.demo", "marc.fontaine@cd-vv.demo", "admin@cd-vv.demo",
             OTHER_PERSON]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_can_neither_read_nor_write_the_roadmap(demo, session, outsider):
    """A référent of another structure David shares nothing with, the accueil, a coordinator, an admin
    and another person meet PermissionDenied on every roadmap service, and nothing is written."""
    target = _david(session)
    claire = pro_actor(session, "claire.morel@cd-vv.demo")
    assert roadmap.load_roadmap(session, claire, target.person_id).goal_count == 2  # the target is real
    actor = (actor_for_beneficiary(person_by_number(session, outsider)) if outsider.startswith("D2026")
             else pro_actor(session, outsider))
    before = footprint(session, target.person_id)
    allowed = []
    for name, operation in OPERATIONS.items():
        try:
            operation(session, actor, target)
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []
    assert footprint(session, target.person_id) == before


# --- 7. health ------------------------------------------------------------------------------------

HEALTH_ACTION = "Prendre rendez-vous chez le médecin"


def _with_health_items(f: Folk) -> dict[str, int]:
    """The person writes a health goal, action, comment and situation beside ordinary items."""
    s = f.session
    job = roadmap.add_goal(s, f.me, f.person_id, theme_code="emploi", label="Retrouver un emploi")
    roadmap.add_action(s, f.referent, job, label="Mettre mon CV à jour")
    health = roadmap.add_goal(s, f.me, f.person_id, theme_code="sante", label=HEALTH_GOAL)
    action = roadmap.add_action(s, f.me, health, label=HEALTH_ACTION)
    roadmap.add_comment(s, f.me, goal_id=health, body="J'en parle d'abord à mon médecin.")
    situation = diagnostic.declare(s, f.me, f.person_id, ref_code(s, "situation", "sante"))
    diagnostic.declare(s, f.referent, f.person_id, ref_code(s, "situation", "logement"))
    s.commit()
    return {"goal": health, "action": action, "situation": situation}


def _theme_codes(view: roadmap.RoadmapView) -> set[str]:
    return {card.code for card in view.themes}


def test_health_items_are_shown_to_the_person_and_hidden_from_the_referent(clean):
    s, pid, me, ref = clean.session, clean.person_id, clean.me, clean.referent
    ids = _with_health_items(clean)

    mine, theirs = roadmap.load_roadmap(s, me, pid), roadmap.load_roadmap(s, ref, pid)
    assert _theme_codes(mine) == {"emploi", "sante"} and _theme_codes(theirs) == {"emploi"}
    assert ids["action"] in mine.actions_by_id and ids["action"] not in theirs.actions_by_id
    assert (mine.goal_count, theirs.goal_count) == (2, 1)

    def mentions_health(lines) -> bool:
        return any(HEALTH_GOAL in line.what or HEALTH_ACTION in line.what for line in lines)

    my_history, their_history = history.person_history(s, me, pid), history.person_history(s, ref, pid)
    assert mentions_health(my_history) and not mentions_health(their_history)
    assert len(my_history) - len(their_history) == 4  # health goal, action, comment, situation

    my_diagnostic = {t.code for t in diagnostic.load_diagnostic(s, me, pid)}
    their_diagnostic = {t.code for t in diagnostic.load_diagnostic(s, ref, pid)}
    assert my_diagnostic == {"sante", "logement"} and their_diagnostic == {"logement"}

    rev = revision(s, pid)
    engagement.confirm(s, ref, pid, rev)
    assert engagement.confirm(s, me, pid, rev).validated
    stored_snapshot = s.exec(select(Engagement.snapshot).where(Engagement.beneficiary_id == pid)).one()
    assert HEALTH_GOAL in stored_snapshot  # the engagement is the whole commitment ...
    my_engagement = engagement.latest_engagement(s, me, pid).content
    their_engagement = engagement.latest_engagement(s, ref, pid).content
    assert {t["code"] for t in my_engagement["themes"]} == {"emploi", "sante"}
    assert {t["code"] for t in their_engagement["themes"]} == {"emploi"}  # ... filtered when shown
    assert HEALTH_GOAL not in json.dumps(their_engagement, ensure_ascii=False)


def test_a_referent_cannot_write_health_items(clean):
    s, pid, ref = clean.session, clean.person_id, clean.referent
    ids = _with_health_items(clean)
    health_target = ref_code(s, "target", "sante")
    other_health_situation = s.exec(select(ReferenceItem.code).where(
        ReferenceItem.kind == "situation", ReferenceItem.theme_code == "sante").order_by(ReferenceItem.position)
        .offset(1)).first()
    attempts = {
        "add_goal under sante": lambda: roadmap.add_goal(s, ref, pid, theme_code="sante", label="Voir un médecin"),
        "add_goal from a sante objectif": lambda: roadmap.add_goal(s, ref, pid, theme_code="emploi",
                                                                   ref_code=health_target),
        "add_action": lambda: roadmap.add_action(s, ref, ids["goal"], label="Appeler le médecin"),
        "update_action": lambda: roadmap.update_action(s, ref, ids["action"], 1, status="en_cours"),
        "update_goal": lambda: roadmap.update_goal(s, ref, ids["goal"], 1, label="Autre"),
        "add_comment": lambda: roadmap.add_comment(s, ref, action_id=ids["action"], body="Alors ?"),
        "declare": lambda: diagnostic.declare(s, ref, pid, other_health_situation),
        "remove": lambda: diagnostic.remove(s, ref, ids["situation"]),
    }
    before = footprint(s, pid)
    allowed = []
    for name, attempt in attempts.items():
        try:
            attempt()
        except PermissionDenied:
            continue
        allowed.append(name)
    assert allowed == []
    assert footprint(s, pid) == before


# --- 8. free text ---------------------------------------------------------------------------------


def test_a_label_over_200_characters_is_refused_and_200_is_accepted(clean):
    s, pid = clean.session, clean.person_id
    before = footprint(s, pid)
    with pytest.raises(FieldErrors) as caught:
        roadmap.add_goal(s, clean.me, pid, theme_code="emploi", label="a" * 201)
    assert caught.value.errors == {"label": "error.text.too_long_200"}
    assert footprint(s, pid) == before
    goal = roadmap.add_goal(s, clean.me, pid, theme_code="emploi", label="a" * 200)
    with pytest.raises(FieldErrors) as caught:
        roadmap.add_comment(s, clean.me, goal_id=goal, body="b" * 501)
    assert caught.value.errors == {"body": "error.text.too_long_500"}
    roadmap.add_comment(s, clean.me, goal_id=goal, body="b" * 500)


def test_a_phone_number_in_a_label_is_refused_once_then_saved_when_confirmed(clean):
    s, pid = clean.session, clean.person_id
    label = "Appeler le 06 12 34 56 78"
    goal, action = goal_with_action(clean)
    before = footprint(s, pid)
    with pytest.raises(FieldErrors) as caught:
        roadmap.add_action(s, clean.me, goal, label=label)
    assert caught.value.errors == {"label": "error.text.sensitive.phone"}
    with pytest.raises(FieldErrors) as caught:
        roadmap.update_action(s, clean.me, action, 1, label=label)
    assert caught.value.errors == {"label": "error.text.sensitive.phone"}
    assert footprint(s, pid) == before

    new = roadmap.add_action(s, clean.me, goal, label=label, sensitive_ok=True)
    assert stored(s, Action, new).label == label
    assert roadmap.update_action(s, clean.me, action, 1, label=label, sensitive_ok=True) == 2
    assert stored(s, Action, action).label == label


@pytest.mark.parametrize(("text_", "kind"), [
    ("Appeler le 06 12 34 56 78", "phone"),
    ("Rappeler au +33 6 12 34 56 78", "phone"),
    ("Écrire à jean.dupont@exemple.fr", "email"),
    ("Mon numéro 1 85 05 78 006 084 36", "nir"),
    ("Virement sur FR76 3000 6000 0112 3456 7890 189", "iban"),
    ("Atelier CV mardi à 14h", None),
    ("Rendez-vous le 12/03/2026 à 10h30", None),
    ("Budget de 1 200 euros par mois", None),
    ("Déménager au 12 rue des Tilleuls, 99100 Boisjoli", None),
    ("Formation de 12 semaines, 35 heures", None),
])
def test_sensitive_kind(text_, kind):
    assert sensitive_kind(text_) == kind


# --- 9. diagnostic --------------------------------------------------------------------------------


def test_a_situation_is_current_once_and_can_be_declared_again_after_removal(clean):
    s, pid = clean.session, clean.person_id
    code = ref_code(s, "situation", "logement")
    first = diagnostic.declare(s, clean.me, pid, code)
    before = footprint(s, pid)
    with pytest.raises(FieldErrors) as caught:
        diagnostic.declare(s, clean.referent, pid, code)
    assert caught.value.errors == {"situation": "error.diagnostic.already"}
    assert footprint(s, pid) == before

    assert diagnostic.remove(s, clean.referent, first) is True
    since = last_event_id(s)
    assert diagnostic.remove(s, clean.me, first) is False
    assert events_since(s, since) == []
    removed = s.exec(select(RoadmapEvent).where(RoadmapEvent.entity == "situation", RoadmapEvent.entity_id == first,
                                                RoadmapEvent.change == "removed")).all()
    assert len(removed) == 1

    again = diagnostic.declare(s, clean.me, pid, code)
    s.commit()
    assert again != first
    rows = s.exec(select(Situation).where(Situation.beneficiary_id == pid).order_by(Situation.id)).all()
    assert [(r.id, r.removed_at is None) for r in rows] == [(first, False), (again, True)]
    [theme] = diagnostic.load_diagnostic(s, clean.me, pid)
    assert [v.id for v in theme.situations] == [again]


def test_a_declared_situation_rolls_back_with_its_event(clean, engine, request):
    """A change never lands without its event: rolling the unit of work back removes both."""
    code = ref_code(clean.session, "situation", "logement")
    with Session(engine) as unit:  # declare is the first write of this unit of work
        diagnostic.declare(unit, clean.me, clean.person_id, code)
        unit.rollback()
    with Session(engine) as fresh:
        assert fresh.exec(select(Situation.id).where(Situation.beneficiary_id == clean.person_id)).all() == []
        assert fresh.exec(select(RoadmapEvent.id).where(RoadmapEvent.beneficiary_id == clean.person_id)).all() == []


# --- 10. load_roadmap's query count ---------------------------------------------------------------


def test_load_roadmap_issues_a_fixed_number_of_statements(clean, engine):
    s, pid = clean.session, clean.person_id
    goal, _ = goal_with_action(clean)
    s.commit()
    views: list[roadmap.RoadmapView] = []

    def load(actor: Actor):
        def work() -> None:
            with Session(engine) as fresh:  # nothing cached from an earlier read
                views.append(roadmap.load_roadmap(fresh, actor, pid))
        return work

    small = {who: count_statements(engine, load(actor)) for who, actor in (("me", clean.me), ("ref", clean.referent))}
    assert (views[-1].goal_count, len(views[-1].actions_by_id)) == (1, 1)

    partner = _partner_id(s)
    goals = [goal] + [roadmap.add_goal(s, clean.me, pid, theme_code=theme, label=f"Objectif {n}")
                      for n, theme in enumerate(["emploi", "mobilite", "logement", "formation", "emploi",
                                                 "mobilite", "formation"])]
    for n in range(39):
        action = roadmap.add_action(s, clean.referent, goals[(n + 1) % 8], label=f"Action {n}",
                                    due_date=DUE + dt.timedelta(days=n), carrier="partenaire" if n % 3 else "personne",
                                    partner_id=partner)
        roadmap.add_comment(s, clean.me, action_id=action, body=f"Commentaire {n}")
    s.commit()
    big = {who: count_statements(engine, load(actor)) for who, actor in (("me", clean.me), ("ref", clean.referent))}
    assert (views[-1].goal_count, len(views[-1].actions_by_id)) == (8, 40)
    assert big == small


@pytest.mark.parametrize(("state", "person_at", "referent_at", "goals", "person_waits", "referent_waits"), [
    ("jamais", None, None, 2, False, False),
    ("jamais", None, "r", 2, True, False),
    ("jamais", "p", None, 2, False, True),
    ("modifiee", None, "r", 2, True, False),
    ("validee", "p", "r", 2, False, False),
    ("validee", None, "r", 2, False, False),  # validated: nothing to wait for
    ("jamais", None, "r", 0, False, False),  # no goal: nothing to validate
])
def test_a_roadmap_awaits_the_side_that_has_not_confirmed(state, person_at, referent_at, goals, person_waits,
                                                          referent_waits):
    """One answer for the home page and the roadmap page: « waiting for your validation »."""
    at = {"p": clock.now(), "r": clock.now(), None: None}
    revision = 3
    validated = {"jamais": None, "modifiee": 2, "validee": 3}[state]
    v = roadmap.ValidationState(revision, validated, None, None, at[person_at], at[referent_at])
    view = roadmap.RoadmapView(1, (), v, clock.today(), goal_count=goals)
    assert (view.awaiting(person_side=True), view.awaiting(person_side=False)) == (person_waits, referent_waits)
