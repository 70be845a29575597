"""Every refusal is an answer, never a crash (issue 16 §1).

Every page each kind of account can open is walked in AppTest: every button and toggle it shows
(including the ones that appear after a first click, such as a confirmation step) is used once, with
every service call the page makes through `ui.submit`/`ui.write` answering with a refusal. Each such
click must show the refusal's French message, raise nothing, and log no « failed unexpectedly »
(the conftest's net fails the test on one). A second walk makes the services fail with a real bug
and checks that the person gets the generic message with a reference, and the log the same reference.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from sqlmodel import Session

import ui
from dossier import clock
from dossier.errors import PermissionDenied, Refusal
from dossier.labels import t
from dossier.pathway import record_exit
from pages.orientation import FOUND as ORIENTATION_FOUND
from storage.models import Beneficiary
from tests.support.apptest import CHOSEN_PERSON, SIGNOUT, as_person, as_professional, choose, request_page
from tests.support.domain import ACCUEIL, ADMIN, COORDINATOR, PERSON, REFERENT, person_id, pro_actor

REFUSED = PermissionDenied("denied.action")
MAX_CLICKS = 40


def _replace_submit(monkeypatch, replacement) -> None:
    """`submit` where it is looked up: on the package for the pages' own calls (`ui.submit`), in
    `ui.forms` for the calls `ui.write` makes."""
    monkeypatch.setattr(ui, "submit", replacement)
    monkeypatch.setattr(ui.forms, "submit", replacement)


@pytest.fixture
def refusing(monkeypatch):
    """Every service call made through the form helpers answers `REFUSED`; the forms are recorded."""
    calls: list[str] = []
    original = ui.submit

    def refuse(form, action, **options):
        calls.append(form)

        def refused():
            raise REFUSED

        return original(form, refused, **options)

    _replace_submit(monkeypatch, refuse)
    return calls


def _shown_texts(at) -> str:
    parts = [e.value for e in at.error] + [e.value for e in at.warning] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts)


def _controls(at):
    """The buttons and toggles on screen, each named by its kind, label and key (stable across runs)."""
    for kind, widgets in (("button", at.button), ("toggle", at.toggle)):
        for widget in widgets:
            if widget.label == SIGNOUT or widget.disabled:
                continue
            yield (kind, widget.label, widget.key), widget


def _use(widget, kind: str):
    return widget.click() if kind == "button" else widget.set_value(not widget.value)


def _walk(at, url_path: str, calls: list[str], expected: str, reached: set[str],
          skip: frozenset[str] = frozenset()) -> list[str]:
    """Use every control once (but those labelled in `skip`); return what went wrong, by control (and
    add the forms met to `reached`)."""
    problems: list[str] = []
    used: set[tuple] = {name for name, _ in _controls(at) if name[1] in skip}
    for _ in range(MAX_CLICKS):
        fresh = next(((name, w) for name, w in _controls(at) if name not in used), None)
        if fresh is None:
            break
        name, widget = fresh
        used.add(name)
        calls.clear()
        at = _use(widget, name[0]).run()
        if at.exception:
            problems.append(f"{url_path} {name}: raised {[e.value for e in at.exception]}")
            break
        reached.update(calls)
        if calls and expected not in _shown_texts(at):
            problems.append(f"{url_path} {name}: the refusal of {calls} is not shown")
        if url_path and name[0] == "button" and ui.ACTOR not in at.session_state:
            break  # signed out by the click (a kiosk's « J'ai fini »): nothing more to walk here
    return problems


def _accounts(engine):
    yield lambda: as_person(engine, PERSON)
    for email in (REFERENT, ACCUEIL, COORDINATOR, ADMIN):
        yield lambda e=email: as_professional(engine, e)


def _url_paths(at) -> list[str]:
    """The pages the app offers this account (app.py keeps them in the session for its menu)."""
    return [page.url_path for page in at.session_state[ui.PAGES].values()]


def _opened(start, url_path: str, david: int):
    at = request_page(start(), url_path)
    if CHOSEN_PERSON in [s.key for s in at.selectbox]:  # a page about one person: the référent's David
        at = choose(at, david)
    return at


def _with_david_found(at, david: int):
    """The orientation page with David found (in the walk, the search itself is refused): his forms."""
    at.session_state[ORIENTATION_FOUND] = (david, "LAURENT David", PERSON)
    return at.run()


def _left_for_work_40_days_ago(engine, david: int) -> None:
    """David in « Suivi dans l'emploi »: the exit, return and check-in forms on the orientation page, his
    « Tout va bien » and « appelez-moi » on his home page, all in the walk."""
    with Session(engine) as session:
        person = session.get(Beneficiary, david)
        day = clock.today() - dt.timedelta(days=40)
        person.rsa_entry_date = min(person.rsa_entry_date, day)
        session.add(person)
        record_exit(session, pro_actor(session, REFERENT), david, "emploi_durable", day, "cdi", "temps_plein")
        session.commit()


def test_every_refusal_met_on_every_page_is_said_in_french(demo, refusing):
    expected = t("denied.action")
    problems: list[str] = []
    reached: set[str] = set()  # the forms whose refusal was met
    walked = 0
    david = person_id(demo, PERSON)
    _left_for_work_40_days_ago(demo, david)
    for start in _accounts(demo):
        for url_path in _url_paths(start()):
            at = _opened(start, url_path, david)
            assert not at.exception, (url_path, [e.value for e in at.exception])
            problems += _walk(at, url_path, refusing, expected, reached)
            if url_path == "orienter":
                at = _with_david_found(_opened(start, url_path, david), david)
                problems += _walk(at, url_path, refusing, expected, reached, frozenset({t("orientation.find")}))
            walked += 1
    assert not problems, "\n".join(problems)
    assert walked >= 15  # every account's pages were walked
    assert {"exit", "exit_reopen", "check_in", "check_in_answer"} <= reached  # the pathway's forms too


class _Bug(Exception):
    """Not a refusal: what a programming error looks like to the form helpers."""


@pytest.mark.unexpected_error
def test_a_bug_behind_a_form_shows_a_reference_that_the_log_holds(demo, monkeypatch, caplog):
    original = ui.submit

    def crash(form, action, **options):
        def broken():
            raise _Bug("boom")

        return original(form, broken, **options)

    _replace_submit(monkeypatch, crash)
    at = request_page(as_person(demo, PERSON), "partages")
    toggle = at.toggle[0]
    with caplog.at_level(logging.ERROR):
        at = toggle.set_value(not toggle.value).run()
    assert not at.exception
    shown = _shown_texts(at)
    [ref] = re.findall(r"assistance : ([0-9a-f]{8})", shown)
    assert t("error.unexpected", ref=ref) in shown
    [record] = [r for r in caplog.records if "failed unexpectedly" in r.getMessage()]
    assert ref in record.getMessage() and record.exc_info is not None


def test_a_refusal_is_a_refusal_for_the_form_helpers(demo):
    """Each refusal class of the domain is a Refusal, with a key the catalogue has."""
    from dossier.accounts import SignInFailed
    from dossier.accounts._accounts import ActivationFailed
    from dossier.appointments import SlotTaken
    from dossier.errors import FieldErrors, NotFound
    from dossier.people import ImportRejected
    from dossier.roadmap import StaleWrite
    from dossier.roadmap._engagement import RoadmapChanged

    refusals = [SignInFailed(), ActivationFailed(), SlotTaken([]), RoadmapChanged(), ImportRejected([(2, "x")]),
                StaleWrite("goal", None, None, None), NotFound(), PermissionDenied(),
                FieldErrors({"f": "error.required"})]
    for refusal in refusals:
        assert isinstance(refusal, Refusal)
        for message in refusal.messages().values():
            key = message if isinstance(message, str) else message[0]
            assert t(key)  # a KeyError here: a refusal without French words
    assert PermissionDenied("denied.slot", field="slot").messages() == {"slot": "denied.slot"}
