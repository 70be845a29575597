"""Benchmarks at Département scale: prints a markdown table (p50 / p95 over the samples, beside the floor
and the ratio), with the machine's load before and after.

    .venv/bin/python bench/run.py [--people 100000] [--samples 100] [--engines sqlite,postgresql]
                                  [--sessions 50] [--think 5.0] [--no-sessions]

Each engine gets its own throw-away database (SQLite file under /tmp, PostgreSQL database
`dossier_bench` on 127.0.0.1), filled by `dossier.generate` (the time it took is printed too).

What makes the figures honest (issue 22):
- **Floors replay the app's own SQL.** For every sample, the path runs once with its statements captured
  (SQLAlchemy's `before_cursor_execute`), then the app path is timed, then exactly those statements are
  timed through the raw DB-API cursor of the same pool (the same text, the same parameters, rows
  fetched; committed when the app path committed, rolled back when it rolled back). The ratio is then
  what the ORM and the Python around the SQL cost, nothing else. App and floor alternate sample by
  sample, so a busy moment of the machine hits both.
- **Different subjects**: every sample draws its person, référent, place or period at random (fixed
  seed). `--samples` samples per path (100 by default; a third of them, at least 30, for the pilotage).
- **Pages through the real `app.py`** (AppTest, the shell included: idle check, navigation, styles),
  signed in; their floor is the accessibility statement through the same shell for the same actor.
  The booking page is measured for people without and with an upcoming appointment.
- **Writing rows never touch the measured database**: one booking runs in a transaction rolled back
  (and asserts it was booked); the concurrent bookings run on a copy of the database and assert that
  exactly as many people won as the créneau had free seats.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import PG_ADMIN, database_urls, generated_database, load, percentiles  # noqa: E402 — after sys.path

DATABASE = "dossier_bench"
URLS = database_urls(DATABASE)
COPY = "dossier_bench_copy"


@dataclass
class Capture:
    """The statements an engine sends while `on` (text, parameters, executemany), and whether the unit
    ended with a COMMIT."""

    statements: list[tuple[str, object, bool]] = field(default_factory=list)
    committed: bool = False
    on: bool = False

    def install(self, engine) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "before_cursor_execute")
        def _statement(_conn, _cursor, statement, parameters, _context, executemany) -> None:
            if self.on:
                self.statements.append((statement, parameters, executemany))

        @event.listens_for(engine, "commit")
        def _commit(_conn) -> None:
            if self.on:
                self.committed = True

    def record(self, action: Callable[[], object]) -> tuple[list[tuple[str, object, bool]], bool]:
        self.statements, self.committed, self.on = [], False, True
        try:
            action()
        finally:
            self.on = False
        return self.statements, self.committed


def replay(engine, statements: list[tuple[str, object, bool]], commit: bool) -> None:
    """The captured statements through the raw DB-API cursor, rows fetched, then COMMIT or ROLLBACK."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters, many in statements:
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        raw.commit() if commit else raw.rollback()
    finally:
        raw.close()


def _ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


@dataclass
class Row:
    name: str
    app: list[float]
    floor: list[float] | None = None
    note: str = ""

    def cells(self) -> list[str]:
        p50, p95 = percentiles(self.app)
        cells = [self.name, f"{len(self.app)}", f"{p50:.1f}", f"{p95:.1f}"]
        if self.floor:
            f50, f95 = percentiles(self.floor)
            cells += [f"{f50:.1f}", f"{f95:.1f}", f"{p95 / f95:.1f}×" if f95 else "—"]
        else:
            cells += ["—", "—", "—"]
        return cells + [self.note]


