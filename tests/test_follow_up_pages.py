"""« Suivi dans l'emploi » through the real app.py (AppTest), over the demo: David left for a lasting job
40 days ago, so his 1-month check-in is due. His référente sees him in « Ma file active » (the alert and
the follow-up table), opens the orientation page on him from the alert and records the contact note
(the refusal next to its field); David answers « tout va bien » and asks to be called on his home page,
and reads both in « Ce qui a changé »."""

from __future__ import annotations

import datetime as dt
import html

from sqlmodel import Session, select

import ui
from dossier import clock, formatting
from dossier.labels import t
from dossier.pathway import record_exit
from storage.models import EmploymentCheckIn
from tests.support.apptest import as_person, assert_ok, click, errors_after, k, person_on, pro_on, subheaders
from tests.support.domain import CLAIRE, DAVID, person_by_number, pro_actor

LEFT_DAYS_AGO = 40


def _left_for_work(demo) -> int:
    with Session(demo) as session:
        david = person_by_number(session, DAVID)
        day = clock.today() - dt.timedelta(days=LEFT_DAYS_AGO)
        david.rsa_entry_date = min(david.rsa_entry_date, day)
        session.add(david)
        record_exit(session, pro_actor(session, CLAIRE), david.id, "emploi_durable", day, "cdi", "temps_plein")
        session.commit()
        return david.id


def _rows(demo) -> list[EmploymentCheckIn]:
    with Session(demo) as session:
        return list(session.exec(select(EmploymentCheckIn).order_by(EmploymentCheckIn.id)).all())


def test_the_referent_sees_the_check_in_due_and_records_the_note(demo):
    _left_for_work(demo)
    at = pro_on(demo, CLAIRE, "file-active")
    assert_ok(at)
    screen = "\n".join(str(m.value) for m in at.markdown)
    assert t("caseload.alert.point_emploi", count=1) in screen
    assert t("caseload.follow_up", count=2) in subheaders(at)  # and D2026-0029, a business created 3 days ago
    table = html.unescape(next(str(m.value) for m in at.markdown if t("caseload.follow_up.col.next") in
                               html.unescape(str(m.value))))
    until = clock.add_months(clock.today() - dt.timedelta(days=LEFT_DAYS_AGO), 6)
    assert DAVID in table and formatting.date(until) in table and t("caseload.follow_up.unknown") in table

    at = click(at, t("caseload.go.orientation"))  # the alert's button opens the orientation page on David
    assert_ok(at)
    assert t("follow_up.title") in subheaders(at)
    due = clock.add_months(clock.today() - dt.timedelta(days=LEFT_DAYS_AGO), 1)
    assert t("follow_up.due", months=1, date=formatting.date(due)) in at.warning.values
    at = click(at, t("follow_up.save"))
    assert errors_after(at, k(at, "check_in_still_employed")) == [t("error.follow_up.still_employed")]
    assert _rows(demo) == []
    at.radio(key=k(at, "check_in_still_employed")).set_value("yes")
    at.text_area(key=k(at, "check_in_note")).input("Il se plaît dans l'équipe **du matin**").run()
    at = click(at, t("follow_up.save"))
    assert_ok(at)
    assert t("follow_up.saved") in at.info.values
    [row] = _rows(demo)
    assert (row.kind, row.milestone, row.still_employed, row.note) == (
        "note_referent", 1, True, "Il se plaît dans l'équipe **du matin**")
    assert not at.warning.values  # nothing due any more
    assert t("follow_up.next", months=3, date=formatting.date(
        clock.add_months(clock.today() - dt.timedelta(days=LEFT_DAYS_AGO), 3))) in [m.value for m in at.markdown]


def test_the_person_answers_all_good_then_asks_to_be_called(demo):
    _left_for_work(demo)
    at = as_person(demo, DAVID)
    assert t("home.person.follow_up.title") in subheaders(at)
    until = clock.add_months(clock.today() - dt.timedelta(days=LEFT_DAYS_AGO), 6)
    texts = [m.value for m in at.markdown]
    assert t("home.person.follow_up", until=formatting.date(until)) in texts
    assert t("home.person.follow_up.due") in texts
    at = click(at, t("home.person.follow_up.all_good"))
    assert_ok(at)
    assert t("home.person.follow_up.all_good.saved") in at.info.values
    at = click(at, t("home.person.follow_up.call_me"))
    assert_ok(at)
    assert t("home.person.follow_up.call_me.saved") in at.info.values
    assert t("home.person.follow_up.call_me.pending", date=formatting.date(clock.today())) in \
        [m.value for m in at.markdown]
    assert t("home.person.follow_up.call_me") not in [b.label for b in at.button]  # one request at a time
    assert [(r.kind, r.milestone) for r in _rows(demo)] == [("tout_va_bien", 1), ("rappel_demande", None)]

    at = person_on(demo, "historique", DAVID)
    assert_ok(at)
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert ui.plain(t("history.check_in.tout_va_bien.you")) in shown
    assert ui.plain(t("history.check_in.rappel_demande.you")) in shown
    assert ui.plain(t("history.exit", label="Emploi durable (CDI ou contrat de 6 mois ou plus)",
                      date=formatting.date(clock.today() - dt.timedelta(days=LEFT_DAYS_AGO)))) in shown

    referent = pro_on(demo, CLAIRE, "file-active")
    assert t("caseload.alert.rappel_demande", count=1) in "\n".join(str(m.value) for m in referent.markdown)
