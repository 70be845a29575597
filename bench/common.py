"""What every benchmark script shares: a throw-away database per engine, timing, percentiles, the load."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

PG_ADMIN = ["-h", "127.0.0.1", "-U", "postgres"]


def database_urls(name: str) -> dict[str, str]:
    """The throw-away database `name` of each engine: a SQLite file under /tmp, a PostgreSQL database."""
    return {"sqlite": f"sqlite:////tmp/{name.replace('_', '-')}/bench.db",
            "postgresql": f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"}


def fresh_database(engine_name: str, name: str) -> None:
    """Empty the throw-away database `name` of this engine (see `database_urls`)."""
    if engine_name == "sqlite":
        folder = Path(f"/tmp/{name.replace('_', '-')}")
        folder.mkdir(exist_ok=True)
        for path in folder.glob("bench.db*"):
            path.unlink()
    else:
        subprocess.run(["dropdb", *PG_ADMIN, "--if-exists", "--force", name], check=True)
        subprocess.run(["createdb", *PG_ADMIN, name], check=True)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95); with fewer than 20 samples the p95 is the maximum."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of `runs` calls, after one warm-up call (caches, prepared statements)."""
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def load() -> str:
    """The machine's load averages (1, 5, 15 min), to print beside figures taken on a shared machine."""
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def generated_database(engine_name: str, name: str, people: int):
    """Point the app at the throw-away database `name` of this engine, empty it, migrate it and fill it
    with `people` generated people (`dossier.generate`). Returns the engine and the seconds it took."""
    os.environ["DATABASE_URL"] = database_urls(name)[engine_name]
    os.environ.setdefault("DOSSIER_PEPPER", "bench-pepper")
    from dossier.settings import get_settings

    get_settings.cache_clear()
    from dossier.tools import generate, prepare_database
    from storage.engine import get_engine, session_scope

    fresh_database(engine_name, name)
    engine = get_engine()
    prepare_database(engine)
    with session_scope() as session:
        report = generate(session, people, progress=lambda _step: None)
    return engine, report.seconds
