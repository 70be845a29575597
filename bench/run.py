"""Benchmarks at Département scale: prints a markdown table (p50 / p95 over the runs, beside the floor —
the same data read by the fewest hand-written SQL statements — and the ratio).

    .venv/bin/python bench/run.py [--people 100000] [--runs 30] [--engines sqlite,postgresql]
                                  [--sessions 50] [--think 5.0]

Each engine gets its own throw-away database (SQLite file under /tmp, PostgreSQL database
`dossier_bench` on 127.0.0.1), filled by `dossier.generate` (the time it took is printed too). Page
reruns are measured in-process with AppTest (server-side script time of one rerun); the last rows
start a real Streamlit server on that database and drive `--sessions` signed-in sessions over its
websocket (bench/sessions.py)."""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import threading
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import database_urls, fresh_database, percentiles, timed  # noqa: E402 — after sys.path

DATABASE = "dossier_bench"
URLS = database_urls(DATABASE)


def run(engine_name: str, people: int, runs: int, sessions: int, think_s: float) -> tuple[list[tuple], float]:
    os.environ["DATABASE_URL"] = URLS[engine_name]
    os.environ.setdefault("DOSSIER_PEPPER", "bench-pepper")
    from dossier.settings import get_settings

    get_settings.cache_clear()
    from sqlalchemy import text
    from sqlmodel import select
    from streamlit.testing.v1 import AppTest

    from dossier import access, appointments, pilotage, roadmap
    from dossier.accounts import actor_for_beneficiary, actor_for_professional
    from dossier.appointments import SlotTaken
    from dossier.policy import Category
    from dossier.tools import generate, prepare_database
    from dossier.workspace import file_active
    from storage.engine import get_engine, session_scope
    from storage.models import Beneficiary, Booking, Credential, Place, Professional, Slot

    fresh_database(engine_name, DATABASE)
    engine = get_engine()
    prepare_database(engine)
    with session_scope() as session:
        report = generate(session, people, progress=lambda _step: None)
    rng = random.Random(7)
    with session_scope() as session:
        referent = session.exec(select(Professional).where(Professional.email.like("referent%@gen.invalid"))
                                .order_by(Professional.id)).first()
        pro = actor_for_professional(session, referent)
        caseload_ids = session.exec(select(Beneficiary.id).where(Beneficiary.referent_id == referent.id)).all()
        coordinator = actor_for_professional(session, session.exec(
            select(Professional).where(Professional.email == "marc.fontaine@cd-vv.demo")).one())
        place_id = session.exec(select(Place.id).where(Place.is_mie.is_(True)).order_by(Place.id)).first()
        booked_people = set(session.exec(select(Booking.beneficiary_id).where(Booking.status == "a_venir")).all())
        free_people = [pid for pid in caseload_ids if pid not in booked_people]
        person = actor_for_beneficiary(session.get(Beneficiary, caseload_ids[0]))
        signing_in = session.exec(select(Beneficiary.dossier_number).join(
            Credential, Credential.beneficiary_id == Beneficiary.id).where(
            Credential.activated_at.is_not(None), Beneficiary.dossier_number.like("D2026-1%"))
            .order_by(Beneficiary.id).limit(sessions)).all()
    gc.freeze()  # as app.py does once its process is ready: the set-up objects leave the collector's sight
    rows: list[tuple] = []

    def add(name: str, samples: list[float], floor: list[float] | None) -> None:
        p50, p95 = percentiles(samples)
        if floor:
            f50, f95 = percentiles(floor)
            rows.append((name, p50, p95, f50, f95, p95 / f95 if f95 else None))
        else:
            rows.append((name, p50, p95, None, None, None))

    def open_dossier() -> None:
        with session_scope() as session:
            pid = rng.choice(caseload_ids)
            access.open_person(session, pro, pid, Category.IDENTITY)
            roadmap.load_roadmap(session, pro, pid)
            roadmap.load_diagnostic(session, pro, pid)
            roadmap.person_history(session, pro, pid)

    def open_dossier_floor() -> None:
        pid = rng.choice(caseload_ids)
        with engine.begin() as c:
            c.execute(text("SELECT * FROM beneficiary WHERE id = :p"), {"p": pid}).all()
            c.execute(text("INSERT INTO access_log (at, beneficiary_id, professional_id, professional_name, "
                           "organisation_id, role, category, purpose, allowed, basis, reason) VALUES "
                           "(CURRENT_TIMESTAMP, :p, :r, 'x', NULL, 'referent', 'identite_contact', 'x', TRUE, "
                           "'x', '')"),
                      {"p": pid, "r": referent.id})
            c.execute(text("SELECT * FROM goal WHERE beneficiary_id = :p"), {"p": pid}).all()
            c.execute(text("SELECT * FROM action WHERE beneficiary_id = :p"), {"p": pid}).all()
            c.execute(text("SELECT * FROM situation WHERE beneficiary_id = :p AND removed_at IS NULL"),
                      {"p": pid}).all()
            c.execute(text("SELECT * FROM roadmap_event WHERE beneficiary_id = :p ORDER BY at DESC LIMIT 200"),
                      {"p": pid}).all()

    add("Open a dossier as a professional (policy + log + every section)", timed(open_dossier, runs),
        timed(open_dossier_floor, runs))

    def page_rerun(module: str, actor) -> Callable[[], None]:
        at = AppTest.from_string(f"from pages.{module} import render\nrender()\n", default_timeout=60)
        at.session_state["actor"] = actor
        return lambda: at.run()

    trivial = AppTest.from_string("import streamlit as st\nst.title('x')\nst.write('y')\n", default_timeout=60)
    trivial_samples = timed(lambda: trivial.run(), runs)
    add("Person's roadmap page, one rerun (AppTest)", timed(page_rerun("roadmap", person), runs), trivial_samples)
    add("Person's booking page, one rerun (AppTest)", timed(page_rerun("booking", person), runs), trivial_samples)

    def caseload() -> None:
        with session_scope() as session:
            file_active(session, pro)

    def caseload_floor() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT b.*, c.activated_at FROM beneficiary b LEFT JOIN credential c "
                           "ON c.beneficiary_id = b.id WHERE b.referent_id = :r"), {"r": referent.id}).all()
            c.execute(text("SELECT beneficiary_id, COUNT(*) FROM action WHERE beneficiary_id IN "
                           "(SELECT id FROM beneficiary WHERE referent_id = :r) AND due_date < CURRENT_DATE "
                           "AND status IN ('en_projet','en_cours','en_attente') GROUP BY beneficiary_id"),
                      {"r": referent.id}).all()
            c.execute(text("SELECT bk.beneficiary_id, bk.status, s.starts_at FROM booking bk JOIN slot s "
                           "ON s.id = bk.slot_id WHERE bk.beneficiary_id IN "
                           "(SELECT id FROM beneficiary WHERE referent_id = :r)"), {"r": referent.id}).all()
            c.execute(text("SELECT * FROM roadmap WHERE beneficiary_id IN "
                           "(SELECT id FROM beneficiary WHERE referent_id = :r)"), {"r": referent.id}).all()

    add(f"Référent's caseload with alerts ({len(caseload_ids)} people)", timed(caseload, runs),
        timed(caseload_floor, runs))

    def free() -> None:
        with session_scope() as session:
            appointments.free_days(session, place_id)

    def free_floor() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT id, starts_at, capacity - booked FROM slot WHERE place_id = :p AND "
                           "cancelled_at IS NULL AND booked < capacity AND starts_at > CURRENT_TIMESTAMP "
                           "ORDER BY starts_at"), {"p": place_id}).all()

    add("Free créneaux of a place over 6 weeks", timed(free, runs), timed(free_floor, runs))

    with session_scope() as session:
        free_slot_ids = [s.id for s in appointments.free_slots(session)]

    def book() -> None:
        with session_scope() as session:
            try:
                appointments.book(session, pro, rng.choice(free_people), rng.choice(free_slot_ids))
            except SlotTaken:
                pass
            session.rollback()

    def book_floor() -> None:
        with engine.connect() as c:
            slot_id, pid = rng.choice(free_slot_ids), rng.choice(free_people)
            c.execute(text("UPDATE slot SET booked = booked + 1 WHERE id = :s AND booked < capacity"), {"s": slot_id})
            c.execute(text("INSERT INTO booking (reference, slot_id, beneficiary_id, type_code, status, channel, "
                           "created_by_kind, version, created_at, updated_at) VALUES ('BENCH1', :s, :p, "
                           "'premier_rdv', 'a_venir', 'referent', 'professional', 1, CURRENT_TIMESTAMP, "
                           "CURRENT_TIMESTAMP)"), {"s": slot_id, "p": pid})
            c.rollback()

    add("One booking (rolled back)", timed(book, runs), timed(book_floor, runs))

    def twenty_at_once() -> None:
        with session_scope() as session:
            slot = session.get(Slot, rng.choice(free_slot_ids))
            start = slot.starts_at
        barrier = threading.Barrier(20)
        candidates = rng.sample(free_people, 20)

        def one(pid: int) -> None:
            barrier.wait()
            try:
                with session_scope() as session:
                    appointments.book(session, pro, pid, slot.id)
            except Exception:  # noqa: BLE001 — the losers: SlotTaken (or a busy SQLite writer)
                pass
        threads = [threading.Thread(target=one, args=(pid,)) for pid in candidates]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert start  # the créneau existed

    add("20 concurrent bookings on one créneau (wall time)", timed(twenty_at_once, max(5, runs // 6)), None)

    def indicators() -> None:
        with session_scope() as session:
            import datetime as dt

            from dossier import clock
            end = clock.today()
            pilotage.indicators(session, coordinator, end - dt.timedelta(days=365), end)
            pilotage.by_structure(session, coordinator, end - dt.timedelta(days=365), end)
            pilotage.slot_shortage(session, coordinator)

    add("Every pilotage indicator, whole territory, one year", timed(indicators, max(5, runs // 3)), None)
    engine.dispose()
    rows += _websocket_sessions(signing_in, think_s)
    return rows, report.seconds


def _websocket_sessions(identifiers: list[str], think_s: float) -> list[tuple]:
    """These generated people signed in at once on one server, rerunning their home page; the floor is
    as many sessions on the accessibility statement (a static page in the same shell)."""
    from bench.sessions import measure
    from dossier.tools import DEMO_PERSON_CODE
    from tests.support.browser import streamlit_server

    def on_a_fresh_server(url_path: str):  # each page on its own server: no leftovers of the other
        with streamlit_server(timeout=120) as server:
            return measure(server.url, server.process.pid, identifiers, DEMO_PERSON_CODE, url_path, think_s=think_s)

    home, floor = on_a_fresh_server(""), on_a_fresh_server("accessibilite")
    h50, h95 = percentiles(home.latencies_ms)
    f50, f95 = percentiles(floor.latencies_ms)
    label = f"{len(identifiers)} sessions over websockets, home page rerun every {think_s:g} s"
    return [(label + " — latency", h50, h95, f50, f95, h95 / f95),
            (label + " — server memory per session (KiB)", home.rss_per_session_kib, None,
             floor.rss_per_session_kib, None, None)]


def _cell(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:.1f}{unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent websocket sessions")
    parser.add_argument("--think", type=float, default=5.0, help="seconds between a session's reruns")
    args = parser.parse_args()
    for engine_name in args.engines.split(","):
        rows, generated = run(engine_name, args.people, args.runs, args.sessions, args.think)
        print(f"\n### {engine_name}, {args.people:,} people (generated in {generated:.0f} s), {args.runs} runs\n")
        print("| operation | p50 (ms) | p95 (ms) | floor p50 | floor p95 | p95 / floor |")
        print("|---|---:|---:|---:|---:|---:|")
        for row in rows:
            print("| " + " | ".join([row[0], *(_cell(v) for v in row[1:5]), _cell(row[5], "×")]) + " |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
