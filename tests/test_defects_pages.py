"""Defects of the wave-2 list, as the pages show them (AppTest): digits typed in another script at
sign-in (1), free-text limits (2), CSV downloads (14)."""

from __future__ import annotations

import csv
import io

from sqlmodel import select

from dossier import appointments, formatting
from dossier.documents import _csvfile as csvfile
from dossier.labels import t
from dossier.settings import get_settings
from dossier.tools import DEMO_PERSON_CODE
from dossier.validation import COMMENT_MAX, LABEL_MAX
from storage.engine import session_scope
from storage.models import Organisation, Place
from tests.support.apptest import (
    app,
    as_professional,
    assert_ok,
    click,
    errors_after,
    field_errors,
    fill,
    page,
    page_links,
    person_on,
    press,
    shown,
    sign_in_person,
)
from tests.support.domain import (
    CLAIRE,
    DAVID,
    JOB_GOAL,
    LUCAS,
    MARC,
    NEWCOMER,
    goal_row,
    me,
    one_slot,
    person_by_number,
    pro_actor_from_engine,
)

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HYPERLINK = '=HYPERLINK("http://exemple.invalid/?x";"cliquez")'
CALC = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_the_sign_in_form_accepts_the_code_in_arabic_digits(demo):
    at = app().run()
    sign_in_person(at, "D2026-0001".translate(ARABIC), DEMO_PERSON_CODE.translate(ARABIC))
    assert_ok(at)
    assert at.session_state["actor"].kind == "beneficiary"


def _downloads(served_files) -> list[str]:
    """Every cell of every CSV file the page offered."""
    cells = []
    for data in served_files.values():
        if data.startswith("\ufeff".encode()):
            for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
                cells.extend(row)
    return cells


def test_the_pilotage_downloads_neutralise_names_typed_by_an_administrator(demo, served_files):
    with session_scope(demo) as session:
        session.exec(select(Organisation).where(Organisation.code == "CD-VV")).one().name = HYPERLINK
        session.exec(select(Place).where(Place.name == "MIE de Boisjoli")).one().name = CALC
    at = page("pilotage", pro_actor_from_engine(demo, MARC)).run()
    assert_ok(at)
    cells = _downloads(served_files)
    assert "'" + HYPERLINK in cells and "'" + CALC in cells
    assert [c for c in cells if c.startswith(csvfile.FORMULA_START) and not csvfile.PLAIN_NUMBER.fullmatch(c)] == []


def test_too_long_a_text_is_kept_and_refused_under_the_field_with_the_limit_its_hint_gives(demo):
    """Pasting 5,000 characters: the widget keeps them (no max_chars to drop the paste), the service
    refuses them with the message under the field, and the hint under each field says the service's limit."""
    goal_id = goal_row(demo, JOB_GOAL, DAVID).id
    at = person_on(demo, "feuille-de-route")
    label, body = f"new_action:{goal_id}_label__0", f"comment:goal:{goal_id}_body__0"
    assert not at.text_input(key=label).max_chars and not at.text_area(key=body).max_chars
    assert t("freetext.reminder", limit=LABEL_MAX) in at.caption.values
    assert t("freetext.reminder", limit=COMMENT_MAX) in at.caption.values
    pasted = ("Chercher un emploi " * 300)[:5000]
    at.text_input(key=label).input(pasted)
    at = press(at, f"new_action:{goal_id}_send__0")
    assert errors_after(at, label) == [t("error.text.too_long_200")]
    assert at.text_input(key=label).value == pasted
    at.text_area(key=body).input(pasted[:COMMENT_MAX + 1])
    at = press(at, f"comment:goal:{goal_id}_send__0")
    assert errors_after(at, body) == [t("error.text.too_long_500")]
    at.text_area(key=body).input(pasted[:300].strip())  # over the old hint's 200, within the one limit
    at = press(at, f"comment:goal:{goal_id}_send__0")
    assert errors_after(at, body) == []
    assert pasted[:300].strip() in [m.replace("\\", "") for m in at.markdown.values]


