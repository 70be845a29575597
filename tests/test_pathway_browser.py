"""The end of the accompaniment and the follow-up in employment in real Chromium: David left for a lasting
job 40 days ago. On his phone (390 x 844) he reads it on his home page, answers « Tout va bien », finds
it again after a reload and in « Ce qui a changé ». At a desk (1280 x 800) his référente finds him in
« Ma file active » under « Suivi dans l'emploi », opens the orientation page from the alert and records
the contact note (the refusal next to its field first), with the exit form on the same page. Every
screen passes axe, 44 px targets and no sideways scrolling."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import expect
from sqlmodel import Session, select

from dossier import clock
from dossier.labels import t
from dossier.pathway import record_exit
from dossier.tools import DEMO_PASSWORD, DEMO_PERSON_CODE
from storage.models import EmploymentCheckIn
from tests.support.browser import (
    DESKTOP,
    button,
    checked,
    click_and_wait,
    follow_menu,
    heading,
    sign_in_person,
    sign_in_professional,
    wait_idle,
)
from tests.support.domain import CLAIRE, DAVID, person_by_number, pro_actor


def _left_for_work(demo) -> None:
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        day = clock.today() - dt.timedelta(days=40)
        david.rsa_entry_date = min(david.rsa_entry_date, day)
        session.add(david)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "emploi_durable", day, "cdi", "temps_plein",
                    "Poste de préparateur de commandes")
        session.commit()


def _check_ins(demo) -> list[tuple[str, int | None]]:
    with Session(demo) as session:
        return [(r.kind, r.milestone) for r in session.exec(select(EmploymentCheckIn)).all()]


def test_the_person_answers_on_their_phone_and_finds_it_after_a_reload(demo, server, phone):
    _left_for_work(demo)
    page = phone
    sign_in_person(page, server.url, DAVID, DEMO_PERSON_CODE)
    expect(page.get_by_role("heading", name=t("home.person.follow_up.title"))).to_be_visible()
    expect(page.get_by_role("heading", name=t("home.person.exit"))).to_be_visible()
    problems = checked(page, "accueil (suivi dans l'emploi)")
    click_and_wait(page, button(page, t("home.person.follow_up.all_good")))
    expect(page.get_by_text(t("home.person.follow_up.all_good.saved"))).to_be_visible()
    assert _check_ins(demo) == [("tout_va_bien", 1)]
    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name=t("home.person.follow_up.title"))).to_be_visible()  # still signed in
    expect(page.get_by_text(t("home.person.follow_up.due"))).to_have_count(0)  # the check-in is answered
    follow_menu(page, t("nav.history"))
    expect(heading(page, t("history.title"))).to_be_visible()
    expect(page.get_by_text(t("history.check_in.tout_va_bien.you"))).to_be_visible()
    problems += checked(page, "ce qui a changé")
    assert problems == [], "\n".join(problems)


def test_the_referent_records_the_check_in_at_a_desk(demo, server, browser):
    _left_for_work(demo)
    context = browser.new_context(**DESKTOP)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in_professional(page, server.url, CLAIRE, DEMO_PASSWORD)
        follow_menu(page, t("nav.caseload"))
        expect(page.get_by_role("heading", name=t("caseload.follow_up", count=2))).to_be_visible()
        expect(page.get_by_text(t("caseload.alert.point_emploi", count=1), exact=True)).to_be_visible()
        problems = checked(page, "file active")
        click_and_wait(page, button(page, t("caseload.go.orientation")))
        expect(heading(page, t("orientation.title"))).to_be_visible()
        expect(page.get_by_role("heading", name=t("follow_up.title"))).to_be_visible()
        expect(page.get_by_role("heading", name=t("exit.title"))).to_be_visible()
        problems += checked(page, "orientation (suivi dans l'emploi)")
        click_and_wait(page, button(page, t("follow_up.save")))
        expect(page.get_by_text(t("error.follow_up.still_employed"))).to_be_visible()
        assert _check_ins(demo) == []
        page.get_by_text(t("follow_up.still_employed.yes"), exact=True).click()
        wait_idle(page)
        page.get_by_label(t("follow_up.note")).fill("Appel : il est content de son poste")
        click_and_wait(page, button(page, t("follow_up.save")))
        expect(page.get_by_text(t("follow_up.saved"))).to_be_visible()
        assert _check_ins(demo) == [("note_referent", 1)]
        problems += checked(page, "orientation (point enregistré)")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
