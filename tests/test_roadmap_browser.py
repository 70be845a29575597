"""Real-browser tests of « Ma feuille de route » at phone size (390 x 844), in Debian Chromium.

The journey: the person adds an action from the reference list and marks it done on her phone; her
référent sees it, reads the history, validates, and the person validates in her presence with her
personal code; both screens then show the validated banner. Then axe-core (WCAG 2.1 A/AA) on the
roadmap, situation and history pages, and 44 px touch targets without horizontal scrolling on the
roadmap with a goal and an edit panel open.

One server and one browser for the module; every test seeds the shared database with `demo` (the
server reads it live) and opens its own browser contexts.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from dossier import clock, formatting
from dossier.labels import t
from dossier.roadmap import action_choices
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from storage.engine import session_scope
from tests.support.browser import (
    MIN_TARGET,
    PHONE,
    TARGETS_JS,
    axe_report,
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
    wait_idle,
    xpath_literal,
)
from tests.support.domain import JOB_GOAL, REFERENT

PERSON = {"number": "D2026-0001", "name": "David Laurent", "listed": "LAURENT David — D2026-0001"}
JOB_THEME = "trouver_un_emploi"
NEW_ACTION = "Bilan de compétences"  # an action of the reference list ("Formation"), not yet on the roadmap
NEW_ACTION_SEARCH = "Bilan"
EDITED_ACTION = "Atelier CV"  # seeded on the job goal: its edit panel is opened for the checks
VIEWPORT_WIDTH = PHONE["viewport"]["width"]


# --- fixtures -----------------------------------------------------------------------------------


# --- helpers ------------------------------------------------------------------------------------


def action_card(scope: Page | Locator, label: str) -> Locator:
    """The bordered card of one action: the innermost block whose own first line is the label in bold."""
    return scope.locator(
        "xpath=.//div[@data-testid='stVerticalBlock']"
        f"[./div[@data-testid='stElementContainer']//p/strong[normalize-space()={xpath_literal(label)}]]")


def status_line(card: Locator) -> Locator:
    return card.locator("[data-testid='stCaptionContainer']").first


def pick_person(page: Page) -> None:
    """The référent picks D2026-0001 in « Personne suivie »."""
    combobox = page.get_by_role("combobox", name=t("dossier.choose"), exact=True)
    choose_in_combobox(page, combobox, PERSON["number"], PERSON["listed"])


def ensure_person_picked(page: Page) -> None:
    """Pick the person if the list shows no one yet."""
    if not page.get_by_role("combobox", name=t("dossier.choose"), exact=True).input_value():
        pick_person(page)


def history_entry(page: Page, what: str) -> Locator:
    """The bordered card of the history line whose sentence contains `what`."""
    return page.locator("[data-testid='stVerticalBlock']").filter(has_text=what).filter(
        has_not=page.locator("[data-testid='stVerticalBlock']")).first


def listed_action(engine, label: str) -> str:
    """How the reference list shows an action of another thématique than the goal's: "label (Thématique)"."""
    with session_scope(engine) as session:
        return next(c.label for c in action_choices(session, JOB_THEME) if c.label.startswith(f"{label} ("))


def today_french() -> str:
    return formatting.date(clock.today())


# --- 1. the journey -----------------------------------------------------------------------------


