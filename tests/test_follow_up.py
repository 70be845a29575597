"""« Suivi dans l'emploi » without Streamlit, on both engines, over the demo, with a controlled clock:
an exit to lasting work opens six months of follow-up (the end date written with the exit), check-ins
fall due at 1, 3 and 6 months and are answered by the référent's note or the person's « tout va bien »,
the person's request to be called waits for the next note, the follow-up closes by itself (the summary
line in the history), a correction keeps the check-ins and a return ends it; who may write what; the
rows are append-only; the référent's caseload alerts; the pilotage figure, hand-computed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from dossier import clock, formatting, pilotage
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import LABELS, t
from dossier.pathway import (
    CLOSE_GRACE_DAYS,
    answer_all_good,
    ask_to_be_called,
    follow_up_of,
    full_history,
    record_check_in,
    record_exit,
    reopen,
)
from dossier.settings import get_settings
from dossier.workspace import Alert, file_active
from storage.models import EmploymentCheckIn, PathwayExit
from tests.support.domain import (
    CLAIRE,
    COORDINATOR,
    DAVID,
    JULIE,
    NICOLAS,
    YANIS,
    assert_refused,
    me,
    person_by_number,
    pro_actor,
    set_clock,
)

START = dt.date(2026, 1, 31)  # a month end: 1 month later is 28 February
NOON = dt.time(11)  # UTC: noon in Paris in winter, 13:00 in summer, the same Paris day


def _at(monkeypatch, day: dt.date) -> None:
    set_clock(monkeypatch, dt.datetime.combine(day, NOON, tzinfo=dt.UTC))


def _leave_for_work(session: Session, number: str = DAVID, code: str = "emploi_durable",
                    day: dt.date = START) -> int:
    person = person_by_number(session, number)
    person.rsa_entry_date = min(person.rsa_entry_date, day)  # an exit never comes before entering RSA
    session.add(person)
    contract = ("cdi", "temps_plein") if code.startswith("emploi") else (None, None)
    record_exit(session, pro_actor(session, COORDINATOR), person.id, code, day, *contract)
    session.commit()
    return person.id


def _follow_up(session: Session, person_id: int, reader_email: str = CLAIRE):
    return follow_up_of(session, pro_actor(session, reader_email), person_id)


def test_an_exit_to_lasting_work_opens_six_months_with_three_check_ins(demo, monkeypatch):
    _at(monkeypatch, START + dt.timedelta(days=3))
    with Session(demo) as session:
        david = _leave_for_work(session)
        row = session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id == david)).one()
        follow_up = _follow_up(session, david)
    assert row.follow_up_until == dt.date(2026, 7, 31)
    assert [(m.months, m.due) for m in follow_up.milestones] == [
        (1, dt.date(2026, 2, 28)), (3, dt.date(2026, 4, 30)), (6, dt.date(2026, 7, 31))]
    assert follow_up.due is None and follow_up.next.months == 1 and not follow_up.closed
    assert follow_up.still_employed is None and follow_up.call_requested is None


@pytest.mark.parametrize("code", ["emploi_temporaire", "formation_qualifiante", "fin_droits"])
def test_other_exits_open_no_follow_up(demo, monkeypatch, code):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session, code=code)
        assert session.exec(select(PathwayExit.follow_up_until).where(PathwayExit.beneficiary_id == david)).one() \
            is None
        assert _follow_up(session, david) is None
        with pytest.raises(FieldErrors) as caught:
            answer_all_good(session, me(session, DAVID), david)
        assert caught.value.errors == {"_form": "error.follow_up.none"}


def test_a_business_creation_opens_one_too(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session, code="creation_entreprise")
        assert _follow_up(session, david).until == dt.date(2026, 7, 31)


def test_check_ins_fall_due_and_are_answered_then_it_closes_with_a_summary(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
    _at(monkeypatch, dt.date(2026, 2, 27))  # the day before the first check-in
    with Session(demo) as session:
        assert _follow_up(session, david).due is None
        assert Alert.CHECK_IN_DUE not in _alerts(session, david)
    _at(monkeypatch, dt.date(2026, 2, 28))
    with Session(demo) as session:
        assert _follow_up(session, david).due.months == 1
        assert _alerts(session, david)[Alert.CHECK_IN_DUE] == 1
        answer_all_good(session, me(session, DAVID), david)
        session.commit()
        follow_up = _follow_up(session, david)
        assert follow_up.due is None and follow_up.next.months == 3 and follow_up.still_employed is True
        assert Alert.CHECK_IN_DUE not in _alerts(session, david)
    _at(monkeypatch, dt.date(2026, 5, 4))  # the 3-month check-in is late
    with Session(demo) as session:
        assert _follow_up(session, david).due.months == 3
        record_check_in(session, pro_actor(session, CLAIRE), david, True, "Tout se passe bien au dépôt")
        session.commit()
    _at(monkeypatch, dt.date(2026, 7, 31))
    with Session(demo) as session:
        assert _follow_up(session, david).due.months == 6
        record_check_in(session, pro_actor(session, CLAIRE), david, False, "Fin de la période d'essai")
        session.commit()
        follow_up = _follow_up(session, david)
        assert follow_up.closed and follow_up.closes_on == dt.date(2026, 7, 31)
        assert [(m.months, m.answer is not None) for m in follow_up.milestones] == [(1, True), (3, True), (6, True)]
        assert follow_up.still_employed is False and follow_up.answered == 3
        assert [r.milestone for r in follow_up.check_ins] == [6, 3, 1]  # newest first
        now = clock.now()  # the demo's own roadmap events are dated later (the real day of the seeding)
        lines = [line for line in full_history(session, me(session, DAVID), david) if line.at <= now]
        with pytest.raises(FieldErrors) as caught:
            record_check_in(session, pro_actor(session, CLAIRE), david, True, "")
        assert caught.value.errors == {"_form": "error.follow_up.none"}
    assert lines[0].what == t("history.follow_up.closed")  # the newest line: the last note closed it
    assert lines[1].what == t("history.check_in.note_referent") and lines[0].at == lines[1].at
    assert lines[0].details == (
        t("history.follow_up.summary", start=formatting.date(START), until=formatting.date(dt.date(2026, 7, 31)),
          done=3, total=3), t("history.follow_up.not_employed"))
    whats = [line.what for line in lines]
    assert t("history.check_in.tout_va_bien.you") in whats and whats.count(t("history.check_in.note_referent")) == 2
    assert t("history.exit", label="Emploi durable (CDI ou contrat de 6 mois ou plus)",
             date=formatting.date(START)) in whats


def test_without_an_answer_it_closes_a_grace_period_after_its_end(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
    end = dt.date(2026, 7, 31)
    _at(monkeypatch, end + dt.timedelta(days=CLOSE_GRACE_DAYS - 1))
    with Session(demo) as session:
        follow_up = _follow_up(session, david)
        assert not follow_up.closed and follow_up.due.months == 1  # the earliest check-in still unanswered
    _at(monkeypatch, end + dt.timedelta(days=CLOSE_GRACE_DAYS))
    with Session(demo) as session:
        follow_up = _follow_up(session, david)
        assert follow_up.closed and follow_up.due is None and follow_up.answered == 0
        assert Alert.CHECK_IN_DUE not in _alerts(session, david)
        assert file_active(session, pro_actor(session, CLAIRE), DAVID)[0].follow_up is None  # left the list
        [summary] = [line for line in full_history(session, me(session, DAVID), david)
                     if line.what == t("history.follow_up.closed")]
    assert summary.details[1] == t("history.follow_up.unknown")
    assert clock.as_paris(summary.at).date() == end + dt.timedelta(days=CLOSE_GRACE_DAYS)


def _alerts(session: Session, person_id: int) -> dict:
    rows = [r for r in file_active(session, pro_actor(session, CLAIRE)) if r.person_id == person_id]
    return rows[0].alerts if rows else {}


def test_a_request_to_be_called_waits_for_the_next_note(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
    _at(monkeypatch, START + dt.timedelta(days=10))
    with Session(demo) as session:
        ask_to_be_called(session, me(session, DAVID), david)
        session.commit()
        with pytest.raises(FieldErrors) as caught:
            ask_to_be_called(session, me(session, DAVID), david)
        assert caught.value.errors == {"_form": "error.follow_up.call_pending"}
        follow_up = _follow_up(session, david)
        assert follow_up.call_requested is not None and follow_up.still_employed is None
        assert follow_up.check_ins[0].milestone is None  # no check-in was due yet
        assert Alert.CALL_REQUESTED in _alerts(session, david) and Alert.CHECK_IN_DUE not in _alerts(session, david)
        record_check_in(session, pro_actor(session, CLAIRE), david, True, "Appelé : il voulait un conseil")
        session.commit()
        assert _follow_up(session, david).call_requested is None
        assert Alert.CALL_REQUESTED not in _alerts(session, david)
        assert _follow_up(session, david).milestones[0].answer is None  # a contact before the check-in
        ask_to_be_called(session, me(session, DAVID), david)  # a new request is possible again
        session.commit()
        assert len(session.exec(select(EmploymentCheckIn)).all()) == 3


@pytest.mark.parametrize(("still", "note", "expected"), [
    (None, "Joint", {"still_employed": "error.follow_up.still_employed"}),
    ("oui", "", {"still_employed": "error.follow_up.still_employed"}),
    (True, "x" * 501, {"note": "error.text.too_long_500"}),
])
def test_a_bad_note_is_refused_next_to_its_field(demo, monkeypatch, still, note, expected):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
        with pytest.raises(FieldErrors) as caught:
            record_check_in(session, pro_actor(session, CLAIRE), david, still, note)
        assert caught.value.errors == expected and all(key in LABELS for key in expected.values())
        assert session.exec(select(EmploymentCheckIn)).all() == []


def test_who_may_write_and_read_the_follow_up(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
        for writer in (pro_actor(session, JULIE), me(session, DAVID), me(session, NICOLAS)):
            with pytest.raises(PermissionDenied):  # another structure even with consent, the person, another
                record_check_in(session, writer, david, True, "")
        for other in (pro_actor(session, CLAIRE), me(session, NICOLAS)):  # the person's answers are theirs
            with pytest.raises(PermissionDenied):
                answer_all_good(session, other, david)
            with pytest.raises(PermissionDenied):
                ask_to_be_called(session, other, david)
        record_check_in(session, pro_actor(session, COORDINATOR), david, True, "")  # the coordination may
        session.commit()
        assert follow_up_of(session, pro_actor(session, CLAIRE), david).check_ins[0].by_person is False
        with pytest.raises(PermissionDenied):
            follow_up_of(session, me(session, NICOLAS), david)
        yanis = person_by_number(session, YANIS).id
        assert follow_up_of(session, me(session, YANIS), yanis) is None


def test_a_correction_keeps_the_check_ins_and_a_return_ends_the_follow_up(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
    _at(monkeypatch, dt.date(2026, 3, 2))
    with Session(demo) as session:
        record_check_in(session, pro_actor(session, CLAIRE), david, True, "")
        record_exit(session, pro_actor(session, CLAIRE), david, "emploi_durable", START, "cdd", "temps_plein")
        session.commit()
        follow_up = _follow_up(session, david)
        assert follow_up.milestones[0].answer is not None and len(follow_up.check_ins) == 1
        reopen(session, pro_actor(session, CLAIRE), david, "Le contrat s'est arrêté")
        session.commit()
        assert _follow_up(session, david) is None
        assert Alert.CHECK_IN_DUE not in _alerts(session, david)


def test_check_ins_are_append_only(demo, monkeypatch):
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
        answer_all_good(session, me(session, DAVID), david)
        session.commit()
    assert_refused(demo, "employment_check_in", "UPDATE employment_check_in SET still_employed = false")
    assert_refused(demo, "employment_check_in", "DELETE FROM employment_check_in")
    if demo.dialect.name == "postgresql":
        assert_refused(demo, "employment_check_in", "TRUNCATE employment_check_in")


def test_the_pilotage_counts_the_follow_ups_ended_in_the_period(demo, monkeypatch):
    """Three follow-ups end on 31 July 2026: David's latest news is « tout va bien », Nicolas's référent
    noted he left his job, Yanis never answered. The period and the structure filter them."""
    _at(monkeypatch, START)
    with Session(demo) as session:
        ids = {number: _leave_for_work(session, number) for number in (DAVID, NICOLAS, YANIS)}
        cd_vv = person_by_number(session, DAVID).organisation_id
    _at(monkeypatch, dt.date(2026, 3, 1))
    with Session(demo) as session:
        record_check_in(session, pro_actor(session, COORDINATOR), ids[DAVID], False, "")
        record_check_in(session, pro_actor(session, COORDINATOR), ids[NICOLAS], True, "")
        session.commit()
    _at(monkeypatch, dt.date(2026, 7, 31))
    with Session(demo) as session:
        answer_all_good(session, me(session, DAVID), ids[DAVID])  # the latest news wins
        ask_to_be_called(session, me(session, YANIS), ids[YANIS])  # a request is no news
        record_check_in(session, pro_actor(session, COORDINATOR), ids[NICOLAS], False, "")
        session.commit()
        coordinator = pro_actor(session, COORDINATOR)
        end = dt.date(2026, 7, 31)
        found = pilotage.follow_ups_ended(session, coordinator, end, end)
        assert (found.ended, found.still_employed, found.not_employed, found.no_news) == (3, 1, 1, 1)
        assert pilotage.follow_ups_ended(session, coordinator, end + dt.timedelta(days=1),
                                         end + dt.timedelta(days=100)).ended == 0
        mine = pilotage.follow_ups_ended(session, coordinator, end, end, cd_vv)
        assert (mine.ended, mine.still_employed) == (1, 1)
        assert pilotage.indicators(session, coordinator, end, end).follow_ups == found
        with pytest.raises(PermissionDenied):
            pilotage.follow_ups_ended(session, pro_actor(session, CLAIRE), end, end)


@pytest.mark.parametrize(("raw", "expected"), [("", (1, 3, 6)), ("6, 2,2", (2, 6)), ("12", (12,))])
def test_the_check_in_months_are_a_setting(monkeypatch, raw, expected):
    monkeypatch.setenv("DOSSIER_CHECK_IN_MONTHS", raw)
    get_settings.cache_clear()
    try:
        assert get_settings().check_in_months == expected
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@pytest.mark.parametrize("raw", ["1,trois", "0,3", ","])
def test_bad_check_in_months_are_refused_at_start(monkeypatch, raw):
    monkeypatch.setenv("DOSSIER_CHECK_IN_MONTHS", raw)
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="DOSSIER_CHECK_IN_MONTHS"):
            get_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_shorter_follow_up_keeps_its_own_length_and_ends_with_a_check_in(demo, monkeypatch):
    """Opened with 4 months (check-ins 1, 3, 6 → 1, 3 and one at the end), it keeps its end date when
    the setting goes back to 6."""
    monkeypatch.setenv("DOSSIER_FOLLOW_UP_MONTHS", "4")
    get_settings.cache_clear()
    _at(monkeypatch, START)
    with Session(demo) as session:
        david = _leave_for_work(session)
    monkeypatch.delenv("DOSSIER_FOLLOW_UP_MONTHS")
    get_settings.cache_clear()
    try:
        with Session(demo) as session:
            follow_up = _follow_up(session, david)
        assert follow_up.until == dt.date(2026, 5, 31)
        assert [m.months for m in follow_up.milestones] == [1, 3, 4]
    finally:
        get_settings.cache_clear()


def test_the_demo_has_a_person_in_follow_up_with_the_first_check_in_due(demo):
    """D2026-0026 left for a lasting job 40 days ago: his référente at France Travail sees the alert."""
    with Session(demo) as session:
        person = person_by_number(session, "D2026-0026")
        [row] = [r for r in file_active(session, pro_actor(session, JULIE)) if r.person_id == person.id]
    assert row.alerts[Alert.CHECK_IN_DUE] == 1 and row.follow_up.due.months == 1

