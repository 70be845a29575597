"""The offer of services without Streamlit, on both engines: the data·inclusion import (valid JSON and
CSV, each kind of error listed with nothing imported, re-import idempotent, absent services kept as no
longer offered), the search by thématique and distance against a hand-computed answer, « Ça
m'intéresse » (one action, one history event, one alert), a proposal accepted or declined, and nothing
shared with a structure the person gave no consent to."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from dossier import clock, services
from dossier.access import open_person
from dossier.actor import Actor
from dossier.errors import FieldErrors, PermissionDenied, Refusal
from dossier.policy import Category
from dossier.roadmap import load_roadmap
from dossier.services import CatalogueRejected, Near
from dossier.workspace import Alert, file_active
from storage.models import (
    AccessLog,
    Action,
    CatalogueService,
    CatalogueServiceCategory,
    CatalogueStructure,
    Goal,
    OutboxMessage,
    RoadmapEvent,
    ServiceRequest,
)
from tests.support.domain import CLAIRE, DAVID, JULIE, NADIA, YANIS, assert_refused, me, person_by_number, pro_actor

TODAY = dt.date(2026, 12, 1)
STRUCTURE = {"source": "essai", "id": "essai--s1", "nom": "Structure d'essai", "date_maj": "2026-11-01",
             "description": "Une structure pour les tests.", "latitude": 45.0, "longitude": 4.0}


def service(n: int, **fields) -> dict:
    values = {"source": "essai", "structure_id": "essai--s1", "id": f"essai--{n}", "nom": f"Service numéro {n}",
              "description": "Un service pour les tests.", "date_maj": "2026-11-01",
              "thematiques": ["mobilite--preparer-un-permis"], "frais": "gratuit", "publics": ["tous-publics"],
              "latitude": 45.0, "longitude": 4.0}
    values.update(fields)
    return values


def as_file(structures: list[dict], items: list[dict], name: str = "offre.json") -> list[tuple[str, bytes]]:
    return [(name, json.dumps({"structures": structures, "services": items}).encode())]


def load(session: Session, structures: list[dict], items: list[dict]) -> services.CatalogueReport:
    return services.import_catalogue(session, Actor.system(), as_file(structures, items))


def test_a_valid_file_is_imported_and_a_reimport_changes_nothing(session):
    report = load(session, [STRUCTURE], [service(1), service(2, frais="payant")])
    assert (report.structures_created, report.services_created, report.services_withdrawn) == (1, 2, 0)
    again = load(session, [STRUCTURE], [service(1), service(2, frais="payant")])
    assert (again.structures_created, again.services_created, again.services_updated) == (0, 0, 2)
    rows = session.exec(select(CatalogueService).order_by(CatalogueService.id)).all()
    assert [(r.id, r.free, r.offered) for r in rows] == [("essai--1", True, True), ("essai--2", False, True)]
    assert session.exec(select(func.count()).select_from(CatalogueServiceCategory)).one() == 2


def test_a_reimport_updates_in_place_and_keeps_absent_services_as_no_longer_offered(session):
    load(session, [STRUCTURE], [service(1), service(2)])
    report = load(session, [], [service(1, nom="Nouveau nom du service")])
    assert (report.services_updated, report.services_withdrawn) == (1, 1)
    assert session.get(CatalogueService, "essai--1").name == "Nouveau nom du service"
    assert session.get(CatalogueService, "essai--2").offered is False  # kept, for the roadmaps


@pytest.mark.parametrize(("record", "field", "message"), [
    ({"nom": None}, "nom", "texte attendu"),
    ({"nom": "ab"}, "nom", "trop court (au moins 3 caractères)"),
    ({"date_maj": "01/11/2026"}, "date_maj", "date attendue au format AAAA-MM-JJ"),
    ({"thematiques": ["mobilite--voler"]}, "thematiques", "valeur absente des listes data·inclusion"),
    ({"publics": ["tous-publics", "jeunes"]}, "publics", "`tous-publics` ne peut pas être utilisé"),
    ({"latitude": "nord"}, "latitude", "nombre attendu"),
    ({"latitude": 123.0}, "latitude", "coordonnée hors limites"),
    ({"courriel": "pas-un-courriel"}, "courriel", "adresse e-mail invalide"),
    ({"structure_id": "essai--inconnue"}, "structure_id", "structure inconnue"),
    ({"date_evenement": "demain"}, "date_evenement", "date attendue au format AAAA-MM-JJ"),
])
def test_each_kind_of_error_is_listed_and_nothing_is_imported(session, record, field, message):
    with pytest.raises(CatalogueRejected) as refused:
        load(session, [STRUCTURE], [service(1), service(2, **record)])
    [problem] = refused.value.problems
    assert (problem.where, problem.record_id, problem.field) == ("offre.json, enregistrement 2", "essai--2", field)
    assert problem.message.startswith(message)
    assert session.exec(select(func.count()).select_from(CatalogueService)).one() == 0
    assert session.exec(select(func.count()).select_from(CatalogueStructure)).one() == 0


def test_every_invalid_record_is_listed_with_its_csv_line(session):
    load(session, [STRUCTURE], [])
    csv = ("source;structure_id;id;nom;description;date_maj;thematiques;frais;publics;latitude;longitude\n"
           "essai;essai--s1;essai--1;Atelier permis;Un service pour les tests.;2026-11-01;"
           "mobilite--preparer-un-permis;gratuit;tous-publics;45;4\n"
           "essai;essai--s1;essai--2;AB;Un service pour les tests.;2026-11-01;mobilite;gratuit;tous-publics;45;4\n"
           "essai;essai--s1;essai--1;Atelier doublon;Un service.;2026-11-01;;;;;\n")
    with pytest.raises(CatalogueRejected) as refused:
        services.import_catalogue(session, Actor.system(), [("services.csv", csv.encode())])
    assert [(p.where, p.record_id, p.field) for p in refused.value.problems] == [
        ("services.csv, ligne 4", "essai--1", "id"),
        ("services.csv, ligne 3", "essai--2", "nom"),
        ("services.csv, ligne 3", "essai--2", "thematiques"),
    ]
    assert session.exec(select(func.count()).select_from(CatalogueService)).one() == 0


def test_a_valid_csv_with_lists_in_cells_is_imported(session):
    load(session, [STRUCTURE], [])
    csv = ("source,structure_id,id,nom,description,date_maj,thematiques,frais,publics,latitude,longitude\n"
           'essai,essai--s1,essai--1,Atelier permis,Un service pour les tests.,2026-11-01,'
           '"mobilite--preparer-un-permis,numerique--acquerir-un-equipement",payant,"jeunes,femmes",45,4\n')
    services.import_catalogue(session, Actor.system(), [("services.csv", csv.encode())])
    row = session.get(CatalogueService, "essai--1")
    assert (row.thematiques, row.publics, row.free) == (
        "mobilite--preparer-un-permis numerique--acquerir-un-equipement", "femmes jeunes", False)


def test_only_the_territory_imports(demo):
    with Session(demo) as session, pytest.raises(PermissionDenied):
        services.import_catalogue(session, pro_actor(session, CLAIRE), as_file([STRUCTURE], [service(1)]))


def test_the_search_by_theme_and_distance_gives_the_hand_computed_answer(session, monkeypatch):
    # One degree of latitude is 111.2 km on the haversine's sphere: 0.05° north is 5.56 km.
    load(session, [STRUCTURE], [
        service(1, latitude=45.05, longitude=4.0),  # 5.56 km
        service(2, latitude=45.0, longitude=4.0),  # 0 km
        service(3, latitude=45.1, longitude=4.0),  # 11.12 km
        service(4, latitude=45.5, longitude=4.0),  # 55.6 km: out of 20 km
        service(5, latitude=45.01, longitude=4.0, thematiques=["numerique--acquerir-un-equipement"]),
        service(6, latitude=45.02, longitude=4.0, frais="payant"),
        service(7, latitude=45.03, longitude=4.0, publics=["jeunes"]),
        service(8, latitude=45.04, longitude=4.0, date_evenement="2026-11-30"),  # past event
        service(9, latitude=45.04, longitude=4.0, date_evenement="2026-12-10"),
    ])
    near = Near(45.0, 4.0, "Ici")
    found = services.search(session, near, category="mobilite", free_only=True,
                            publics=frozenset({"femmes"}), radius_km=20, today=TODAY)
    assert [(c.id, round(c.distance_km, 2)) for c in found] == [
        ("essai--2", 0.0), ("essai--9", 4.45), ("essai--1", 5.56), ("essai--3", 11.12)]
    assert found[1].event_date == dt.date(2026, 12, 10)
    everything = services.search(session, near, radius_km=20, today=TODAY)
    assert {c.id for c in everything} == {f"essai--{n}" for n in (1, 2, 3, 5, 6, 7, 9)}
    young = services.search(session, near, publics=frozenset({"jeunes"}), radius_km=20, today=TODAY)
    assert "essai--7" in {c.id for c in young}


def test_the_demo_catalogue_is_big_enough_and_dated(demo):
    with Session(demo) as session:
        rows = session.exec(select(CatalogueService)).all()
        categories = session.exec(select(func.count(func.distinct(CatalogueServiceCategory.category)))).one()
    assert len(rows) >= 60 and categories >= 12
    events = [r.event_date for r in rows if r.event_date]
    assert sum(d >= clock.today() for d in events) >= 3 and sum(d < clock.today() for d in events) == 1


def first_service(session: Session, category: str) -> CatalogueService:
    return session.exec(select(CatalogueService)
                        .join(CatalogueServiceCategory, CatalogueServiceCategory.service_id == CatalogueService.id)
                        .where(CatalogueServiceCategory.category == category, CatalogueService.event_date.is_(None))
                        .order_by(CatalogueService.id)).first()


def count_of(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def test_interest_writes_one_action_one_history_event_and_one_alert(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        garage = first_service(session, "mobilite")  # David has a goal under « mobilite » (demo)
        actions, events = count_of(session, Action), count_of(session, RoadmapEvent)
        goals = count_of(session, Goal)
        action_id = services.express_interest(session, me(session, DAVID), garage.id)
        session.commit()
        assert (count_of(session, Action), count_of(session, RoadmapEvent), count_of(session, Goal)) == (
            actions + 1, events + 1, goals)
        action = session.get(Action, action_id)
        assert action.label == garage.name and session.get(Goal, action.goal_id).theme_code == "mobilite"
        [request] = session.exec(select(ServiceRequest).where(ServiceRequest.beneficiary_id == david.id)).all()
        assert (request.kind, request.action_id, request.service_id) == ("interet", action_id, garage.id)
        row = next(r for r in file_active(session, pro_actor(session, CLAIRE)) if r.person_id == david.id)
        assert row.alerts[Alert.SERVICE_INTEREST] == 1
        with pytest.raises(services.AlreadyAsked):
            services.express_interest(session, me(session, DAVID), garage.id)
        session.rollback()
        assert count_of(session, Action) == actions + 1
        view = load_roadmap(session, me(session, DAVID), david.id)
        assert action_id in view.actions_by_id


def test_interest_without_a_matching_goal_writes_the_goal_from_the_mapping(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        creche = first_service(session, "famille")
        services.express_interest(session, me(session, DAVID), creche.id)
        goal = session.exec(select(Goal).where(Goal.beneficiary_id == david.id,
                                               Goal.theme_code == "contraintes_familiales")).one()
        assert goal.label == services.theme_mappings()["famille"].goal_label


def test_a_past_event_cannot_be_asked_for(demo):
    with Session(demo) as session:
        past = session.exec(select(CatalogueService).where(CatalogueService.event_date < clock.today())).one()
        with pytest.raises(Refusal) as refused:
            services.express_interest(session, me(session, DAVID), past.id)
        assert refused.value.key == "services.error.not_offered"


def test_a_proposal_accepted_and_one_declined_both_sides_see_who_and_when(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        claire, person = pro_actor(session, CLAIRE), me(session, DAVID)
        permit, screen = first_service(session, "mobilite"), first_service(session, "numerique")
        accepted = services.propose(session, claire, david.id, permit.id)
        declined = services.propose(session, claire, david.id, screen.id)
        actions = count_of(session, Action)
        action_id = services.answer(session, person, accepted, True)
        assert services.answer(session, person, declined, False) is None
        assert count_of(session, Action) == actions + 1 and session.get(Action, action_id).label == permit.name
        session.commit()
        with pytest.raises(services.AlreadyAnswered):
            services.answer(session, person, declined, True)
        session.rollback()
        for reader in (claire, person):
            lines = {r.service_id: r for r in services.requests_of(session, reader, david.id)}
            assert lines[permit.id].by_name == "Claire Morel" and lines[permit.id].accepted is True
            assert lines[screen.id].accepted is False and lines[screen.id].answered_at is not None


def test_only_the_persons_structure_proposes_and_only_the_person_answers(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        permit = first_service(session, "mobilite")
        with pytest.raises(PermissionDenied):
            services.propose(session, pro_actor(session, NADIA), david.id, permit.id)
        request = services.propose(session, pro_actor(session, CLAIRE), david.id, permit.id)
        with pytest.raises(PermissionDenied):
            services.answer(session, pro_actor(session, CLAIRE), request, True)
        with pytest.raises(PermissionDenied):
            services.answer(session, me(session, YANIS), request, True)


def test_request_and_answer_rows_are_append_only(demo):
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        request = services.propose(session, pro_actor(session, CLAIRE), david.id, first_service(session, "mobilite").id)
        services.answer(session, me(session, DAVID), request, False)
        session.commit()
    assert_refused(demo, "service_request", "UPDATE service_request SET by_name = 'x'")
    assert_refused(demo, "service_answer", "DELETE FROM service_answer")


def test_nothing_is_shared_with_a_structure_without_consent(demo):
    with Session(demo) as session:
        yanis = person_by_number(session, YANIS)  # shares nothing (demo), accompanied by the mission locale
        job = session.exec(select(CatalogueService).join(CatalogueStructure)
                           .where(CatalogueStructure.name == "France Travail Vallée-Verte",
                                  CatalogueService.event_date.is_(None))).first()
        note = services.sharing_note(session, me(session, YANIS), job.id)
        assert (note.known, note.referent_structure, note.shared) == (True, False, ())
        assert note.would_share == (Category.IDENTITY,)
        messages, logs = count_of(session, OutboxMessage), count_of(session, AccessLog)
        services.express_interest(session, me(session, YANIS), job.id)
        session.commit()
        assert count_of(session, OutboxMessage) == messages and count_of(session, AccessLog) == logs
        julie = pro_actor(session, JULIE)  # France Travail
        for category in (Category.IDENTITY, Category.ROADMAP):
            with pytest.raises(PermissionDenied):
                open_person(session, julie, yanis.id, category)
        session.commit()
        # David shares « Qui je suis » and his roadmap with France Travail (demo): the screen says so.
        shared = services.sharing_note(session, me(session, DAVID), job.id)
        assert shared.shared == (Category.IDENTITY, Category.ROADMAP)


def test_a_bad_file_is_refused_in_french(session):
    with pytest.raises(FieldErrors) as refused:
        services.import_catalogue(session, Actor.system(), [("offre.json", b"{pas du json")])
    assert refused.value.errors["file"][0] == "services.import.error.json"


def test_the_cli_imports_a_file_and_lists_every_invalid_record(clean_db, tmp_path, capsys):
    from dossier.__main__ import main

    good = tmp_path / "offre.json"
    good.write_text(json.dumps({"structures": [STRUCTURE], "services": [service(1), service(2)]}), encoding="utf-8")
    assert main(["import-services", str(good)]) == 0
    assert "2 service(s) créé(s)" in capsys.readouterr().out
    bad = tmp_path / "services.json"
    bad.write_text(json.dumps([service(3, nom="AB"), service(4, frais="cher")]), encoding="utf-8")
    assert main(["import-services", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Import refusé, rien n'a été importé : 2 erreur(s)." in err
    assert "services.json, enregistrement 1 (id essai--3) — nom : trop court (au moins 3 caractères)" in err
    assert "services.json, enregistrement 2 (id essai--4) — frais : valeur absente des listes data·inclusion" in err
    with Session(clean_db) as session:
        assert count_of(session, CatalogueService) == 2


def test_the_pilotage_counts_people_per_service_and_masks_small_counts(demo):
    from dossier import pilotage

    with Session(demo) as session:
        cv, permit = first_service(session, "preparer-sa-candidature"), first_service(session, "mobilite")
        for n in range(1, 7):  # six people interested in the same workshop
            services.express_interest(session, me(session, f"D2026-{n:04d}"), cv.id)
        services.express_interest(session, me(session, "D2026-0007"), permit.id)
        claire = pro_actor(session, CLAIRE)
        david = person_by_number(session, DAVID)
        accepted = services.propose(session, claire, david.id, permit.id)
        services.answer(session, me(session, DAVID), accepted, True)
        declined = services.propose(session, claire, david.id, first_service(session, "numerique").id)
        services.answer(session, me(session, DAVID), declined, False)
        session.commit()
        coordinator = pro_actor(session, "marc.fontaine@cd-vv.demo")
        asked = pilotage.services_asked(session, coordinator)
        assert [(a.service_id, a.people) for a in asked] == [(cv.id, 6), (permit.id, 2)]
        assert [pilotage.masked(a.people) for a in asked] == ["6", "moins de 5 personnes, non affiché"]
        with pytest.raises(PermissionDenied):
            pilotage.services_asked(session, claire)


def test_the_white_zones_give_the_hand_computed_communes(demo):
    from dossier import pilotage

    # « S'ouvrir à l'international » is offered at Les Rivières only (demo): within 15 km of its centre
    # are Les Rivières and Boisjoli (12.2 km); Vallée-Verte (20 km), Rivière-sur-Lac (22 km), Pont-Neuf
    # (24 km) and Saint-Aubin are not. Twenty demo people live in Vallée-Verte, twenty in Rivière-sur-Lac.
    with Session(demo) as session:
        zones = {z.category: z for z in pilotage.white_zones(session, pro_actor(session, "marc.fontaine@cd-vv.demo"))}
    abroad = zones["souvrir-a-linternational"]
    assert abroad.communes == ("Pont-Neuf-sur-Vert", "Rivière-sur-Lac", "Saint-Aubin-des-Prés", "Vallée-Verte")
    assert abroad.people == 40
    assert "trouver-un-emploi" not in zones  # offered near every commune


@pytest.mark.parametrize(("limit", "expected"), [(2, [2, 1]), (3, [2, 1, 3]), (4, [2, 1, 3, 4])])
def test_the_nearest_are_found_whatever_ring_holds_them(session, limit, expected):
    load(session, [STRUCTURE], [service(1, latitude=45.009), service(2), service(3, latitude=45.027),
                                service(4, latitude=45.054)])  # 1.0, 0, 3.0 and 6.0 km north
    found = services.search(session, Near(45.0, 4.0, "Ici"), radius_km=20, limit=limit, today=TODAY)
    assert [c.id for c in found] == [f"essai--{n}" for n in expected]
