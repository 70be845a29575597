"""The scale generator on both engines, at a small size: the promised volumes per person, the store's
own rules kept (no créneau over capacity, `booked` equal to its live bookings, one upcoming first
appointment per person), fictional data only, and the app's services still working on top (ids and
PostgreSQL sequences in order)."""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, select

from dossier import appointments, roadmap
from dossier.accounts import sign_in_person
from dossier.pathway import exit_kinds
from dossier.tools import DEMO_PERSON_CODE, generate
from dossier.tools._generate import ACTIONS, EVENTS, GOALS, PEOPLE_PER_REFERENT, READS
from storage.engine import session_scope
from storage.models import (
    AccessLog,
    Action,
    Beneficiary,
    Credential,
    EmploymentCheckIn,
    Goal,
    Orientation,
    PathwayExit,
    Professional,
    RoadmapEvent,
    Slot,
)
from tests.support.domain import count, pro_actor

PEOPLE = 600


def test_generate_a_small_territory(clean_db):
    with session_scope(clean_db) as session:
        report = generate(session, PEOPLE, progress=lambda _step: None)
    assert report.rows["beneficiary"] == PEOPLE
    with Session(clean_db) as session:
        generated = select(Beneficiary.id).where(Beneficiary.dossier_number.like("D2026-1%"))
        assert count(clean_db, Beneficiary) == PEOPLE + 60  # and the demo's 60
        assert session.exec(select(func.count()).select_from(Goal).where(Goal.beneficiary_id.in_(generated))).one() \
            == PEOPLE * GOALS
        assert session.exec(select(func.count()).select_from(Action).where(
            Action.beneficiary_id.in_(generated))).one() == PEOPLE * ACTIONS
        assert session.exec(select(func.count()).select_from(RoadmapEvent).where(
            RoadmapEvent.beneficiary_id.in_(generated))).one() == PEOPLE * EVENTS
        assert session.exec(select(func.count()).select_from(AccessLog).where(
            AccessLog.beneficiary_id.in_(generated))).one() == PEOPLE * READS
        referents = session.exec(select(Professional).where(Professional.email.like("%@gen.invalid"))).all()
        assert len(referents) == PEOPLE // PEOPLE_PER_REFERENT
        # The store's rules hold: seats, live bookings, one upcoming first appointment per person.
        mismatched = session.exec(text(
            "SELECT COUNT(*) FROM slot s WHERE s.booked <> (SELECT COUNT(*) FROM booking b WHERE b.slot_id = s.id "
            "AND b.status IN ('a_venir', 'honore', 'absent')) OR s.booked > s.capacity")).one()[0]
        assert mismatched == 0
        twice = session.exec(text("SELECT COUNT(*) FROM (SELECT beneficiary_id FROM booking WHERE status = "
                                  "'a_venir' GROUP BY beneficiary_id HAVING COUNT(*) > 1) AS x")).one()[0]
        assert twice == 0
        assert count(clean_db, Slot) >= PEOPLE // 2
        # The pathway figures have rows to count: orientations, exits, follow-ups and their check-ins.
        oriented = session.exec(select(func.count()).select_from(Orientation).where(
            Orientation.beneficiary_id.in_(generated))).one()
        assert PEOPLE * 0.8 <= oriented <= PEOPLE
        exits = session.exec(select(PathwayExit).where(PathwayExit.beneficiary_id.in_(generated))).all()
        assert 0 < len(exits) < oriented and {e.exit_code for e in exits} <= set(exit_kinds())
        assert all((e.follow_up_until is not None) == exit_kinds()[e.exit_code].follow_up for e in exits)
        assert session.exec(select(func.count()).select_from(EmploymentCheckIn)).one() > 0


def test_the_app_works_on_top_of_generated_data(clean_db):
    with session_scope(clean_db) as session:
        generate(session, PEOPLE, progress=lambda _step: None)
    with session_scope(clean_db) as session:
        someone = session.exec(  # a generated person with an account (two in three have one)
            select(Beneficiary).join(Credential, Credential.beneficiary_id == Beneficiary.id)
            .where(Beneficiary.dossier_number.like("D2026-1%")).order_by(Beneficiary.id).limit(1)).one()
        actor = sign_in_person(session, someone.dossier_number, DEMO_PERSON_CODE)  # the demo code works
        goal_id = roadmap.add_goal(session, actor, someone.id, theme_code="mobilite", label="Passer le code")
        assert goal_id > PEOPLE * GOALS  # a new id after the generated ones (PostgreSQL's sequence moved on)
        claire = pro_actor(session, "claire.morel@cd-vv.demo")
        free = appointments.free_slots(session)
        assert free, "generated créneaux keep free seats ahead"
        assert claire is not None


def test_the_benchmark_script_prints_its_table(tmp_path):
    """bench/run.py at a tiny size (the figures themselves live in docs/performance.md, not in tests): each
    row has its samples, a replayed floor where the path is SQL, the load, and the writing rows asserted."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DOSSIER_PEPPER": "bench-test"}
    result = subprocess.run([sys.executable, "bench/run.py", "--people", "300", "--samples", "4", "--engines",
                             "sqlite", "--sessions", "3", "--think", "0.2"],
                            cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert lines[0].startswith("| operation | samples | p50 (ms) | p95 (ms) | floor p50")
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in lines[2:]}
    dossier = rows["Open a dossier as a professional (policy + log + every section)"]
    assert dossier[0] == "4" and float(dossier[3]) > 0  # 4 samples, a replayed floor
    assert rows["Pilotage page's queries, random period and structure"][0] == "4"
    assert any(name.startswith("20 concurrent bookings") for name in rows)
    assert any("sessions over websockets" in name for name in rows)
    assert "Load average (1 / 5 / 15 min) before" in result.stdout


def test_the_campaign_benchmark_prints_its_table():
    """bench/campaign.py at a tiny size: a campaign prepared and its SMS sent through the fake Brevo API."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DOSSIER_PEPPER": "bench-test"}
    result = subprocess.run([sys.executable, "bench/campaign.py", "--people", "120", "--engines", "sqlite",
                             "--send", "40"], cwd=Path(__file__).resolve().parent.parent, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert lines[0] == "| operation | seconds | note |" and len(lines) == 2 + 4
    assert "120 links" in lines[3] and "messages per minute" in lines[-1]
    assert "Send 40 messages" in lines[-1]


def test_the_pathway_benchmark_prints_its_table():
    """bench/pathway.py at a tiny size: the pathway's figures over generated orientations and exits."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DOSSIER_PEPPER": "bench-test"}
    result = subprocess.run([sys.executable, "bench/pathway.py", "--people", "300", "--runs", "2", "--engines",
                             "sqlite"], cwd=Path(__file__).resolve().parent.parent, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert lines[0] == "| figure | p50 (ms) | p95 (ms) |" and len(lines) == 2 + 4
    assert all(float(line.split(" | ")[1]) > 0 for line in lines[2:])
    [rows] = [line for line in result.stdout.splitlines() if line.startswith("Rows: ")]
    assert "pathway_exit" in rows and "Load average before" in rows
