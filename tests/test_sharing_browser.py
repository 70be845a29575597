"""Real-browser tests of sharing at phone size (390 x 844), in Debian Chromium.

The journey ("done when"): Julie Roux (France Travail) opens David's feuille de route, which he shares
with her structure; David, on his phone, withdraws « Ma feuille de route » from France Travail on
« Mes partages »; Julie's next look is refused and shows none of his goals; David's « Qui a consulté »
lists both of Julie's looks, the refusal above the allowed read. Then axe-core (WCAG 2.1 A/AA, the
options of tests/test_browser.py) on every new page, the page language, the 44 px touch targets of
« Mes partages », and the JSON file the browser really downloads.

One server and one browser for the module; every test seeds the shared database with `demo` (the
server reads it live) and opens its own browser contexts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from dossier.errors import PermissionDenied
from dossier.labels import t
from dossier.people import open_exceptional
from dossier.roadmap import load_diagnostic, load_roadmap
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import Action, Goal
from tests.support.browser import (
    MIN_TARGET,
    PHONE,
    TARGETS_JS,
    axe_report,
    card_of,
    choose_in_combobox,
    click_and_wait,
    goal_expander,
    heading,
    nav,
    new_phone,
    open_goal,
    open_menu,
    sign_in_person,
    sign_in_professional,
    switch,
    tap_switch,
    wait_idle,
)
from tests.support.domain import (
    EXCEPTIONAL_REASON,
    FRANCE_TRAVAIL,
    JOB_GOAL,
    JULIE,
    THEO,
    expected_consultation_cards,
    organisation_name,
    person_id,
    pro_actor_from_engine,
)

PERSON = {"number": "D2026-0001", "listed": "LAURENT David — D2026-0001"}


# --- helpers ------------------------------------------------------------------------------------


def roadmap_labels(engine, number: str = PERSON["number"]) -> list[str]:
    """Every goal and action label of the person's roadmap: what must not show once sharing stops."""
    with Session(engine) as session:
        pid = person_id(engine, number)
        goals = session.exec(select(Goal.label).where(Goal.beneficiary_id == pid)).all()
        actions = session.exec(select(Action.label).where(Action.beneficiary_id == pid)).all()
    return sorted({*goals, *actions})


def pick_david(page: Page, listed: str) -> None:
    combobox = page.get_by_role("combobox", name=t("dossier.choose"), exact=True)
    choose_in_combobox(page, combobox, PERSON["number"], listed)