def run(engine_name: str, people: int, samples: int, sessions: int, think_s: float,
        with_sessions: bool) -> tuple[list[Row], float]:
    engine, generated_s = generated_database(engine_name, DATABASE, people)
    from sqlmodel import select
    from streamlit.testing.v1 import AppTest

    from dossier import access, appointments, clock, pilotage, roadmap
    from dossier.accounts import actor_for_beneficiary, actor_for_professional
    from dossier.policy import Category
    from dossier.workspace import file_active
    from storage.engine import session_scope
    from storage.models import Beneficiary, Booking, Credential, Organisation, Place, Professional
    from tests.support.apptest import APP, request_page, signed_in

    rng = random.Random(22)
    with session_scope() as session:
        referents = session.exec(select(Professional).where(Professional.email.like("referent%@gen.invalid"))
                                 .order_by(Professional.id)).all()
        pros = [actor_for_professional(session, r) for r in referents]
        caseloads = {pro.id: session.exec(select(Beneficiary.id).where(Beneficiary.referent_id == pro.id)).all()
                     for pro in pros}
        coordinator = actor_for_professional(session, session.exec(
            select(Professional).where(Professional.email == "marc.fontaine@cd-vv.demo")).one())
        places = session.exec(select(Place.id).where(Place.is_mie.is_(True)).order_by(Place.id)).all()
        structures = [None, *session.exec(select(Organisation.id).order_by(Organisation.id).limit(4)).all()]
        booked = set(session.exec(select(Booking.beneficiary_id).where(Booking.status == "a_venir")).all())
        activated = session.exec(select(Beneficiary).join(Credential, Credential.beneficiary_id == Beneficiary.id)
                                 .where(Credential.activated_at.is_not(None),
                                        Beneficiary.dossier_number.like("D2026-1%")).order_by(Beneficiary.id)).all()
        without_appointment = [actor_for_beneficiary(b) for b in activated if b.id not in booked][:400]
        signing_in = [b.dossier_number for b in activated[:sessions]]
    # The generator fills the past créneaux first, so nobody it made has an upcoming appointment: 200 of
    # them book one now, through the service (scenario set-up, before anything is measured).
    with session_scope() as session:
        seats = [s.id for s in appointments.free_slots(session, limit=400)]
    with_appointment = []
    for person, slot_id in zip(without_appointment[200:], seats, strict=False):
        with session_scope() as session:
            appointments.book(session, person, person.id, slot_id)
        with_appointment.append(person)
    without_appointment = without_appointment[:200]
    capture = Capture()
    capture.install(engine)
    gc.freeze()  # as app.py does once its process is ready: the set-up objects leave the collector's sight
    rows: list[Row] = []

    def replayed(name: str, draw: Callable[[], Callable[[], object]], n: int, note: str = "") -> None:
        """App and floor, alternating: each sample draws its subject, records the SQL once, then times the
        app path and the replay of that SQL."""
        app, floor = [], []
        draw()()  # warm-up
        for _ in range(n):
            action = draw()
            statements, committed = capture.record(action)
            app.append(_ms(action))
            floor.append(_ms(lambda s=statements, c=committed: replay(engine, s, c)))
        rows.append(Row(name, app, floor, note))

    def open_dossier() -> Callable[[], object]:
        pro = rng.choice(pros)
        pid = rng.choice(caseloads[pro.id])

        def action() -> None:
            with session_scope() as session:
                access.open_person(session, pro, pid, Category.IDENTITY)
                roadmap.load_roadmap(session, pro, pid)
                roadmap.load_diagnostic(session, pro, pid)
                roadmap.person_history(session, pro, pid)
        return action

    replayed("Open a dossier as a professional (policy + log + every section)", open_dossier, samples)

    def caseload() -> Callable[[], object]:
        pro = rng.choice(pros)

        def action() -> None:
            with session_scope() as session:
                file_active(session, pro)
        return action

    replayed(f"Référent's caseload with alerts (~{people // max(1, len(pros))} people)", caseload, samples)

    def free_days() -> Callable[[], object]:
        place_id = rng.choice(places)

        def action() -> None:  # what the booking page reads: the days, then the créneaux of the first
            with session_scope() as session:
                days = appointments.free_day_counts(session, place_id)
                if days:
                    appointments.free_slots_on(session, place_id, next(iter(days)))
        return action

    replayed("Free créneaux of a place: its days over 6 weeks, one day's times", free_days, samples)

    def every_free_slot() -> Callable[[], object]:
        place_id = rng.choice(places)

        def action() -> None:  # before issue 22: every créneau read, then grouped by Paris day in Python
            with session_scope() as session:
                days: dict = {}
                for slot in appointments.free_slots(session, place_id=place_id):
                    days.setdefault(clock.as_paris(slot.starts_at).date(), []).append(slot)
        return action

    replayed("  the same, the way it was: every créneau read and grouped in Python", every_free_slot, samples,
             "before/after in the same run")

    def pilotage_page() -> Callable[[], object]:
        end = clock.today() - dt.timedelta(days=rng.randint(0, 90))
        start, organisation_id = end - dt.timedelta(days=rng.choice((30, 90, 183, 365))), rng.choice(structures)

        def action() -> None:
            with session_scope() as session:
                pilotage.indicators(session, coordinator, start, end, organisation_id)
                pilotage.by_structure(session, coordinator, start, end)
                pilotage.slot_shortage(session, coordinator)
        return action

    replayed("Pilotage page's queries, random period and structure", pilotage_page,
             samples if samples < 30 else max(30, samples // 3))  # a smoke run keeps its few samples

    with session_scope() as session:
        free_slot_ids = [s.id for s in appointments.free_slots(session, limit=2000)]
    free_people = [pid for ids in caseloads.values() for pid in ids if pid not in booked]

    def book() -> Callable[[], object]:
        pro = rng.choice(pros)
        pid, slot_id = rng.choice([p for p in caseloads[pro.id] if p not in booked] or free_people), \
            rng.choice(free_slot_ids)

        def action() -> None:
            with session_scope() as session:
                reference = appointments.book(session, pro, pid, slot_id)
                assert reference, "the booking was refused"
                session.rollback()  # never on the measured database
        return action

    replayed("One booking (rolled back, asserted)", book, samples)

    # Pages through the real shell: app.py with the actor signed in, asked for the page's address.
    def page_samples(url_path: str, actors: list, n: int) -> tuple[list[float], list[float]]:
        app, floor = [], []
        for i in range(n + 1):
            actor = actors[i % len(actors)] if i else actors[0]
            page = request_page(signed_in(AppTest.from_file(APP, default_timeout=120), actor), url_path)
            static = request_page(signed_in(AppTest.from_file(APP, default_timeout=120), actor), "accessibilite")
            if page.exception or static.exception:
                raise RuntimeError(f"{url_path}: {[e.value for e in page.exception or static.exception]}")
            page_ms, static_ms = _ms(page.run), _ms(static.run)  # a rerun of each, the page already open
            if i:  # the first is the warm-up
                app.append(page_ms)
                floor.append(static_ms)
        return app, floor

    rng.shuffle(without_appointment)
    rng.shuffle(with_appointment)
    page_n = samples
    for name, url_path, actors in (
            ("Person's roadmap page through app.py, one rerun", "feuille-de-route", without_appointment),
            ("Person's booking page through app.py, no appointment yet", "rendez-vous", without_appointment),
            ("Person's booking page through app.py, with an appointment", "rendez-vous", with_appointment)):
        if actors:
            app, floor = page_samples(url_path, actors, page_n)
            rows.append(Row(name, app, floor, "floor: the accessibility statement, same shell"))
    engine.dispose()
    rows.append(_concurrent_bookings(engine_name, samples))
    if with_sessions:
        rows += _websocket_sessions(signing_in, think_s)
    return rows, generated_s


def _copy_database(engine_name: str) -> str:
    """A copy of the measured database for the rows that write: a file copy, or a PostgreSQL template."""
    if engine_name == "sqlite":
        source = Path(URLS["sqlite"].removeprefix("sqlite:///"))
        target = source.with_name("copy.db")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        import sqlite3

        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"
    subprocess.run(["dropdb", *PG_ADMIN, "--if-exists", "--force", COPY], check=True)
    subprocess.run(["createdb", *PG_ADMIN, "-T", DATABASE, COPY], check=True)
    return URLS["postgresql"].rsplit("/", 1)[0] + f"/{COPY}"


def _book_at_once(engine, pro, pid: int, slot_id: int, barrier: threading.Barrier, won: list[int],
                  lock: threading.Lock) -> None:
    """One of the 20: wait for the others, book, count the win (a lost seat is SlotTaken)."""
    from sqlmodel import Session

    from dossier import appointments

    barrier.wait()
    try:
        with Session(engine) as session:
            appointments.book(session, pro, pid, slot_id)
            session.commit()
        with lock:
            won.append(pid)
    except appointments.SlotTaken:
        pass


def _concurrent_bookings(engine_name: str, samples: int) -> Row:
    """20 people book the same créneau at once, on a copy: exactly its free seats are won, every time."""
    from sqlmodel import Session, select

    from dossier import appointments
    from dossier.accounts import actor_for_professional
    from storage.engine import get_engine
    from storage.models import Beneficiary, Booking, Professional, Slot

    url = _copy_database(engine_name)
    engine = get_engine(url)
    rng = random.Random(20)
    with Session(engine) as session:
        referent = session.exec(select(Professional).where(Professional.email.like("referent%@gen.invalid"))
                                .order_by(Professional.id)).first()
        pro = actor_for_professional(session, referent)
        booked = set(session.exec(select(Booking.beneficiary_id).where(Booking.status == "a_venir")).all())
        candidates = [pid for pid in session.exec(select(Beneficiary.id).where(
            Beneficiary.referent_id == referent.id)).all() if pid not in booked]
        slots = [s.id for s in appointments.free_slots(session, limit=500)]
    runs = max(5, samples // 10)
    times = []
    for _ in range(runs):
        with Session(engine) as session:
            slot = session.get(Slot, rng.choice(slots))
            free = slot.capacity - slot.booked
        people = rng.sample(candidates, 20)
        candidates = [p for p in candidates if p not in people]
        barrier, won, lock = threading.Barrier(20), [], threading.Lock()
        threads = [threading.Thread(target=_book_at_once, args=(engine, pro, pid, slot.id, barrier, won, lock))
                   for pid in people]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        times.append((time.perf_counter() - started) * 1000)
        assert len(won) == free, f"{len(won)} people won a créneau with {free} free seats"
    engine.dispose()
    return Row("20 concurrent bookings on one créneau (wall time, on a copy)", times, None,
               "asserted: as many winners as free seats")


def _websocket_sessions(identifiers: list[str], think_s: float) -> list[Row]:
    """These generated people signed in at once on one server, rerunning their home page; the floor is
    as many sessions on the accessibility statement (a static page in the same shell)."""
    from bench.sessions import measure
    from dossier.tools import DEMO_PERSON_CODE
    from tests.support.browser import streamlit_server

    def on_a_fresh_server(url_path: str):  # each page on its own server: no leftovers of the other
        with streamlit_server(timeout=120) as server:
            return measure(server.url, server.process.pid, identifiers, DEMO_PERSON_CODE, url_path, think_s=think_s)

    home, floor = on_a_fresh_server(""), on_a_fresh_server("accessibilite")
    label = f"{len(identifiers)} sessions over websockets, home page rerun every {think_s:g} s"
    memory = Row(label + " — server memory per session (KiB)", [home.rss_per_session_kib],
                 [floor.rss_per_session_kib], "one figure each")
    return [Row(label + " — latency", home.latencies_ms, floor.latencies_ms,
                "floor: the accessibility statement"), memory]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--sessions", type=int, default=50, help="concurrent websocket sessions")
    parser.add_argument("--think", type=float, default=5.0, help="seconds between a session's reruns")
    parser.add_argument("--no-sessions", action="store_true", help="skip the websocket rows")
    args = parser.parse_args()
    for engine_name in args.engines.split(","):
        before = load()
        rows, generated = run(engine_name, args.people, args.samples, args.sessions, args.think,
                              not args.no_sessions)
        print(f"\n### {engine_name}, {args.people:,} people (generated in {generated:.0f} s)\n")
        print(f"Load average (1 / 5 / 15 min) before: {before}; after: {load()}.\n")
        print("| operation | samples | p50 (ms) | p95 (ms) | floor p50 | floor p95 | p95 / floor | note |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for row in rows:
            print("| " + " | ".join(row.cells()) + " |")
        sys.stdout.flush()
    shutil.rmtree("/tmp/dossier-bench-copy", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
