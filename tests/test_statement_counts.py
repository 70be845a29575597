"""No N+1: the number of SQL statements a read issues does not grow with the number of items it shows.

Each test counts the statements of one unit of work (an engine listener on "before_cursor_execute", the
commit included, so the access-log rows are counted too) with the demo data, then adds many more items
through the services and counts again: the two counts must be equal. Covered: a professional opening
David's dossier (identity, roadmap, diagnostic, history), the référent's file active, and the reads of
the booking page for one person. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from dossier import access, appointments, clock, roadmap
from dossier.accounts import actor_for_beneficiary
from dossier.actor import Actor
from dossier.appointments import Batch
from dossier.policy import Category
from dossier.roadmap import _diagnostic as diagnostic
from dossier.roadmap import _history as history
from dossier.workspace import file_active
from storage.engine import session_scope
from storage.models import Beneficiary, Organisation, Place, Professional, ReferenceItem, Situation
from tests.support.domain import CLAIRE, DAVID, JULIE, LUCAS, MARC, person_by_number, pro_actor

MORE = 30  # goals, actions, comments and situations added to David's dossier
MORE_PEOPLE = 20  # people added to Claire's caseload
# Non-health thématiques (Claire may edit them; health needs the person's explicit consent).
THEMES = ("mobilite", "logement", "emploi", "formation", "numerique", "difficulte_financiere")

ActorOf = Callable[[Session], Actor]


# --- counting -------------------------------------------------------------------------------------


_PLACEHOLDERS = re.compile(r"(?:\?|%\(\w+\)s|\$\d+)(?:\s*,\s*(?:\?|%\(\w+\)s|\$\d+))*")


def _shape(statement: str) -> str:
    """The statement with its placeholder lists folded (an IN over 10 or 30 ids is the same statement)."""
    return _PLACEHOLDERS.sub("…", " ".join(statement.split()))


def statements(engine, actor_of: ActorOf, read: Callable[[Session, Actor], Any]) -> tuple[Counter[str], Any]:
    """Every statement of one unit of work running `read` (its commit included), by shape, and what
    `read` returned. The actor is loaded beforehand, in its own unit of work."""
    with session_scope(engine) as session:
        actor = actor_of(session)
    seen: Counter[str] = Counter()

    def record(conn, cursor, statement, parameters, context, executemany):
        seen[_shape(statement)] += 1

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as session:
            result = read(session, actor)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen, result


def assert_same_count(before: Counter[str], after: Counter[str]) -> None:
    """Equal totals; on failure, the statements whose number changed (the N+1 shows up there)."""
    changed = {s: (before[s], after[s]) for s in before.keys() | after.keys() if before[s] != after[s]}
    print(f"statements: {before.total()} before, {after.total()} after")  # shown with pytest -s
    assert after.total() == before.total(), (
        f"{before.total()} statements before, {after.total()} after; changed (before, after): {changed}")


def pro(email: str) -> ActorOf:
    return lambda session: pro_actor(session, email)


def person_actor(number: str) -> ActorOf:
    return lambda session: actor_for_beneficiary(person_by_number(session, number))


# --- (1) a professional opens David's dossier -----------------------------------------------------


def open_dossier(parts: tuple[str, ...]) -> Callable[[Session, Actor], dict[str, int]]:
    """What the dossier pages read, in one unit of work; returns how many items were shown."""

    def read(session: Session, actor: Actor) -> dict[str, int]:
        person_id = person_by_number(session, DAVID).id
        access.open_person(session, actor, person_id, Category.IDENTITY)
        shown: dict[str, int] = {}
        if "roadmap" in parts:
            view = roadmap.load_roadmap(session, actor, person_id)
            shown["goals"] = view.goal_count
            shown["actions"] = len(view.actions_by_id)
            shown["comments"] = sum(len(g.comments) + sum(len(a.comments) for a in g.actions)
                                    for card in view.themes for g in card.goals)
        if "diagnostic" in parts:
            shown["situations"] = sum(len(t.situations) for t in diagnostic.load_diagnostic(session, actor, person_id))
        if "history" in parts:
            shown["history"] = len(history.person_history(session, actor, person_id))
        return shown

    return read


def grow_davids_dossier(engine) -> None:
    """Claire, David's référente, adds MORE goals (from the référentiel and in her own words, over
    several thématiques), one action each (some carried by a partner, some moved on), MORE comments on
    goals and actions, and MORE situations."""
    with session_scope(engine) as session:
        claire = pro_actor(session, CLAIRE)
        person_id = person_by_number(session, DAVID).id
        partners = session.exec(select(Organisation.id).order_by(Organisation.id)).all()
        targets = session.exec(select(ReferenceItem.code).where(ReferenceItem.kind == "target",
                                                                ReferenceItem.theme_code.in_(THEMES))
                               .order_by(ReferenceItem.code)).all()
        actions = session.exec(select(ReferenceItem.code).where(ReferenceItem.kind == "action",
                                                                ReferenceItem.theme_code.in_(THEMES))
                               .order_by(ReferenceItem.code)).all()
        declared = set(session.exec(select(Situation.ref_code).where(Situation.beneficiary_id == person_id,
                                                                     Situation.removed_at.is_(None))).all())
        situations = [code for code in session.exec(
            select(ReferenceItem.code).where(ReferenceItem.kind == "situation", ReferenceItem.theme_code.in_(THEMES))
            .order_by(ReferenceItem.theme_code, ReferenceItem.position)).all() if code not in declared]
        assert len(situations) >= MORE
        for n in range(MORE):
            if n % 2:
                goal = roadmap.add_goal(session, claire, person_id, theme_code=None, ref_code=targets[n % len(targets)])
            else:
                goal = roadmap.add_goal(session, claire, person_id, theme_code=THEMES[n % len(THEMES)],
                                        label=f"Objectif numéro {n}")
            partner = partners[n % len(partners)] if n % 3 == 0 else None
            action = roadmap.add_action(session, claire, goal, ref_code=actions[n % len(actions)] if n % 2 else None,
                                        label=f"Action numéro {n}", due_date=clock.today() + dt.timedelta(days=n - 5),
                                        carrier="partenaire" if partner else "referent", partner_id=partner)
            if n % 3 == 1:
                roadmap.update_action(session, claire, action, 1, status="en_cours")
            if n % 2:
                roadmap.add_comment(session, claire, action_id=action, body=f"Commentaire sur l'action {n}")
            else:
                roadmap.add_comment(session, claire, goal_id=goal, body=f"Commentaire sur l'objectif {n}")
            diagnostic.declare(session, claire, person_id, situations[n])


@pytest.mark.parametrize(("email", "parts"), [
    pytest.param(CLAIRE, ("roadmap", "diagnostic", "history"), id="referente-by-mission"),
    pytest.param(JULIE, ("roadmap", "history"), id="france-travail-by-consent"),
])
def test_opening_a_dossier_does_not_grow_with_its_items(demo, email, parts):
    before, shown_before = statements(demo, pro(email), open_dossier(parts))
    grow_davids_dossier(demo)
    after, shown_after = statements(demo, pro(email), open_dossier(parts))
    if "roadmap" in parts:
        assert shown_after["goals"] == shown_before["goals"] + MORE
        assert shown_after["actions"] == shown_before["actions"] + MORE
        assert shown_after["comments"] == shown_before["comments"] + MORE
    if "diagnostic" in parts:
        assert shown_after["situations"] == shown_before["situations"] + MORE
    assert shown_after["history"] > shown_before["history"] + MORE
    assert_same_count(before, after)


# --- (2) the référent's file active ---------------------------------------------------------------


def caseload(session: Session, actor: Actor) -> int:
    return len(file_active(session, actor))


def test_the_file_active_does_not_grow_with_the_caseload(demo):
    before, rows_before = statements(demo, pro(CLAIRE), caseload)
    with session_scope(demo) as session:  # Claire takes over twenty more people, in varied situations
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        others = session.exec(select(Beneficiary).where((Beneficiary.referent_id != claire.id)
                                                        | Beneficiary.referent_id.is_(None))
                              .order_by(Beneficiary.id).limit(MORE_PEOPLE)).all()
        assert len(others) == MORE_PEOPLE
        for person in others:
            person.referent_id, person.organisation_id = claire.id, claire.organisation_id
            session.add(person)
    after, rows_after = statements(demo, pro(CLAIRE), caseload)
    assert rows_after == rows_before + MORE_PEOPLE
    assert_same_count(before, after)


# --- (3) the booking page's reads for one person --------------------------------------------------


def booking_page(session: Session, actor: Actor) -> tuple[bool, int, int]:
    """What pages/booking.py reads for the person, with a place chosen (the MIE)."""
    person_id = person_by_number(session, DAVID).id
    place_id = session.exec(select(Place.id).where(Place.is_mie.is_(True)).order_by(Place.id)).first()
    booking = appointments.upcoming(session, actor, person_id)
    appointments.days_to_target(session, actor, person_id)
    places = appointments.places_with_free_slots(session)
    days = appointments.free_day_counts(session, place_id)
    appointments.free_slots_on(session, place_id, next(iter(days)))  # a day chosen
    return booking is not None, len(places), sum(days.values())


def publish_many_slots(engine) -> None:
    """Afternoon créneaux, Monday to Saturday over the whole booking window, at every place (the demo
    publishes weekday mornings for three weeks, at the two MIE only)."""
    with session_scope(engine) as session:
        coordinator = pro_actor(session, MARC)
        first, last = clock.today() + dt.timedelta(days=1), clock.today() + dt.timedelta(days=40)
        for place_id in session.exec(select(Place.id).order_by(Place.id)).all():
            batch = Batch(place_id, frozenset(range(6)), dt.time(14), dt.time(17), 60, first, last)
            assert appointments.publish(session, coordinator, batch) > 50


@pytest.mark.parametrize("booked", [False, True], ids=["no-appointment", "upcoming-appointment"])
@pytest.mark.parametrize("actor_of", [person_actor(DAVID), pro(CLAIRE), pro(LUCAS)],
                         ids=["the-person", "referente", "accueil"])
def test_the_booking_page_does_not_grow_with_the_slots(demo, actor_of, booked):
    if booked:
        with session_scope(demo) as session:
            slot = appointments.free_slots(session, limit=1)[0]
            appointments.book(session, pro_actor(session, CLAIRE), person_by_number(session, DAVID).id, slot.id)
    before, (has_booking, places_before, slots_before) = statements(demo, actor_of, booking_page)
    publish_many_slots(demo)
    after, (_, places_after, slots_after) = statements(demo, actor_of, booking_page)
    assert has_booking is booked
    assert places_after > places_before and slots_after > slots_before + 50
    assert_same_count(before, after)
