"""« Continuer sur mon téléphone », without Streamlit: the token serves once, within 5 minutes, is
stored only as a digest, names no one in its link, and only the person can ask for one. And the
"avec la personne" rule for sharing: a professional sees or changes the person's choices only with
the person's own code. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from dossier.accounts import handoff
from dossier.errors import FieldErrors, PermissionDenied
from dossier.policy import Permission, may
from dossier.sharing import _consent as consent
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import session_scope
from storage.models import Consent, HandoffToken
from tests.support.domain import CLAIRE, DAVID, JULIE, LUCAS, me, person_by_number, pro_actor, set_clock

T0 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def issue_for(engine, number: str = DAVID) -> str:
    with session_scope(engine) as session:
        return handoff.issue(session, me(session, number))


def redeem(engine, token: str) -> str | None:
    with session_scope(engine) as session:
        return handoff.redeem(session, token)


def test_a_token_gives_the_identifier_once(demo):
    token = issue_for(demo)
    assert redeem(demo, token) == DAVID
    assert redeem(demo, token) is None  # the second phone, or the same link opened again
    assert redeem(demo, token + "x") is None
    assert redeem(demo, "") is None


def test_a_token_lasts_five_minutes(demo, monkeypatch):
    set_clock(monkeypatch, T0)
    late, in_time = issue_for(demo), issue_for(demo)
    set_clock(monkeypatch, T0 + dt.timedelta(minutes=5, seconds=1))
    assert redeem(demo, late) is None
    set_clock(monkeypatch, T0 + dt.timedelta(minutes=4, seconds=59))
    assert redeem(demo, in_time) == DAVID


def test_only_a_digest_is_stored_and_the_link_names_no_one(demo):
    token = issue_for(demo)
    with Session(demo) as session:
        row = session.exec(select(HandoffToken)).one()
        person = person_by_number(session, DAVID)
    assert token not in row.token_sha256 and len(row.token_sha256) == 64
    link = urlparse(handoff.link(token))
    assert (link.path, parse_qs(link.query)) == ("/", {handoff.QUERY_KEY: [token]})  # the token, nothing else
    for personal in (DAVID, person.first_name, person.last_name):
        assert personal not in token
    assert len(token) >= 40  # 32 random bytes


def test_only_the_person_can_hand_their_session_over(demo):
    with session_scope(demo) as session:
        for email in (CLAIRE, LUCAS):
            with pytest.raises(PermissionDenied):
                handoff.issue(session, pro_actor(session, email))
        assert session.exec(select(func.count()).select_from(HandoffToken)).one() == 0


def test_two_phones_racing_for_one_link_one_wins(demo):
    token = issue_for(demo)
    results: list[str | None] = []
    barrier = threading.Barrier(4)

    def open_link() -> None:
        barrier.wait()
        results.append(redeem(demo, token))

    threads = [threading.Thread(target=open_link) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [DAVID, None, None, None]


# --- "avec la personne": the sharing page on a professional's screen -------------------------------


def test_the_referent_sees_the_sharing_page_only_with_the_persons_code(demo):
    with session_scope(demo) as session:
        claire, pid = pro_actor(session, CLAIRE), person_by_number(session, DAVID).id
        with pytest.raises(PermissionDenied):
            consent.sharing_view(session, claire, pid)
        with pytest.raises(FieldErrors) as wrong:
            consent.sharing_view(session, claire, pid, person_code="000000")
        assert wrong.value.errors == {"person_code": "error.validation.person_code"}
        view = consent.sharing_view(session, claire, pid, person_code=DEMO_PERSON_CODE)
        assert view.rows  # David shares with France Travail (demo)
        assert consent.consent_history(session, claire, pid, person_code=DEMO_PERSON_CODE)


def test_another_structure_cannot_use_the_code_even_if_it_has_it(demo):
    before = _log_rows(demo)
    with session_scope(demo) as session:
        julie, pid = pro_actor(session, JULIE), person_by_number(session, DAVID).id
        with pytest.raises(PermissionDenied):
            consent.sharing_view(session, julie, pid, person_code=DEMO_PERSON_CODE)
    assert _log_rows(demo) == before  # refused before opening: no "allowed" row


def test_a_choice_made_beside_the_referent_is_recorded_in_presence(demo):
    with session_scope(demo) as session:
        claire, pid = pro_actor(session, CLAIRE), person_by_number(session, DAVID).id
        recipient = consent.Recipient(organisation_type="mission_locale")
        with pytest.raises(PermissionDenied):  # alone, the référent decides nothing
            consent.give(session, claire, pid, "situation", recipient)
        consent_id = consent.give(session, claire, pid, "situation", recipient, person_code=DEMO_PERSON_CODE)
    with Session(demo) as session:
        row = session.get(Consent, consent_id)
        assert (row.channel, row.captured_by_kind) == ("en_presence", "professional")


def test_who_may_turn_the_screen_towards_the_person(demo):
    with Session(demo) as session:
        assert may(pro_actor(session, CLAIRE), Permission.WITH_PERSON)
        assert may(pro_actor(session, LUCAS), Permission.WITH_PERSON)
        assert not may(pro_actor(session, "marc.fontaine@cd-vv.demo"), Permission.WITH_PERSON)
        assert not may(me(session, DAVID), Permission.WITH_PERSON)


def _log_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM access_log")).scalar_one()


