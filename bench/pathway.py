"""Benchmark of the pathway's pilotage figures (issue 23) at Département scale: the delay to orientation,
the exits by kind with the « sorties dynamiques », the follow-ups in employment ended, and every
indicator of the page together. Prints a markdown table (p50 / p95 in ms) and the machine's load.

    .venv/bin/python bench/pathway.py [--people 100000] [--runs 30] [--engines sqlite,postgresql]

Each engine gets its own throw-away database (SQLite under /tmp, PostgreSQL `dossier_bench_pathway`),
filled by `dossier.generate` (orientations for 90 % of people, exits for a fifth of those, check-ins).
Every run draws its period (a year ending 0 to 90 days ago) and its structure (one of the four
structures référentes, or the whole territory) at random with a fixed seed, so that no run reads what
the previous one left in the cache."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import generated_database, load, percentiles, timed  # noqa: E402 — after sys.path

DATABASE = "dossier_bench_pathway"


def run(engine_name: str, people: int, runs: int) -> tuple[list[tuple[str, float, float]], float, dict[str, int]]:
    engine, generated_s = generated_database(engine_name, DATABASE, people)
    from sqlmodel import func, select

    from dossier import clock, pilotage
    from dossier.accounts import actor_for_professional
    from storage.engine import session_scope
    from storage.models import EmploymentCheckIn, Organisation, Orientation, PathwayExit, Professional

    with session_scope() as session:
        coordinator = actor_for_professional(session, session.exec(
            select(Professional).where(Professional.email == "marc.fontaine@cd-vv.demo")).one())
        structures = [None, *session.exec(select(Organisation.id).order_by(Organisation.id).limit(4)).all()]
        volumes = {model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
                   for model in (Orientation, PathwayExit, EmploymentCheckIn)}
    rng = random.Random(23)

    def scope() -> tuple[dt.date, dt.date, int | None]:
        end = clock.today() - dt.timedelta(days=rng.randint(0, 90))
        return end - dt.timedelta(days=365), end, rng.choice(structures)

    def measured(figure):
        def once() -> None:
            start, end, organisation_id = scope()
            with session_scope() as session:
                figure(session, coordinator, start, end, organisation_id)
        return once

    rows = []
    for name, figure in (("Delay from RSA entry to orientation", pilotage.orientation_delay),
                         ("Exits by kind and « sorties dynamiques »", pilotage.exits),
                         ("Follow-ups in employment ended, still in work", pilotage.follow_ups_ended),
                         ("Every indicator of the page (incl. the three above)", pilotage.indicators)):
        p50, p95 = percentiles(timed(measured(figure), runs))
        rows.append((name, p50, p95))
    engine.dispose()
    return rows, generated_s, volumes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    for engine_name in args.engines.split(","):
        before = load()
        rows, generated, volumes = run(engine_name, args.people, args.runs)
        print(f"\n### {engine_name}, {args.people:,} people (generated in {generated:.0f} s), {args.runs} runs "
              f"each, random periods and structures\n")
        print("Rows: " + ", ".join(f"{table} {n:,}" for table, n in volumes.items()) +
              f". Load average before: {before}; after: {load()}.\n")
        print("| figure | p50 (ms) | p95 (ms) |")
        print("|---|---:|---:|")
        for name, p50, p95 in rows:
            print(f"| {name} | {p50:.1f} | {p95:.1f} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
