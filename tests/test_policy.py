"""The policy answers every "may this actor...?" and denies by default."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import actor_for_beneficiary, actor_for_professional
from dossier.actor import Actor
from dossier.policy import Basis, Category, Permission, decide, may, readable_without_grants
from storage.models import Beneficiary, Professional


def person(pid=1, org=10) -> Beneficiary:
    now = clock.now()
    return Beneficiary(id=pid, dossier_number=f"D{pid}", last_name="X", first_name="Y",
                       birth_date=clock.today(), organisation_id=org, created_at=now, updated_at=now)


def pro(*roles, org=10, pid=100) -> Actor:
    return Actor(kind="professional", id=pid, display_name="Pro", organisation_id=org, roles=frozenset(roles))


ME = Actor(kind="beneficiary", id=1, display_name="Moi", organisation_id=10)


@pytest.mark.parametrize("category", list(Category))
def test_the_person_reads_every_part_of_their_own_file(category):
    assert may(ME, Permission.READ, person(), category)
    assert not may(ME, Permission.READ, person(pid=2), category)


def test_referent_structure_reads_by_mission_except_health():
    decision = decide(pro("referent"), Permission.READ, person(), Category.ROADMAP)
    assert decision.allowed and "mission" in decision.basis
    assert not may(pro("referent"), Permission.READ, person(), Category.HEALTH)


def test_other_structure_is_denied_without_consent():
    for category in Category:
        assert not may(pro("referent", org=99), Permission.READ, person(), category)


def test_accueil_reads_identity_and_appointments_only():
    accueil = pro("accueil", org=99)
    assert may(accueil, Permission.READ, person(), Category.IDENTITY)
    assert may(accueil, Permission.READ, person(), Category.APPOINTMENTS)
    for category in (Category.SITUATION, Category.ROADMAP, Category.HEALTH):
        assert not may(accueil, Permission.READ, person(), category)


def test_coordinator_reads_no_dossier_but_manages_the_territory():
    coordinator = pro("coordinateur")
    assert not any(may(coordinator, Permission.READ, person(), c) for c in Category)
    assert may(coordinator, Permission.MANAGE_TERRITORY)
    assert not may(pro("referent"), Permission.MANAGE_TERRITORY)
    assert not may(ME, Permission.IMPORT_BENEFICIARIES)


def test_unknown_kinds_and_missing_person_are_denied():
    assert not may(Actor.system(), Permission.READ, person())
    assert not may(pro("referent"), Permission.READ, None)
    assert not may(Actor(kind="professional", id=5, display_name="x"), Permission.ISSUE_ACTIVATION)
    assert not may(ME, Permission.VIEW_CASELOAD)


# --- editing the roadmap and the diagnostic ----------------------------------------------------


@pytest.mark.parametrize("category", [Category.ROADMAP, Category.SITUATION, Category.HEALTH])
def test_the_person_edits_their_roadmap_diagnostic_and_health_items(category):
    assert may(ME, Permission.EDIT, person(), category)
    assert not may(ME, Permission.EDIT, person(pid=2), category)


def test_the_referent_structure_edits_roadmap_and_diagnostic_but_not_health():
    referent = pro("referent")
    assert may(referent, Permission.EDIT, person(), Category.ROADMAP)
    assert may(referent, Permission.EDIT, person(), Category.SITUATION)
    assert not may(referent, Permission.EDIT, person(), Category.HEALTH)
    assert not may(pro("referent", org=99), Permission.EDIT, person(), Category.ROADMAP)


@pytest.mark.parametrize("category", list(Category))
def test_reading_by_reception_or_administration_never_grants_editing(category):
    for actor in (pro("accueil"), pro("admin"), pro("coordinateur"), Actor.system()):
        assert not may(actor, Permission.EDIT, person(), category)


def test_identity_and_appointments_are_not_co_edited_here():
    for category in (Category.IDENTITY, Category.APPOINTMENTS):
        assert not may(ME, Permission.EDIT, person(), category)
        assert not may(pro("referent"), Permission.EDIT, person(), category)


def test_health_themes_follow_the_health_category():
    from dossier.policy import category_of

    assert category_of("sante", Category.ROADMAP) is Category.HEALTH
    assert category_of("mobilite", Category.ROADMAP) is Category.ROADMAP
    assert category_of("logement", Category.SITUATION) is Category.SITUATION


def test_the_sql_form_of_reading_agrees_with_the_policy(demo):
    """`readable_without_grants` filters lists in the database: for every demo account, every person
    and every category, the rows it keeps are exactly those `may` allows without grants."""
    with Session(demo) as session:
        people = session.exec(select(Beneficiary)).all()
        actors = [actor_for_professional(session, p) for p in session.exec(select(Professional)).all()]
        actors += [actor_for_beneficiary(p) for p in people[:3]]
        actors += [pro("referent", org=None), Actor(kind="system", id=0, display_name="Système")]
        checked = 0
        for actor in actors:
            for category in Category:
                kept = set(session.exec(select(Beneficiary.id).where(readable_without_grants(actor, category))).all())
                assert kept == {p.id for p in people if may(actor, Permission.READ, p, category)}, (actor, category)
                checked += len(people)
    assert checked > 1000 and len({a.role for a in actors}) >= 5


def test_an_exit_is_recorded_by_a_referent_of_the_persons_structure_or_a_coordinator():
    assert decide(pro("referent"), Permission.RECORD_EXIT, person()).basis is Basis.MISSION
    assert may(pro("referent"), Permission.RECORD_EXIT)  # the page
    assert may(pro("coordinateur", org=99), Permission.RECORD_EXIT, person())
    assert not may(pro("referent", org=99), Permission.RECORD_EXIT, person())
    assert not may(pro("referent"), Permission.RECORD_EXIT, person(org=None))
    for other in (pro("accueil"), pro("admin"), ME):
        assert not may(other, Permission.RECORD_EXIT, person())
        assert not may(other, Permission.RECORD_EXIT)


def test_only_the_person_comments_their_own_exit():
    assert decide(ME, Permission.COMMENT_EXIT, person()).basis is Basis.SELF
    assert not may(ME, Permission.COMMENT_EXIT, person(pid=2))
    assert not may(ME, Permission.COMMENT_EXIT)
    for professional in (pro("referent"), pro("coordinateur"), pro("admin", "coordinateur")):
        assert not may(professional, Permission.COMMENT_EXIT, person())
    assert not may(Actor(kind="system", id=0, display_name="Système"), Permission.COMMENT_EXIT, person())
