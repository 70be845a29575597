"""Benchmark of the offer of services: the person's search over a catalogue of 20,000 services (target:
p95 ≤ 50 ms on SQLite), and the import of a data·inclusion file. Prints a markdown table.

    .venv/bin/python bench/services.py [--services 20000] [--runs 200] [--url sqlite:////tmp/...]

A throw-away SQLite file (or `--url`), migrated, filled in bulk with fictional services spread over the
territory's communes (one or two categories each, random publics, free or not, some dated events); each
run searches near a random commune with a random thématique (or none), radius, « free only » and publics,
as the person's page does (one `services.search` call in its own session)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "sqlite:////tmp/dossier-bench-services/bench.db"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _fill(engine, count: int, rng: random.Random) -> None:
    from data_inclusion.schema.v1 import Public, Thematique
    from sqlalchemy import insert
    from sqlmodel import Session

    from dossier import clock, services
    from storage.models import CatalogueService, CatalogueServiceCategory, CatalogueStructure

    now, today = clock.now(), clock.today()
    communes = services.communes()
    thematiques = [t.value for t in Thematique]
    publics = [p.value for p in Public if p.value != "tous-publics"]
    structures = [{"id": f"bench--s{n}", "source": "bench", "name": f"Structure {n}", "updated_at": now}
                  for n in range(count // 20)]
    rows, categories = [], []
    for n in range(count):
        home = rng.choice(communes)
        themes = sorted(set(rng.sample(thematiques, rng.choice((1, 1, 2)))))
        who = ["tous-publics"] if rng.random() < 0.5 else sorted(rng.sample(publics, 2))
        rows.append({"id": f"bench--{n}", "structure_id": f"bench--s{n % len(structures)}", "source": "bench",
                     "name": f"Service {n}", "description": "Un service fictif pour le banc d'essai.",
                     "thematiques": " ".join(themes), "free": rng.random() < 0.7, "publics": " ".join(who),
                     "commune": home.name, "postcode": home.postcode,
                     "latitude": home.latitude + rng.uniform(-0.25, 0.25),
                     "longitude": home.longitude + rng.uniform(-0.35, 0.35), "reception_modes": "en-presentiel",
                     "mobilisation_modes": "telephoner", "updated_on": today, "offered": rng.random() < 0.95,
                     "event_date": today + dt.timedelta(days=rng.randint(-30, 60)) if rng.random() < 0.05 else None,
                     "imported_at": now})
        categories += [{"service_id": f"bench--{n}", "category": c} for c in sorted({services.category_of(t)
                                                                                      for t in themes})]
    with Session(engine) as session:
        for model, values in ((CatalogueStructure, structures), (CatalogueService, rows),
                              (CatalogueServiceCategory, categories)):
            for start in range(0, len(values), 2000):
                session.execute(insert(model), values[start:start + 2000])
        session.commit()


def _import_file(size: int) -> bytes:
    from dossier.tools._demo_services import demo_catalogue

    base = demo_catalogue(dt.date.today())
    items = []
    for n in range(size):
        item = dict(base["services"][n % len(base["services"])])
        item["id"] = f"import--{n}"
        items.append(item)
    return json.dumps({"structures": base["structures"], "services": items}).encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--import-size", type=int, default=2_000)
    parser.add_argument("--url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.url == DEFAULT_URL:
        folder = Path("/tmp/dossier-bench-services")
        folder.mkdir(exist_ok=True)
        for path in folder.glob("bench.db*"):
            path.unlink()
    os.environ["DATABASE_URL"] = args.url
    os.environ.setdefault("DOSSIER_PEPPER", "bench-only-pepper")

    from sqlmodel import Session

    from dossier import services
    from dossier.actor import Actor
    from dossier.tools import prepare_database
    from storage.engine import get_engine

    engine = get_engine(args.url)
    prepare_database(engine)
    rng = random.Random(18)
    started = time.perf_counter()
    _fill(engine, args.services, rng)
    filled = time.perf_counter() - started
    categories = [None] + [c.code for c in services.categories()]
    publics = [p.code for p in services.publics()]
    rows = {}
    kinds = (("any thématique", lambda: None), ("one thématique", lambda: rng.choice(categories[1:])),
             ("as the page draws (random filters)", lambda: rng.choice(categories)))
    for label, pick_category in kinds:
        samples, found = [], []
        for run in range(args.runs + 1):
            near = services.Near.of(rng.choice(services.communes()))
            category, radius = pick_category(), rng.choice(services.RADIUS_CHOICES)
            chosen = frozenset(rng.sample(publics, rng.choice((0, 0, 1, 2))))
            free = rng.random() < 0.3
            begun = time.perf_counter()
            with Session(engine) as session:
                cards = services.search(session, near, category=category, free_only=free, publics=chosen,
                                        radius_km=radius)
            if run:  # the first run warms the caches
                samples.append((time.perf_counter() - begun) * 1000)
                found.append(len(cards))
        rows[label] = (*_percentiles(samples), statistics.mean(found))
    data = _import_file(args.import_size)
    begun = time.perf_counter()
    with Session(engine) as session:
        services.import_catalogue(session, Actor.system(), [("bench.json", data)])
        session.commit()
    imported = time.perf_counter() - begun

    engine_name = engine.dialect.name
    print(f"Offer of services on {engine_name}: {args.services:,} services (filled in {filled:.1f} s), "
          f"{args.runs} searches per row\n")
    print("| measure | p50 | p95 | target | results (mean) |")
    print("|---|---|---|---|---|")
    for label, (p50, p95, mean) in rows.items():
        target = "p95 ≤ 50 ms" if engine_name == "sqlite" else "—"
        print(f"| search near a commune, {label} | {p50:.1f} ms | {p95:.1f} ms | {target} | {mean:.1f} |")
    print(f"| import of a data·inclusion JSON file, {args.import_size:,} services (validated, written) | "
          f"{imported * 1000:.0f} ms | — | — | — |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