def main_paragraphs(page: Page) -> list[str]:
    return [" ".join(text.split()) for text in
            page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").all_inner_texts()]


def consultation_cards(page: Page) -> list[tuple[str, str, str, str]]:
    """(line, parts, purpose, verdict) of each card of « Qui a consulté », top to bottom."""
    texts = main_paragraphs(page)
    verdicts = {t("consulted.allowed"), t("consulted.denied")}
    return [tuple(texts[i:i + 4]) for i in range(len(texts) - 3) if texts[i + 3] in verdicts]


def hidden_parts_box(page: Page) -> Locator:
    return page.locator("[data-testid='stAlert']").filter(has_text=t("hidden.title"))


# --- 1. the journey -----------------------------------------------------------------------------


def test_withdrawing_the_roadmap_hides_it_from_julie_and_both_looks_show_on_qui_a_consulte(demo, server, browser):
    ft_name = organisation_name(demo, FRANCE_TRAVAIL)
    labels = roadmap_labels(demo)
    assert JOB_GOAL in labels
    david, julie = new_phone(browser), new_phone(browser)
    try:
        # Julie, at France Travail: David is in « Personne suivie », shared; she reads his roadmap.
        sign_in_professional(julie, server.url, JULIE, DEMO_PASSWORD)
        nav(julie, "nav.roadmap.pro")
        expect(heading(julie, t("roadmap.title.pro"))).to_be_visible()
        pick_david(julie, PERSON["listed"] + t("dossier.shared"))
        goal = open_goal(julie, JOB_GOAL)
        expect(goal).to_be_visible()
        expect(hidden_parts_box(julie)).to_be_visible()
        expect(julie.get_by_role("button", name=t("roadmap.edit"), exact=True)).to_have_count(0)

        # David, on his phone: « Mes partages », France Travail, « Ma feuille de route » off.
        sign_in_person(david, server.url, PERSON["number"], DEMO_PERSON_CODE)
        nav(david, "nav.sharing")
        expect(heading(david, t("sharing.title"))).to_be_visible()
        card = card_of(david, ft_name)
        expect(card).to_have_count(1)
        expect(switch(card, "feuille_de_route")).to_be_checked()
        expect(switch(card, "identite_contact")).to_be_checked()
        tap_switch(david, card, "feuille_de_route")
        expect(david.get_by_text(t("sharing.withdrawn", name=ft_name, category=t("category.feuille_de_route")),
                                 exact=True)).to_be_visible()
        card = card_of(david, ft_name)
        expect(switch(card, "feuille_de_route")).not_to_be_checked()
        expect(switch(card, "identite_contact")).to_be_checked()

        # Julie looks again. « Qui je suis » is still shared, so David stays in her list, chosen;
        # the roadmap is refused and none of his goals or actions shows.
        nav(julie, "nav.roadmap.pro")
        expect(heading(julie, t("roadmap.title.pro"))).to_be_visible()
        chooser = julie.get_by_role("combobox", name=t("dossier.choose"), exact=True)
        expect(chooser).to_have_value(PERSON["listed"] + t("dossier.shared"))
        expect(julie.get_by_text(t("denied.dossier"), exact=True)).to_be_visible()
        expect(goal_expander(julie, JOB_GOAL)).to_have_count(0)
        main = julie.locator("[data-testid='stMain']")
        for label in labels:
            expect(main.get_by_text(label)).to_have_count(0)
        expect(hidden_parts_box(julie)).to_contain_text(t("category.pro.feuille_de_route"))

        # David: « Qui a consulté » lists both of Julie's looks, newest first: refused, then allowed.
        nav(david, "nav.consulted")
        expect(heading(david, t("consulted.title"))).to_be_visible()
        expect(david.get_by_text(t("consulted.denied"), exact=True).first).to_be_visible()
        cards = consultation_cards(david)
        assert cards == expected_consultation_cards(demo, PERSON["number"])
        verdicts = [verdict for line, parts, _, verdict in cards
                    if ft_name in line and t("category.feuille_de_route") in parts]
        assert verdicts and verdicts[0] == t("consulted.denied"), verdicts
        assert t("consulted.allowed") in verdicts, verdicts
        first_allowed = verdicts.index(t("consulted.allowed"))
        assert set(verdicts[:first_allowed]) == {t("consulted.denied")}, verdicts  # every refusal after the reads
        assert set(verdicts[first_allowed:]) == {t("consulted.allowed")}, verdicts
        expect(david.locator("[data-testid='stAlert']").filter(has_text=t("consulted.exceptional", reason=""))
               ).to_have_count(0)
    finally:
        david.context.close()
        julie.context.close()


def test_the_json_download_is_the_persons_whole_file(demo, server, phone, tmp_path: Path):
    page = phone
    sign_in_person(page, server.url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.export")
    click_and_wait(page, page.get_by_role("button", name=t("export.prepare"), exact=True))
    with page.expect_download() as download:
        page.get_by_role("button", name=t("export.json"), exact=True).click()
    assert download.value.suggested_filename == "mon-dossier.json"
    target = tmp_path / "mon-dossier.json"
    download.value.save_as(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [row["dossier_number"] for row in data["tables"]["beneficiary"]] == [PERSON["number"]]
    assert JOB_GOAL in {goal["label"] for goal in data["tables"]["goal"]}
    with page.expect_download() as pdf:
        page.get_by_role("button", name=t("export.pdf"), exact=True).click()
    assert pdf.value.suggested_filename == "mon-dossier.pdf"
    pdf.value.save_as(tmp_path / "mon-dossier.pdf")
    assert (tmp_path / "mon-dossier.pdf").read_bytes().startswith(b"%PDF-")


# --- 2. axe-core at 390 x 844 -------------------------------------------------------------------


def _sharing(page: Page, url: str, engine) -> None:
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.sharing")
    expect(heading(page, t("sharing.title"))).to_be_visible()
    expect(page.get_by_role("switch")).to_have_count(6)  # the référent's health + five for France Travail
    history = page.locator("[data-testid='stExpander']").filter(
        has=page.locator("summary", has_text=t("sharing.history")))
    click_and_wait(page, history.locator("summary"))
    expect(history.locator("details")).to_have_attribute("open", "")
    expect(history.locator("[data-testid='stExpanderDetails'] [data-testid='stMarkdownContainer']")).to_have_count(2)


def _seed_consultations(engine) -> None:
    """Julie reads David's roadmap (by consent), opens an exceptional access and reads his situation
    under it; Théo (mission locale) is refused."""
    julie, theo = pro_actor_from_engine(engine, JULIE), pro_actor_from_engine(engine, THEO)
    david = person_id(engine, PERSON["number"])
    with session_scope(engine) as session:
        load_roadmap(session, julie, david)
        open_exceptional(session, julie, PERSON["number"], EXCEPTIONAL_REASON)
    with session_scope(engine) as session:
        load_diagnostic(session, julie, david)
    with pytest.raises(PermissionDenied), session_scope(engine) as session:
        load_roadmap(session, theo, david)  # refused, and logged all the same


def _consultations(page: Page, url: str, engine) -> None:
    _seed_consultations(engine)
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.consulted")
    expect(heading(page, t("consulted.title"))).to_be_visible()
    expect(page.get_by_text(t("consulted.exceptional", reason=EXCEPTIONAL_REASON), exact=True)).to_be_visible()
    verdicts = [card[3] for card in consultation_cards(page)]
    assert len(verdicts) == 3 and set(verdicts) == {t("consulted.allowed"), t("consulted.denied")}, verdicts


def _my_data(page: Page, url: str, engine) -> None:
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.export")
    expect(heading(page, t("export.title"))).to_be_visible()
    expect(page.get_by_role("button", name=t("export.prepare"), exact=True)).to_be_visible()


def _my_data_ready(page: Page, url: str, engine) -> None:
    _my_data(page, url, engine)
    click_and_wait(page, page.get_by_role("button", name=t("export.prepare"), exact=True))
    expect(page.get_by_role("button", name=t("export.pdf"), exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=t("export.json"), exact=True)).to_be_visible()


def _exceptional_errors(page: Page, url: str, engine) -> None:
    sign_in_professional(page, url, JULIE, DEMO_PASSWORD)
    nav(page, "nav.exceptional")
    expect(heading(page, t("exceptional.title"))).to_be_visible()
    click_and_wait(page, page.get_by_role("button", name=t("exceptional.submit"), exact=True))
    expect(page.get_by_text(t("error.summary", count=2), exact=True)).to_be_visible()
    expect(page.get_by_text(t("error.exceptional.number"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("error.exceptional.reason"), exact=True)).to_be_visible()


def _julie_read_only_roadmap(page: Page, url: str, engine) -> None:
    sign_in_professional(page, url, JULIE, DEMO_PASSWORD)
    nav(page, "nav.roadmap.pro")
    pick_david(page, PERSON["listed"] + t("dossier.shared"))
    open_goal(page, JOB_GOAL)
    expect(hidden_parts_box(page)).to_be_visible()
    expect(page.get_by_role("button", name=t("roadmap.edit"), exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=t("roadmap.action.submit"), exact=True)).to_have_count(0)


AXE_SCENARIOS: dict[str, Callable[[Page, str, object], None]] = {
    "sharing-history-open": _sharing,
    "consultations-with-exceptional": _consultations,
    "my-data": _my_data,
    "my-data-ready": _my_data_ready,
    "exceptional-field-errors": _exceptional_errors,
    "julie-read-only-roadmap-hidden-parts": _julie_read_only_roadmap,
}


@pytest.mark.parametrize("scenario", list(AXE_SCENARIOS))
def test_axe_finds_no_wcag_violation(scenario, demo, server, phone):
    page = phone
    AXE_SCENARIOS[scenario](page, server.url, demo)
    wait_idle(page)
    assert page.viewport_size == PHONE["viewport"]
    assert page.evaluate("document.documentElement.lang") == "fr"
    report = axe_report(page)
    assert report == [], f"{scenario}: axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(report)


# --- 3. touch targets of « Mes partages » -------------------------------------------------------


def sharing_targets(page: Page, url: str, engine) -> list[dict]:
    _sharing(page, url, engine)
    open_menu(page)  # the header's links are measured too
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    assert {"a", "button", "input", "summary", "label"} <= {x["tag"] for x in targets}, targets
    return targets


def describe(targets: list[dict]) -> list[str]:
    return [f"{x['selector']} «{x['name']}» {x['width']:.1f}x{x['height']:.1f}" for x in targets if x["small"]]


def is_switch(target: dict) -> bool:
    return "stCheckbox" in target["selector"]


def test_sharing_page_targets_other_than_the_switches_are_at_least_44_px(demo, server, phone):
    targets = sharing_targets(phone, server.url, demo)
    small = describe([x for x in targets if not is_switch(x)])
    assert small == [], f"targets under {MIN_TARGET} px: {small}"


def test_sharing_switches_are_at_least_44_px(demo, server, phone):
    targets = sharing_targets(phone, server.url, demo)
    switches = [x for x in targets if is_switch(x)]
    assert len(switches) == 6, switches
    assert describe(switches) == [], f"switches under {MIN_TARGET} px"
