"""« Trouver de l'aide près de chez moi » in Debian Chromium at phone size (390 x 844): the journey from
the person's home to a filtered list, a service, « Ça m'intéresse » and the new action in « Ma feuille
de route »; axe-core (WCAG 2.1 A/AA) at 0 violations on the list and on a service; 44 px targets."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect
from sqlmodel import Session

from dossier import services
from dossier.labels import t
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from storage.models import CatalogueService
from tests.support.browser import (
    DESKTOP,
    MIN_TARGET,
    PHONE,
    TARGETS_JS,
    axe_report,
    choose_in_combobox,
    click_and_wait,
    heading,
    nav,
    open_goal,
    open_menu,
    sign_in_person,
    sign_in_professional,
    wait_idle,
)
from tests.support.domain import ADMIN, YANIS

SERVICE = "Atelier CV et lettre de motivation"
THEME = "Préparer sa candidature"


def _to_services(page: Page, url: str) -> None:
    sign_in_person(page, url, YANIS, DEMO_PERSON_CODE)
    main = page.locator("[data-testid='stMain']")
    click_and_wait(page, main.get_by_role("link", name=t("services.home.open"), exact=True))
    expect(heading(page, t("services.title"))).to_be_visible()


def _filtered(page: Page) -> None:
    theme = page.get_by_role("combobox", name=t("services.filter.theme"), exact=True)
    choose_in_combobox(page, theme, "candid", THEME)
    click_and_wait(page, page.get_by_text(t("services.filter.free"), exact=True))


def _service(page: Page) -> None:
    click_and_wait(page, page.get_by_role("button", name=t("services.card.open", name=SERVICE, commune="Boisjoli")))
    expect(page.get_by_role("heading", name=SERVICE, exact=True)).to_be_visible()


def test_the_journey_from_home_to_the_action_in_the_roadmap(demo, server, phone):
    page = phone
    assert page.viewport_size == PHONE["viewport"]
    _to_services(page, server.url)
    _filtered(page)
    cards = page.get_by_role("button", name="Voir « ")
    expect(cards.first).to_be_visible()
    _service(page)
    expect(page.get_by_text(t("services.detail.contact_first"))).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name=t("services.interest")))
    expect(page.get_by_text(t("services.interest.done", name=SERVICE))).to_be_visible()
    click_and_wait(page, page.locator("[data-testid='stMain']").get_by_role(
        "link", name=t("services.open_roadmap"), exact=True))
    expect(heading(page, t("nav.roadmap"))).to_be_visible()
    goal = open_goal(page, services.theme_mappings()["preparer-sa-candidature"].goal_label)  # a new goal
    expect(goal.get_by_text(SERVICE, exact=True)).to_be_visible()


def test_axe_finds_no_violation_on_the_list_and_on_a_service(demo, server, phone):
    page = phone
    _to_services(page, server.url)
    _filtered(page)
    wait_idle(page)
    assert page.evaluate("document.documentElement.lang") == "fr"
    report = axe_report(page)
    assert report == [], "list: axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(report)
    _service(page)
    report = axe_report(page)
    assert report == [], "service: axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(report)


def test_the_list_touch_targets_are_at_least_44_px_and_nothing_scrolls_sideways(demo, server, phone):
    page = phone
    _to_services(page, server.url)
    _filtered(page)
    open_menu(page)
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    small = [f"{x['selector']} «{x['name']}» {x['width']:.1f}x{x['height']:.1f}" for x in targets
             if x["small"] and not x["inline"]]
    assert small == [], f"{len(small)} targets under {MIN_TARGET} px:\n  " + "\n  ".join(small)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_administration_uploads_a_catalogue_and_reads_every_invalid_record(demo, server, browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    try:
        sign_in_professional(page, server.url, ADMIN, DEMO_PASSWORD)
        nav(page, "nav.admin")
        click_and_wait(page, page.get_by_role("tab", name=t("admin.tab.services")))
        panel = page.get_by_role("tabpanel")
        record = {"source": "essai", "structure_id": "vallee-verte--cd-vv", "id": "essai--1", "nom": "AB",
                  "description": "Un service.", "date_maj": "2026-11-01", "frais": "cher"}
        bad = json.dumps([record]).encode()
        panel.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": "services.json", "mimeType": "application/json", "buffer": bad}])
        wait_idle(page)
        click_and_wait(page, panel.get_by_role("button", name=t("admin.services.submit")))
        expect(page.get_by_text(t("services.import.rejected", count=2))).to_be_visible()
        problems = page.locator("[data-testid='stMain'] li")
        assert [p.split(" — ")[1] for p in problems.all_inner_texts()] == [
            "nom : trop court (au moins 3 caractères)", "frais : valeur absente des listes data·inclusion"]
        with Session(demo) as session:
            assert session.get(CatalogueService, "essai--1") is None
        record.update(nom="Atelier d'essai", frais="gratuit")
        click_and_wait(page, panel.get_by_role("button", name="Remove services.json"))  # Streamlit's own words
        panel.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": "services.json", "mimeType": "application/json", "buffer": json.dumps([record]).encode()}])
        wait_idle(page)
        click_and_wait(page, panel.get_by_role("button", name=t("admin.services.submit")))
        expect(page.get_by_text("1 service(s) créé(s)", exact=False)).to_be_visible()
        with Session(demo) as session:
            assert session.get(CatalogueService, "essai--1").name == "Atelier d'essai"
    finally:
        context.close()
