"""Defects 2 and 5 of the wave-2 list, as a person meets them in Chromium at 390×844: a 5,000-character
paste is kept and refused under the field (the browser used to drop it silently), and text typed as a
link, Markdown or an icon code shows as the words typed, never as a link."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import select

from dossier.demo import DEMO_PERSON_CODE
from dossier.labels import t
from dossier.roadmap import add_comment
from storage.engine import session_scope
from storage.models import Goal
from tests.support.browser import click_and_wait, nav, open_goal, sign_in_person
from tests.support.domain import DAVID, JOB_GOAL, me, person_by_number

HOSTILE = ("Voir http://exemple.invalid [ici](http://exemple.invalid) www.exemple.invalid :material/home: "
           "a@exemple.invalid")
HOSTILE_COMMENT = "**Urgent** <b>gras</b> https://exemple.invalid/x"


def test_typed_links_stay_text_and_a_long_paste_is_kept_and_refused(demo, server, phone):
    with session_scope(demo) as session:
        david = person_by_number(session, DAVID)
        goal = session.exec(select(Goal).where(Goal.beneficiary_id == david.id, Goal.label == JOB_GOAL)).one()
        goal.label = HOSTILE
        session.flush()
        add_comment(session, me(session, DAVID), goal_id=goal.id, body=HOSTILE_COMMENT, sensitive_ok=True)
    page = phone
    sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
    nav(page, "nav.roadmap")
    expander = open_goal(page, "Voir http")
    main = page.locator("[data-testid='stMain']")
    shown = main.inner_text().replace("\u2060", "")  # the invisible word joiners aside, the words typed
    assert HOSTILE_COMMENT in shown and HOSTILE in shown
    assert main.locator("a[href*='exemple'], a[href^='mailto']").count() == 0
    assert main.locator("b:text('gras'), strong:text('Urgent')").count() == 0

    field = expander.get_by_label(t("roadmap.action.own"), exact=True)
    pasted = ("Chercher un emploi " * 300)[:5000]
    field.fill(pasted)  # what a paste does: the whole text at once
    field.press("Tab")
    click_and_wait(page, expander.get_by_role("button", name=t("roadmap.action.submit"), exact=True))
    expect(page.get_by_text(t("error.text.too_long_200"), exact=True)).to_be_visible()
    assert len(expander.get_by_label(t("roadmap.action.own"), exact=True).input_value()) == 5000
    expect(expander.get_by_text(t("freetext.reminder", limit=200), exact=True).first).to_be_visible()
