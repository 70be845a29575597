"""« Trouver de l'aide près de chez moi » through AppTest: from the person's home, the list nearest first
with its filters, a service in plain words with what its structure would see, « Ça m'intéresse », the
référent's proposal and the person's answer, and the administration's import with every error listed."""

from __future__ import annotations

from sqlmodel import Session, select

from dossier import clock, services
from storage.models import Action, CatalogueService, ServiceRequest
from tests.support.apptest import (
    as_person,
    assert_ok,
    choose,
    click,
    k,
    page_links,
    person_on,
    pro_on,
    request_page,
    screen,
)
from tests.support.domain import CLAIRE, DAVID, YANIS, me, person_id

URL = "aide-pres-de-chez-moi"


def cards(at) -> list[str]:
    return [b.label.removeprefix("Voir « ").rsplit(" » (", 1)[0] for b in at.button if b.label.startswith("Voir « ")]


def test_the_person_finds_it_from_home_and_sees_help_nearest_first(demo):
    at = as_person(demo, DAVID)
    assert page_links(at)["Trouver de l'aide près de chez moi"] == URL
    at = request_page(at, URL)
    assert_ok(at)
    assert at.selectbox(key=k(at, "services_near")).value == "9Z100"  # David lives in Boisjoli (demo)
    assert "du plus proche au plus loin" in screen(at)
    with Session(demo) as session:
        past = session.exec(select(CatalogueService.name).where(CatalogueService.event_date < clock.today())).one()
    at = at.selectbox(key=k(at, "services_theme")).select("choisir-un-metier").run()
    assert_ok(at)
    assert past not in cards(at) and "Forum de l'emploi de Boisjoli" in cards(at)
    at = at.toggle(key=k(at, "services_free")).set_value(True).run()
    assert "Épicerie solidaire" not in cards(at)


def test_a_service_in_plain_words_then_interest_puts_it_in_the_roadmap(demo):
    at = person_on(demo, URL, YANIS)
    at = at.selectbox(key=k(at, "services_theme")).select("preparer-sa-candidature").run()
    at = click(at, "Voir « Atelier CV et lettre de motivation » (Boisjoli)")
    assert_ok(at)
    text = screen(at)
    for words in ("Ce que c'est", "Pour qui", "Comment y aller", "Sur rendez-vous : appelez ou écrivez d'abord.",
                  "Téléphone : 03 99 00 00 10", "Horaires : lundi-vendredi", "C'est gratuit."):
        assert words in text
    assert "« France Travail Vallée-Verte » ne voit pas votre dossier" in text  # Yanis shares nothing (demo)
    assert page_links(at)["Mes partages"] == "partages"
    at = click(at, "Ça m'intéresse")
    assert_ok(at)
    assert "est dans votre feuille de route" in screen(at)
    with Session(demo) as session:
        [request] = session.exec(select(ServiceRequest).where(ServiceRequest.beneficiary_id == person_id(demo, YANIS))
                                 ).all()
        assert session.get(Action, request.action_id).label == "Atelier CV et lettre de motivation"
    assert "Ce service est déjà dans votre feuille de route." in screen(at)


def test_the_referent_proposes_and_the_person_accepts(demo):
    at = pro_on(demo, CLAIRE, URL)
    at = choose(at, person_id(demo, DAVID))
    at.text_input(key=k(at, "services_words")).input("auto-école").run()
    at = at.selectbox(key=k(at, "services_propose")).select("vallee-verte--permis-9z400").run()
    at = click(at, "Proposer ce service")
    assert_ok(at)
    assert "Proposition envoyée" in screen(at)
    assert "proposé par Claire Morel" in screen(at)
    person = person_on(demo, URL, DAVID)
    assert "Proposé par votre référent" in screen(person)
    person = click(person, "J'accepte « Auto-école sociale »")
    assert_ok(person)
    assert "« Auto-école sociale » est dans votre feuille de route" in screen(person)
    with Session(demo) as session:
        assert session.exec(select(Action).where(Action.label == "Auto-école sociale")).one()


def test_the_referent_must_choose_a_service(demo):
    at = pro_on(demo, CLAIRE, URL)
    at = choose(at, person_id(demo, DAVID))
    at = click(at, "Proposer ce service")
    assert "Choisissez un service dans la liste." in screen(at)



def test_the_pilotage_page_shows_the_offer_of_services_masked(demo):
    at = pro_on(demo, "marc.fontaine@cd-vv.demo", "indicateurs")
    text = screen(at)
    assert "Services les plus demandés" in text and "Aucun service demandé pour l'instant." in text
    assert "Zones blanches : thèmes sans service à moins de 15 km" in text
    assert "Pont-Neuf-sur-Vert, Rivière-sur-Lac, Saint-Aubin-des-Prés, Vallée-Verte" in text


def test_the_referent_sees_the_interest_in_the_file_active(demo):
    with Session(demo) as session:
        service_id = session.exec(select(CatalogueService.id).where(CatalogueService.name == "Auto-école sociale")
                                  .order_by(CatalogueService.id)).first()
        services.express_interest(session, me(session, DAVID), service_id)
        session.commit()
    at = pro_on(demo, CLAIRE, "file-active")
    assert "Intérêt pour un service (1)." in screen(at)