YANIS_BOOKED = "D2026-0003"  # demo: an upcoming first appointment booked by the référent


def _set_email(engine, number: str, email: str | None) -> None:
    with session_scope(engine) as session:
        person_by_number(session, number).email = email


def test_after_booking_the_person_is_told_whom_to_call_and_which_reminder_comes(demo, monkeypatch):
    """Defect 10: the place's phone (the help line when the place has none), and the reminder promised
    only when one will really reach the person (an e-mail address and an SMTP server; no SMS provider)."""
    at = person_on(demo, "rendez-vous", YANIS_BOOKED)
    calls = [m for m in at.markdown.values if m.startswith("Une question")]
    assert len(calls) == 1 and any(c.isdigit() for c in calls[0]) and "  " not in calls[0]
    assert not [i for i in at.info.values if "rappel" in i]  # no e-mail, no phone: nothing is promised

    _set_email(demo, YANIS_BOOKED, "y.0003@exemple.invalid")
    at = person_on(demo, "rendez-vous", YANIS_BOOKED)
    assert not [i for i in at.info.values if "rappel" in i]  # an address, but no SMTP server set
    monkeypatch.setenv("SMTP_HOST", "smtp.exemple.invalid")
    get_settings.cache_clear()
    try:
        at = person_on(demo, "rendez-vous", YANIS_BOOKED)
        assert t("booking.reminder.email") in at.info.values
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_move_journey_has_a_back_button_at_its_first_step(demo):
    with session_scope(demo) as session:  # an appointment in a week: it may be moved
        newcomer = person_by_number(session, NEWCOMER)
        appointments.book(session, me(session, NEWCOMER), newcomer.id, one_slot(session, days_ahead=7))
    at = person_on(demo, "rendez-vous", NEWCOMER)
    at = press(at, "booking_move__0")
    assert t("booking.move.title") in [s.value for s in at.subheader]
    at = press(at, "booking_back_move__0")
    assert t("booking.move.title") not in [s.value for s in at.subheader]
    assert [b.key for b in at.button if b.key == "booking_move__0"] == ["booking_move__0"]


def test_the_screen_turned_to_the_person_shows_only_their_pages_in_their_words(demo):
    """Defect 12: « avec la personne » left the desk pages (caseload, orientation…) in the menu and on
    screen. Turned on from the home page, the screen moves to the roadmap; turned off, the desk is back."""
    at = as_professional(demo, CLAIRE)
    assert t("nav.caseload") in page_links(at)
    at = at.toggle(key="with_person_switch").set_value(True).run()
    assert_ok(at)
    facing = {t(key) for key in ("nav.roadmap", "nav.situation", "nav.history", "nav.services", "nav.booking",
                                 "nav.sharing", "nav.accessibility")}
    assert set(page_links(at)) == facing
    assert [title.value for title in at.title] == [t("roadmap.title")]
    at = at.toggle(key="with_person_switch").set_value(False).run()
    assert t("nav.caseload") in page_links(at)


def test_the_invitation_desk_finds_a_person_by_name_and_birth_date(demo):
    """Defect 9, at the desk: the name and birth date the person gives, however the agent types them."""
    with session_scope(demo) as session:
        target = person_by_number(session, "D2026-0035")
        last, first, born = target.last_name, target.first_name, formatting.date(target.birth_date)
    at = page("invite", pro_actor_from_engine(demo, LUCAS)).run()
    fill(at, invite_last_name=last.upper(), invite_birth_date=born)
    at = click(at, t("invite.search.submit"))
    assert t("invite.person", first_name=first, last_name=last, birth_date=born) in shown(at)
    assert t("invite.issue") in [b.label for b in at.button]

    at = page("invite", pro_actor_from_engine(demo, LUCAS)).run()
    fill(at, invite_last_name=last)
    at = click(at, t("invite.search.submit"))
    assert field_errors(at).get("invite_birth_date") == [t("error.required")]
    assert t("invite.issue") not in [b.label for b in at.button]
