"""Home read models: what the person and the professionals see, filtered by the policy."""

from __future__ import annotations

import pytest
from sqlmodel import select

from dossier import accounts
from dossier.errors import PermissionDenied
from dossier.people import caseload, find_for_invitation, person_home, professional_home
from storage.models import Beneficiary, Professional
from tests.support.domain import pro_actor


def test_person_home_names_their_structure_and_referent(demo, session):
    person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == "D2026-0001")).one()
    home = person_home(session, accounts.actor_for_beneficiary(person))
    referent = session.get(Professional, person.referent_id)
    assert (home.first_name, home.last_name) == (person.first_name, person.last_name)
    assert home.referent_name == f"{referent.first_name} {referent.last_name}"
    assert home.structure_name == "Département de la Vallée-Verte"


def test_a_professional_cannot_use_the_person_home(demo, session):
    with pytest.raises(PermissionDenied):
        person_home(session, pro_actor(session, "claire.morel@cd-vv.demo"))


def test_caseload_lists_exactly_the_referents_people_in_one_query(demo, session, engine):
    from sqlalchemy import event

    actor = pro_actor(session, "claire.morel@cd-vv.demo")
    expected = set(session.exec(select(Beneficiary.dossier_number).where(Beneficiary.referent_id == actor.id)))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        rows = caseload(session, actor)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert expected and {r.dossier_number for r in rows} == expected
    assert len(statements) == 1
    assert {r.account for r in rows} <= {"active", "invited", "none"}


def test_accueil_and_coordinator_have_no_caseload_and_coordinator_sees_only_counts(demo, session):
    assert caseload(session, pro_actor(session, "lucas.petit@cd-vv.demo")) == []
    home = professional_home(session, pro_actor(session, "marc.fontaine@cd-vv.demo"))
    assert home.caseload == [] and home.territory_people == 60


def test_invitation_lookup_respects_the_policy(demo, session):
    accueil = pro_actor(session, "lucas.petit@cd-vv.demo")
    assert find_for_invitation(session, accueil, " d2026-0005 ").dossier_number == "D2026-0005"
    assert find_for_invitation(session, accueil, "D-404") is None
    coordinator = pro_actor(session, "marc.fontaine@cd-vv.demo")
    assert find_for_invitation(session, coordinator, "D2026-0005") is None
    # A référent finds only people of their own structure.
    julie = pro_actor(session, "julie.roux@ft-vv.demo")
    numbers = session.exec(select(Beneficiary.dossier_number, Beneficiary.organisation_id)).all()
    own = next(n for n, org in numbers if org == julie.organisation_id)
    other = next(n for n, org in numbers if org is not None and org != julie.organisation_id)
    assert find_for_invitation(session, julie, own) is not None
    assert find_for_invitation(session, julie, other) is None
