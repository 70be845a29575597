"""« Ma file active » and orientation, without Streamlit, on both engines: each alert appears when its
situation holds and not otherwise, search and sort, only the référent's own people, a number of SQL
statements that does not grow with the caseload; orientation decisions applied, refused with field
errors, kept append-only and read by the person."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from dossier import clock, roadmap
from dossier.appointments import FIRST
from dossier.errors import FieldErrors, PermissionDenied
from dossier.people import _orientation as orientation
from dossier.sharing import _consent as consent
from dossier.workspace import Alert, file_active
from storage.engine import session_scope
from storage.models import Beneficiary, Booking, Organisation, Orientation, Place, Professional, Slot
from tests.support.domain import (
    CLAIRE,
    COORDINATOR,
    DAVID,
    JULIE,
    LUCAS,
    ORIENTATION_REASON,
    me,
    person_by_number,
    pro_actor,
)


def rows_of(engine, email: str = CLAIRE, **options):
    with session_scope(engine) as session:
        return {r.dossier_number: r for r in file_active(session, pro_actor(session, email), **options)}


def set_entry(engine, number: str, days_ago: int) -> None:
    with engine.begin() as connection:
        connection.execute(update(Beneficiary).where(Beneficiary.dossier_number == number)
                           .values(rsa_entry_date=clock.today() - dt.timedelta(days=days_ago)))


def past_booking(engine, number: str) -> None:
    """A first appointment yesterday still marked « à venir »: attendance was not recorded."""
    with session_scope(engine) as session:
        person = person_by_number(session, number)
        place = session.exec(select(Place).order_by(Place.id)).first()
        start = clock.now() - dt.timedelta(days=1)
        slot = Slot(type_code=FIRST, place_id=place.id, organisation_id=place.organisation_id, starts_at=start,
                    ends_at=start + dt.timedelta(hours=1), capacity=1, booked=1, created_at=start)
        session.add(slot)
        session.flush()
        session.add(Booking(reference="PAST01", slot_id=slot.id, beneficiary_id=person.id, type_code=FIRST,
                            status="a_venir", channel="referent", created_by_kind="professional", created_at=start,
                            updated_at=start))


def test_no_first_appointment_after_fifteen_days(demo):
    set_entry(demo, DAVID, 20)
    assert rows_of(demo)[DAVID].alerts.get(Alert.NO_FIRST_BOOKING) == 20
    set_entry(demo, DAVID, 10)
    assert Alert.NO_FIRST_BOOKING not in rows_of(demo)[DAVID].alerts


def test_a_passed_appointment_without_attendance(demo):
    set_entry(demo, DAVID, 20)
    past_booking(demo, DAVID)
    alerts = rows_of(demo)[DAVID].alerts
    assert alerts.get(Alert.ATTENDANCE_MISSING) == 1
    assert Alert.NO_FIRST_BOOKING not in alerts  # booked, even if not yet marked
    with demo.begin() as connection:
        connection.execute(text("UPDATE booking SET status = 'honore' WHERE reference = 'PAST01'"))
    assert Alert.ATTENDANCE_MISSING not in rows_of(demo)[DAVID].alerts


def test_roadmap_alerts_and_overdue_actions(demo):
    alerts = rows_of(demo)[DAVID].alerts  # demo: validated, modified since, one action 3 days late
    assert alerts.get(Alert.MODIFIED_SINCE_VALIDATION) == 1 and Alert.NEVER_VALIDATED not in alerts
    assert alerts.get(Alert.ACTIONS_OVERDUE) == 1
    blank = next(n for n, r in rows_of(demo).items()
                 if Alert.NEVER_VALIDATED not in r.alerts and Alert.MODIFIED_SINCE_VALIDATION not in r.alerts)
    with session_scope(demo) as session:
        roadmap.add_goal(session, pro_actor(session, CLAIRE), person_by_number(session, blank).id,
                         theme_code="mobilite", label="Trouver un moyen de transport")
    assert Alert.NEVER_VALIDATED in rows_of(demo)[blank].alerts


def test_invitations_not_activated_and_consents_withdrawn(demo):
    rows = rows_of(demo)
    for row in rows.values():
        assert (Alert.INVITATION_NOT_ACTIVATED in row.alerts) is (row.account == "invited")
    assert Alert.CONSENT_WITHDRAWN not in rows[DAVID].alerts
    with session_scope(demo) as session:
        ft = session.exec(select(Organisation).where(Organisation.code == "FT-VV")).one()
        david = me(session, DAVID)
        consent.withdraw(session, david, david.id, "feuille_de_route", consent.Recipient(organisation_id=ft.id))
    assert rows_of(demo)[DAVID].alerts.get(Alert.CONSENT_WITHDRAWN) == 1


def test_only_the_referents_own_people_search_and_sort(demo):
    with Session(demo) as session:
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        mine = set(session.exec(select(Beneficiary.dossier_number).where(Beneficiary.referent_id == claire.id)))
    rows = rows_of(demo)
    assert set(rows) == mine and DAVID in rows
    assert set(rows_of(demo, JULIE)).isdisjoint(mine)
    assert rows_of(demo, LUCAS) == {}  # the accueil follows nobody
    assert list(rows_of(demo, search="laurent")) == [DAVID]
    assert list(rows_of(demo, search=" d2026-0001 ")) == [DAVID]
    assert rows_of(demo, search="zzzz") == {}
    by_name = list(rows_of(demo, sort="nom").values())
    assert [r.name for r in by_name] == sorted(r.name for r in by_name)
    by_alerts = [len(r.alerts) for r in rows_of(demo, sort="alertes").values()]
    assert by_alerts == sorted(by_alerts, reverse=True)
    by_entry = [r.rsa_entry_date for r in rows_of(demo, sort="entree_rsa").values() if r.rsa_entry_date]
    assert by_entry == sorted(by_entry)


def count_statements(engine, email: str = CLAIRE) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with session_scope(engine) as session:
        actor = pro_actor(session, email)
        event.listen(engine, "before_cursor_execute", record)
        try:
            file_active(session, actor)
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_number_of_statements_does_not_grow_with_the_caseload(demo):
    before = count_statements(demo)
    with session_scope(demo) as session:  # Claire takes over ten more people
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        others = session.exec(select(Beneficiary).where(Beneficiary.referent_id != claire.id)
                              .order_by(Beneficiary.id).limit(10)).all()
        for person in others:
            person.referent_id, person.organisation_id = claire.id, claire.organisation_id
            session.add(person)
    assert len(rows_of(demo)) >= 10
    assert count_statements(demo) == before


# --- orientation -----------------------------------------------------------------------------------


def orient_as(engine, email: str, number: str, **changes) -> int:
    with session_scope(engine) as session:
        actor = pro_actor(session, email)
        cd = session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one()
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        values = {"organisation_id": cd.id, "referent_id": claire.id, "kind": "professionnel",
                  "reason": ORIENTATION_REASON}
        values.update(changes)
        return orientation.orient(session, actor, person_by_number(session, number).id, **values)


def test_the_coordinator_orients_a_newcomer_and_the_person_reads_why(demo):
    newcomer = "D2026-0041"  # no structure, no référent yet (demo)
    orient_as(demo, COORDINATOR, newcomer)
    with session_scope(demo) as session:
        person = person_by_number(session, newcomer)
        claire = session.exec(select(Professional).where(Professional.email == CLAIRE)).one()
        assert (person.organisation_id, person.referent_id) == (claire.organisation_id, claire.id)
        [line] = orientation.history(session, me(session, newcomer), person.id)
    assert (line.kind, line.referent, line.previous_structure, line.reason) == (
        "professionnel", "Claire Morel", None, ORIENTATION_REASON)
    assert newcomer in rows_of(demo)  # now in Claire's file active


@pytest.mark.parametrize(("changes", "errors"), [
    ({"organisation_id": None}, {"structure": "error.orientation.structure"}),
    ({"kind": "autre"}, {"kind": "error.orientation.kind"}),
    ({"reason": "Court"}, {"reason": "error.orientation.reason"}),
    ({"reason": "  "}, {"reason": "error.required"}),
    ({"reason": "Appeler le 06 12 34 56 78 pour le suivi"}, {"reason": "error.text.sensitive.phone"}),
])
def test_a_bad_orientation_names_its_field_and_changes_nothing(demo, changes, errors):
    with pytest.raises(FieldErrors) as caught:
        orient_as(demo, COORDINATOR, "D2026-0041", **changes)
    assert caught.value.errors == errors
    with Session(demo) as session:
        newcomer = person_by_number(session, "D2026-0041")
        assert session.exec(select(Orientation).where(Orientation.beneficiary_id == newcomer.id)).all() == []
        assert newcomer.organisation_id is None


def test_a_referent_of_another_structure_is_refused(demo):
    with session_scope(demo) as session:
        julie = session.exec(select(Professional).where(Professional.email == JULIE)).one()
    with pytest.raises(FieldErrors) as caught:  # Julie works at France Travail, not at the Département
        orient_as(demo, COORDINATOR, "D2026-0041", referent_id=julie.id)
    assert caught.value.errors == {"referent": "error.orientation.referent"}
    with pytest.raises(PermissionDenied):  # Julie may not reorient David (CD-VV)
        orient_as(demo, JULIE, DAVID)
    with pytest.raises(PermissionDenied):  # the accueil does not orient
        orient_as(demo, LUCAS, DAVID)


def test_the_same_structure_and_referent_is_no_change(demo):
    with pytest.raises(FieldErrors) as caught:
        orient_as(demo, CLAIRE, DAVID)
    assert caught.value.errors == {"_form": "error.orientation.same"}


def test_orientations_are_append_only(demo):
    orient_as(demo, COORDINATOR, "D2026-0041")
    for statement in ("UPDATE orientation SET reason = 'x'", "DELETE FROM orientation"):
        with pytest.raises(DBAPIError), demo.begin() as connection:
            connection.execute(text(statement))
