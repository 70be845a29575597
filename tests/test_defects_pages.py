"""Defects of the wave-2 list, as the pages show them (AppTest): digits typed in another script at
sign-in (1), free-text limits (2), CSV downloads (14)."""

from __future__ import annotations

import csv
import io

from sqlmodel import select

from dossier import csvfile
from dossier.demo import DEMO_PERSON_CODE
from dossier.labels import t
from dossier.validation import COMMENT_MAX, LABEL_MAX
from storage.engine import session_scope
from storage.models import Goal, Organisation, Place
from tests.support.apptest import app, assert_ok, errors_after, page, person_on, press, sign_in_person
from tests.support.domain import DAVID, JOB_GOAL, MARC, person_by_number, pro_actor_from_engine

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


def _goal_id(engine, label: str) -> int:
    with session_scope(engine) as session:
        david = person_by_number(session, DAVID)
        return session.exec(select(Goal.id).where(Goal.beneficiary_id == david.id, Goal.label == label)).one()


def test_too_long_a_text_is_kept_and_refused_under_the_field_with_the_limit_its_hint_gives(demo):
    """Pasting 5,000 characters: the widget keeps them (no max_chars to drop the paste), the service
    refuses them with the message under the field, and the hint under each field says the service's limit."""
    goal_id = _goal_id(demo, JOB_GOAL)
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