def test_person_adds_and_completes_an_action_then_both_validate_together(demo, server, browser):
    person, referent = new_phone(browser), new_phone(browser)
    try:
        # The person, on her phone: add an action from the list, then "C'est fait".
        sign_in_person(person, server.url, PERSON["number"], DEMO_PERSON_CODE)
        nav(person, "nav.roadmap")
        expect(heading(person, t("roadmap.title"))).to_be_visible()
        goal = open_goal(person, JOB_GOAL)
        expect(action_card(goal, NEW_ACTION)).to_have_count(0)
        choose_in_combobox(person, goal.get_by_role("combobox", name=t("roadmap.action.ref"), exact=True),
                           NEW_ACTION_SEARCH, listed_action(demo, NEW_ACTION))
        click_and_wait(person, goal.get_by_role("button", name=t("roadmap.action.submit"), exact=True))
        expect(person.get_by_text(t("roadmap.action.added"), exact=True)).to_be_visible()
        goal = open_goal(person, JOB_GOAL)
        card = action_card(goal, NEW_ACTION)
        expect(card).to_have_count(1)
        expect(card).to_be_visible()
        expect(status_line(card)).to_have_text(f"{t('status.en_projet')} · "
                                               f"{t('roadmap.action.carrier', who=t('carrier.you'))}")
        click_and_wait(person, card.get_by_role("button", name=t("quick.realisee"), exact=True))
        goal = open_goal(person, JOB_GOAL)
        card = action_card(goal, NEW_ACTION)
        expect(status_line(card)).to_have_text(f"{t('status.realisee')} · "
                                               f"{t('roadmap.action.carrier', who=t('carrier.you'))}")
        expect(card.get_by_role("button", name=t("quick.reopen"), exact=True)).to_be_visible()

        # The référent, on her own device: the new action, done.
        sign_in_professional(referent, server.url, REFERENT, DEMO_PASSWORD)
        nav(referent, "nav.roadmap.pro")
        expect(heading(referent, t("roadmap.title.pro"))).to_be_visible()
        pick_person(referent)
        goal = open_goal(referent, JOB_GOAL)
        card = action_card(goal, NEW_ACTION)
        expect(status_line(card)).to_have_text(f"{t('status.realisee')} · "
                                               f"{t('roadmap.action.carrier', who=t('carrier.personne'))}")

        # The history names the person's change.
        nav(referent, "nav.history.pro")
        expect(heading(referent, t("history.title.pro"))).to_be_visible()
        ensure_person_picked(referent)
        entry = history_entry(referent, t("history.action.updated", subject=NEW_ACTION))
        expect(entry).to_be_visible()
        expect(entry).to_contain_text(t("history.who.person", name=PERSON["name"]))
        expect(entry).to_contain_text(t("history.detail", field=t("history.field.status"),
                                        before=t("status.en_projet"), after=t("status.realisee")))

        # Back to the roadmap: the référent validates, then the person types her code on this screen.
        nav(referent, "nav.roadmap.pro")
        ensure_person_picked(referent)
        expect(referent.get_by_text(t("validation.state.modifiee", date=today_french()), exact=True)).to_be_visible()
        click_and_wait(referent, referent.get_by_role("button", name=t("validation.confirm.referent"), exact=True))
        expect(referent.get_by_text(t("validation.missing", who=t("validation.who.personne.pro")))).to_be_visible()
        expect(referent.get_by_role("button", name=t("validation.confirm.referent"))).to_have_count(0)
        referent.get_by_label(t("validation.presence.code"), exact=True).fill(DEMO_PERSON_CODE)
        click_and_wait(referent, referent.get_by_role("button", name=t("validation.confirm.presence"), exact=True))
        banner = t("validation.state.validee", date=today_french())
        expect(referent.get_by_text(banner, exact=True)).to_be_visible()
        expect(referent.get_by_role("button", name=t("validation.confirm.presence"))).to_have_count(0)
        expect(referent.get_by_label(t("validation.presence.code"), exact=True)).to_have_count(0)

        # The person's phone: her page, run again, shows the validation...
        nav(person, "nav.roadmap")
        expect(person.get_by_text(banner, exact=True)).to_be_visible()
        expect(person.get_by_role("button", name=t("validation.confirm.person"))).to_have_count(0)
        # ...and so does a reload of the browser tab: a new Streamlit session, still signed in (issue 15),
        # on the same page, read afresh from the store.
        person.reload(wait_until="domcontentloaded")
        wait_idle(person)
        expect(heading(person, t("roadmap.title"))).to_be_visible()
        expect(person.get_by_text(banner, exact=True)).to_be_visible()
    finally:
        person.context.close()
        referent.context.close()


# --- 1b. what the journey had to work around ----------------------------------------------------


