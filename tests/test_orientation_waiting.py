"""« En attente d'orientation » without Streamlit, on both engines: the people with an RSA entry date and
no orientation decision, the longest wait first, limited by the database, for whom the policy lets orient
them (the coordination: the territory; a référent: their own structure; nobody else); and the demo's
orientation decisions (5 to 60 days after the RSA entry, as `orient` records them, always the same)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import actor_for_professional
from dossier.actor import Actor
from dossier.errors import PermissionDenied
from dossier.people import WAITING_LISTED, WaitingForOrientation, orient, waiting_for_orientation
from dossier.people import _orientation as orientation
from dossier.policy import Permission, decide
from dossier.tools import seed_demo
from dossier.tools._demo import DEMO_COORDINATOR, ORIENTATION_DELAY_DAYS
from dossier.validation import check_free_text
from storage.models import Beneficiary, Organisation, Orientation, Professional, ProfessionalRole
from tests.support.domain import COORDINATOR, ORIENTATION_REASON, pro_actor


@dataclass
class Desk:
    session: Session
    org_a: int
    org_b: int
    coordinator: Actor
    referent_a: Actor
    referent_b: Actor
    reception: Actor
    admin: Actor  # administrateur only: does not orient
    admin_coordinator: Actor

    def person(self, last_name: str, entry: dt.date | None, organisation_id: int | None) -> int:
        now = clock.now()
        person = Beneficiary(dossier_number=f"ORI-{last_name}", last_name=last_name, first_name="Test",
                             birth_date=dt.date(1990, 1, 1), rsa_entry_date=entry, organisation_id=organisation_id,
                             created_at=now, updated_at=now)
        self.session.add(person)
        self.session.flush()
        return person.id

    def decision(self, person_id: int, days_ago: int) -> None:
        """A decision as `orient` records it (orientation is append-only: the test's rollback removes it)."""
        person = self.session.get(Beneficiary, person_id)
        self.session.add(Orientation(beneficiary_id=person_id, organisation_id=person.organisation_id or self.org_a,
                                     kind="social", reason=ORIENTATION_REASON, decided_by_id=self.coordinator.id,
                                     decided_by_name="Test Coordinateur",
                                     decided_at=clock.now() - dt.timedelta(days=days_ago)))
        self.session.flush()


def _pro(session: Session, organisation_id: int, email: str, *roles: str) -> Actor:
    pro = Professional(organisation_id=organisation_id, first_name="Test", last_name=email.split("@")[0],
                       email=email, created_at=clock.now())
    session.add(pro)
    session.flush()
    session.add_all([ProfessionalRole(professional_id=pro.id, role=role) for role in roles])
    session.flush()
    return actor_for_professional(session, pro)


@pytest.fixture
def desk(session: Session) -> Desk:
    now = clock.now()
    org_a = Organisation(code="ORI-A", name="Structure A", type="departement", created_at=now)
    org_b = Organisation(code="ORI-B", name="Structure B", type="france_travail", created_at=now)
    session.add_all([org_a, org_b])
    session.flush()
    return Desk(session, org_a.id, org_b.id,
                _pro(session, org_a.id, "coord@ori.invalid", "coordinateur"),
                _pro(session, org_a.id, "ref-a@ori.invalid", "referent"),
                _pro(session, org_b.id, "ref-b@ori.invalid", "referent"),
                _pro(session, org_a.id, "accueil@ori.invalid", "accueil"),
                _pro(session, org_a.id, "admin@ori.invalid", "admin"),
                _pro(session, org_a.id, "admin-coord@ori.invalid", "admin", "coordinateur"))


@pytest.fixture
def people(desk: Desk) -> dict[str, int]:
    """name   structure  RSA entry     decisions
    Dubois    none       today − 60    none        the longest wait
    Albert    none       today − 40    none        same day as Bernard: by name, Albert first
    Bernard   A          today − 40    none
    Caron     B          today − 10    none
    Durand    A          today − 20    one         oriented: left out
    Etienne   A          today − 5     two         oriented twice: left out
    Faure     A          no date       none        no RSA entry date: left out
    """
    today, d = clock.today(), desk
    ids = {"Dubois": d.person("Dubois", today - dt.timedelta(days=60), None),
           "Albert": d.person("Albert", today - dt.timedelta(days=40), None),
           "Bernard": d.person("Bernard", today - dt.timedelta(days=40), d.org_a),
           "Caron": d.person("Caron", today - dt.timedelta(days=10), d.org_b),
           "Durand": d.person("Durand", today - dt.timedelta(days=20), d.org_a),
           "Etienne": d.person("Etienne", today - dt.timedelta(days=5), d.org_a),
           "Faure": d.person("Faure", None, d.org_a)}
    d.decision(ids["Durand"], 3)
    d.decision(ids["Etienne"], 4)
    d.decision(ids["Etienne"], 1)
    return ids


def names(rows: list[WaitingForOrientation]) -> list[str]:
    return [row.name for row in rows]


def test_the_coordination_sees_the_territory_longest_wait_first(desk: Desk, people: dict[str, int]) -> None:
    found = waiting_for_orientation(desk.session, desk.coordinator)
    assert names(found) == ["DUBOIS Test", "ALBERT Test", "BERNARD Test", "CARON Test"]
    today = clock.today()
    assert found[0] == WaitingForOrientation(people["Dubois"], "ORI-Dubois", "DUBOIS Test",
                                             today - dt.timedelta(days=60), 60, None)
    assert [(row.days_waiting, row.structure) for row in found] == [
        (60, None), (40, None), (40, "Structure A"), (10, "Structure B")]
    assert names(waiting_for_orientation(desk.session, desk.admin_coordinator)) == names(found)


def test_the_limit_keeps_the_longest_waits(desk: Desk, people: dict[str, int]) -> None:
    assert names(waiting_for_orientation(desk.session, desk.coordinator, limit=2)) == ["DUBOIS Test", "ALBERT Test"]
    assert WAITING_LISTED == 50


def test_a_referent_sees_the_people_of_their_structure_only(desk: Desk, people: dict[str, int]) -> None:
    # A: Bernard waits (Durand and Etienne are oriented, Faure has no entry date); nobody without a
    # structure, nobody of B.
    assert names(waiting_for_orientation(desk.session, desk.referent_a)) == ["BERNARD Test"]
    assert names(waiting_for_orientation(desk.session, desk.referent_b)) == ["CARON Test"]


@pytest.mark.parametrize("who", ["reception", "admin"])
def test_who_does_not_orient_gets_no_list(desk: Desk, people: dict[str, int], who: str) -> None:
    with pytest.raises(PermissionDenied):
        waiting_for_orientation(desk.session, getattr(desk, who))


def test_the_list_asks_the_policy_in_sql(desk: Desk, people: dict[str, int]) -> None:
    """`orientable` is `decide(actor, ORIENT, person)` for every actor and person (a list cannot ask per row)."""
    everyone = desk.session.exec(select(Beneficiary)).all()
    for actor in (desk.coordinator, desk.referent_a, desk.referent_b, desk.reception, desk.admin,
                  desk.admin_coordinator):
        listed = set(desk.session.exec(select(Beneficiary.id).where(orientation.orientable(actor))).all())
        allowed = {p.id for p in everyone if decide(actor, Permission.ORIENT, p).allowed}
        assert listed == allowed, actor.display_name


def test_one_statement_whatever_the_number_of_people(desk: Desk, people: dict[str, int]) -> None:
    for n in range(30):
        desk.person(f"Zed{n:02d}", clock.today() - dt.timedelta(days=n), None)
    statements: list[str] = []
    bind = desk.session.get_bind()

    def spy(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(bind, "before_cursor_execute", spy)
    try:
        found = waiting_for_orientation(desk.session, desk.coordinator, limit=5)
    finally:
        event.remove(bind, "before_cursor_execute", spy)
    assert len(found) == 5 and names(found)[0] == "DUBOIS Test"
    assert len(statements) == 1, statements
    assert "LIMIT" in statements[0].upper()


def test_an_orientation_takes_the_person_off_the_list(desk: Desk, people: dict[str, int]) -> None:
    orient(desk.session, desk.coordinator, people["Dubois"], organisation_id=desk.org_b, referent_id=None,
           kind="professionnel", reason=ORIENTATION_REASON)
    assert names(waiting_for_orientation(desk.session, desk.coordinator)) == [
        "ALBERT Test", "BERNARD Test", "CARON Test"]
    assert names(waiting_for_orientation(desk.session, desk.referent_b)) == ["CARON Test"]  # oriented: not theirs


# --- the demo -------------------------------------------------------------------------------------


def demo_decisions(session: Session) -> dict[str, tuple[int, str, str]]:
    """dossier number → (days from RSA entry to the decision's Paris date, kind, who decided)."""
    rows = session.exec(select(Beneficiary, Orientation).join(Orientation, Orientation.beneficiary_id == Beneficiary.id)
                        .order_by(Orientation.id)).all()
    return {p.dossier_number: ((clock.as_paris(o.decided_at).date() - p.rsa_entry_date).days, o.kind,
                               o.decided_by_name) for p, o in rows}


def test_the_demo_orients_its_first_forty_people_5_to_60_days_after_entry(demo) -> None:
    low, high = ORIENTATION_DELAY_DAYS
    with Session(demo) as session:
        decisions = demo_decisions(session)
        people = {p.dossier_number: p for p in session.exec(select(Beneficiary)).all()}
        orientations = session.exec(select(Orientation)).all()
        marc = session.exec(select(Professional).where(Professional.email == DEMO_COORDINATOR)).one()
        waiting = waiting_for_orientation(session, pro_actor(session, COORDINATOR), limit=10_000)
    assert len(orientations) == len(decisions)  # one decision each
    today = clock.today()
    expected = {n for n, p in people.items() if p.referent_id is not None and (today - p.rsa_entry_date).days >= low}
    assert set(decisions) == expected and len(expected) >= 30
    for number, (days, _kind, by) in decisions.items():
        assert low <= days <= high, number
        assert by == "Marc Fontaine"
    by_id = {p.id: p for p in people.values()}
    for o in orientations:  # what `orient` would have written: the person's structure and référent now
        person = by_id[o.beneficiary_id]
        assert (o.organisation_id, o.referent_id) == (person.organisation_id, person.referent_id)
        assert (o.previous_organisation_id, o.previous_referent_id, o.decided_by_id) == (None, None, marc.id)
        assert o.decided_at <= clock.now()
    assert all(check_free_text(o.reason, max_length=orientation.REASON_MAX, sensitive_ok=False) == o.reason
               and len(o.reason) >= orientation.REASON_MIN for o in orientations)
    assert len({o.kind for o in orientations}) == 3
    assert {w.dossier_number for w in waiting} == set(people) - set(decisions)  # the newcomers among them
    assert "D2026-0041" in {w.dossier_number for w in waiting}


def test_the_demo_decisions_are_the_same_each_time(session: Session) -> None:
    seed_demo(session)
    first = demo_decisions(session)
    session.rollback()
    seed_demo(session)
    assert demo_decisions(session) == first
