"""Home read models: what the person and the professionals see, filtered by the policy."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from dossier import accounts
from dossier.errors import PermissionDenied
from dossier.people import caseload, person_home, professional_home, search_for_desk
from dossier.people._people import find_for_invitation
from storage.engine import session_scope
from storage.models import AccessLog, Beneficiary, Professional
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


def _renamed(session, number: str, last_name: str, first_name: str) -> Beneficiary:
    person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).one()
    person.last_name, person.first_name = last_name, first_name
    session.commit()
    return person


def test_the_desk_finds_a_person_by_name_and_birth_date_whatever_the_accents_and_case(demo, session):
    """Wave-2 defect 9: an accueil agent is asked by name and birth date, not by dossier number."""
    person = _renamed(session, "D2026-0005", "Lefèvre-Durand", "Éloïse")
    accueil = pro_actor(session, "lucas.petit@cd-vv.demo")
    logged = session.exec(select(func.count()).select_from(AccessLog)).one()
    for last, first in (("LEFEVRE DURAND", ""), ("lefèvre-durand", "eloise"), (" Lefevre  Durand ", "ÉLOÏSE")):
        with session_scope(demo) as desk:  # one search, one unit of work, as the page runs it
            found = search_for_desk(desk, accueil, last_name=last, first_name=first, birth_date=person.birth_date)
        assert [f.dossier_number for f in found] == ["D2026-0005"], (last, first)
    assert session.exec(select(func.count()).select_from(AccessLog)).one() == logged + 3  # each shown: logged
    assert search_for_desk(session, accueil, last_name="Lefevre-Durand", birth_date=None) == []  # no browsing
    assert search_for_desk(session, accueil, last_name="Lefevre-Durand", first_name="Anne",
                           birth_date=person.birth_date) == []
    assert search_for_desk(session, accueil, last_name="Lefevre-Durand",
                           birth_date=person.birth_date.replace(year=1901)) == []
    assert search_for_desk(session, accueil, number="d2026-0005")[0].last_name == "Lefèvre-Durand"


def test_the_desk_search_by_name_respects_the_policy(demo, session):
    person = _renamed(session, "D2026-0001", "Martin", "Zoé")  # followed by CD-VV
    for email in ("marc.fontaine@cd-vv.demo", "julie.roux@ft-vv.demo"):  # coordinator; référent elsewhere
        assert search_for_desk(session, pro_actor(session, email), last_name="martin",
                               birth_date=person.birth_date) == [], email
    assert search_for_desk(session, pro_actor(session, "claire.morel@cd-vv.demo"), last_name="martin",
                           birth_date=person.birth_date) != []