def test_goal_stays_open_after_adding_an_action_and_marking_it_done(demo, server, phone):
    page = phone
    sign_in_person(page, server.url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.roadmap")
    goal = open_goal(page, JOB_GOAL)
    choose_in_combobox(page, goal.get_by_role("combobox", name=t("roadmap.action.ref"), exact=True),
                       NEW_ACTION_SEARCH, listed_action(demo, NEW_ACTION))
    click_and_wait(page, goal.get_by_role("button", name=t("roadmap.action.submit"), exact=True))
    problems = []
    if goal_expander(page, JOB_GOAL).locator("details").get_attribute("open") is None:
        problems.append("collapsed after « Ajouter cette action »")
    goal = open_goal(page, JOB_GOAL)
    click_and_wait(page, action_card(goal, NEW_ACTION).get_by_role("button", name=t("quick.realisee"), exact=True))
    if goal_expander(page, JOB_GOAL).locator("details").get_attribute("open") is None:
        problems.append("collapsed after « C'est fait »")
    assert problems == [], f"« {JOB_GOAL} » " + " and ".join(problems) + ": the person loses sight of her action"


def test_referent_keeps_the_chosen_person_from_page_to_page(demo, server, phone):
    page = phone
    sign_in_professional(page, server.url, REFERENT, DEMO_PASSWORD)
    nav(page, "nav.roadmap.pro")
    pick_person(page)
    kept = {}
    pages = (("nav.history.pro", "history.title.pro"), ("nav.situation.pro", "diagnostic.title.pro"),
             ("nav.roadmap.pro", "roadmap.title.pro"))
    for label_key, title_key in pages:
        nav(page, label_key)
        expect(heading(page, t(title_key))).to_be_visible()
        kept[t(label_key)] = page.get_by_role("combobox", name=t("dossier.choose"), exact=True).input_value()
    assert kept == dict.fromkeys(kept, PERSON["listed"])


# --- 2. axe-core at 390 x 844 -------------------------------------------------------------------


def open_edit_panel(page: Page) -> None:
    """The person's roadmap with the job goal open and the « Atelier CV » action's edit panel open."""
    goal = open_goal(page, JOB_GOAL)
    click_and_wait(page, action_card(goal, EDITED_ACTION).get_by_role("button", name=t("roadmap.edit"), exact=True))
    goal = open_goal(page, JOB_GOAL)
    expect(goal.get_by_role("heading", name=t("roadmap.edit.action"), exact=True)).to_be_visible()
    expect(goal.get_by_label(t("roadmap.field.label"), exact=True)).to_have_value(EDITED_ACTION)


def _person_roadmap_editing(page: Page, url: str) -> None:
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.roadmap")
    expect(heading(page, t("roadmap.title"))).to_be_visible()
    open_edit_panel(page)


def _person_situation(page: Page, url: str) -> None:
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.situation")
    expect(heading(page, t("diagnostic.title"))).to_be_visible()
    expect(page.get_by_role("button", name=t("diagnostic.remove"))).not_to_have_count(0)


def _person_history(page: Page, url: str) -> None:
    sign_in_person(page, url, PERSON["number"], DEMO_PERSON_CODE)
    nav(page, "nav.history")
    expect(heading(page, t("history.title"))).to_be_visible()
    expect(history_entry(page, t("history.validation.validated.you"))).to_contain_text(t("history.who.you"))


def _referent_roadmap(page: Page, url: str) -> None:
    sign_in_professional(page, url, REFERENT, DEMO_PASSWORD)
    nav(page, "nav.roadmap.pro")
    expect(heading(page, t("roadmap.title.pro"))).to_be_visible()
    pick_person(page)
    open_goal(page, JOB_GOAL)
    expect(page.get_by_label(t("validation.presence.code"), exact=True)).to_be_visible()


AXE_SCENARIOS = {
    "person-roadmap-goal-and-edit-open": _person_roadmap_editing,
    "person-situation": _person_situation,
    "person-history": _person_history,
    "referent-roadmap-person-picked": _referent_roadmap,
}


@pytest.mark.parametrize("scenario", list(AXE_SCENARIOS))
def test_axe_finds_no_wcag_violation(scenario, demo, server, phone):
    page = phone
    AXE_SCENARIOS[scenario](page, server.url)
    wait_idle(page)
    assert page.viewport_size == PHONE["viewport"]
    assert page.evaluate("document.documentElement.lang") == "fr"
    report = axe_report(page)
    assert report == [], f"{scenario}: axe-core (WCAG 2.1 A/AA) violations:\n" + "\n".join(report)


# --- 3. touch targets and horizontal scrolling --------------------------------------------------

OVERFLOW_JS = """
(width) => {
  const scroller = document.scrollingElement;
  const main = document.querySelector('[data-testid="stMain"]');
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > width + 0.5 &&
        ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) {
      const id = el.getAttribute('data-testid') || el.className;
      wide.push(`${el.tagName.toLowerCase()}[${id}] right=${box.right.toFixed(1)}`);
    }
  }
  return {document: scroller.scrollWidth, main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0,
          wide: wide.slice(0, 20)};
}
"""


def roadmap_targets(page: Page) -> list[dict]:
    open_menu(page)  # the header's links are measured too
    targets = page.evaluate(TARGETS_JS, MIN_TARGET)
    kinds = {x["tag"] for x in targets}
    assert {"button", "a", "input", "textarea", "summary", "label"} <= kinds, kinds  # the edit panel is measured
    return targets


def test_roadmap_touch_targets_are_at_least_44_px(demo, server, phone):
    """Every visible target of the person's roadmap, a goal and an action's edit panel open: buttons,
    links, text fields, radio labels, selectbox comboboxes (and their arrow button), expander summaries."""
    page = phone
    _person_roadmap_editing(page, server.url)
    wait_idle(page)
    targets = roadmap_targets(page)
    small = [f"{x['selector']} «{x['name']}» {x['width']:.1f}x{x['height']:.1f}" for x in targets if x["small"]]
    assert small == [], f"{len(small)} of {len(targets)} targets under {MIN_TARGET} x {MIN_TARGET} px:\n  " + \
        "\n  ".join(small)


def test_roadmap_does_not_scroll_sideways_at_390_px(demo, server, phone):
    page = phone
    _person_roadmap_editing(page, server.url)
    wait_idle(page)
    roadmap_targets(page)
    overflow = page.evaluate(OVERFLOW_JS, VIEWPORT_WIDTH)
    assert overflow["document"] <= VIEWPORT_WIDTH, overflow
    assert overflow["main"] <= overflow["mainClient"], overflow
    assert overflow["wide"] == [], overflow
