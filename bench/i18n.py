"""The cost of the translation layer per rerun: prints a markdown table.

    .venv/bin/python bench/i18n.py [--runs 200]

A throw-away SQLite database with the demo territory; each person page is rerun through AppTest as the
demo person, once per language, while `dossier.i18n.text`/`plural` record which keys the page asks for
(the texts one rerun translates). Those calls are then replayed `--runs` times in each language through
`labels.t`, beside the French-only floor (`LABELS[key].format(**values)`, what `t()` did before the
layer), and the difference is the layer's cost per rerun. Also: the catalogues' one-time load per
process, from the compiled .mo and from the .po compiled in memory."""

from __future__ import annotations

import argparse
import os
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="dossier-bench-i18n-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{FOLDER / 'bench.db'}")
os.environ.setdefault("DOSSIER_PEPPER_FILE", str(FOLDER / "pepper"))
os.environ.setdefault("DOSSIER_ARGON2_PROFILE", "tests-only-insecure")  # demo codes hashed fast; not measured

PAGES = ("accueil", "feuille-de-route", "diagnostic", "historique", "rendez-vous", "partages",
         "consultations", "mes-donnees", "appareils", "accessibilite")


def _keys_per_page() -> dict[str, list[str]]:
    from sqlmodel import Session
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from dossier import i18n
    from dossier.accounts import actor_for_beneficiary, person_by_number
    from dossier.tools import prepare_database, seed_demo
    from storage.engine import get_engine
    from ui.session import ACTOR, LANGUAGE, LAST_ACTIVITY

    engine = get_engine()
    prepare_database(engine)
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
        actor = actor_for_beneficiary(person_by_number(session, "D2026-0001"))
    recorded: list[str] = []
    text, plural = i18n.text, i18n.plural
    i18n.text = lambda key, french: recorded.append(key) or text(key, french)
    i18n.plural = lambda key, one, other, n: recorded.append(key) or plural(key, one, other, n)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[ACTOR] = actor
    at.session_state[LAST_ACTIVITY] = time.time()
    at.session_state[LANGUAGE] = "ar"
    at.run()
    keys = {}
    for path in PAGES:
        at._page_hash = calc_hash(path)
        at.run()  # arrive on the page
        at._page_hash = ""
        recorded.clear()
        at.session_state[LAST_ACTIVITY] = time.time()
        at.run()  # one plain rerun of it
        keys[path] = list(recorded)
    i18n.text, i18n.plural = text, plural
    return keys


def _values(key: str) -> dict[str, object]:
    from dossier.labels import LABELS, PLURALS

    texts = PLURALS[key][:2] if key in PLURALS else (LABELS[key],)
    names = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: 2 if key in PLURALS else "D2026-0001" for name in names}


def _per_rerun(calls: list[tuple[str, dict]], language: str | None, runs: int) -> float:
    """Median µs to give every text of one rerun, in `language` (None: the French-only floor)."""
    from dossier import i18n
    from dossier.labels import LABELS, PLURALS, t

    def floor():
        for key, values in calls:
            text = PLURALS[key][1] if key in PLURALS else LABELS[key]
            text.format(**values) if values else text

    def layer():
        i18n.set_language(language)
        for key, values in calls:
            t(key, **values)

    action = floor if language is None else layer
    action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1e6)
    i18n.set_language("fr")
    return statistics.median(samples)


def _load_ms(language: str, compiled: bool) -> float:
    from dossier import i18n

    mo = i18n.po_path(language).with_suffix(".mo")
    if compiled and not mo.exists():
        return float("nan")
    hidden = mo.with_suffix(".mo.hidden")
    if not compiled and mo.exists():
        mo.rename(hidden)
    try:
        i18n.translations.cache_clear()
        started = time.perf_counter()
        i18n.translations(language)
        return (time.perf_counter() - started) * 1000
    finally:
        if hidden.exists():
            hidden.rename(mo)
        i18n.translations.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    keys = _keys_per_page()
    print(f"Translation layer per rerun (median of {args.runs} replays, µs; "
          "target: under 1 ms = 1000 µs per rerun)\n")
    print("| page | texts per rerun | French floor | fr | en | ar | layer cost (ar − floor) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    worst = 0.0
    for path, found in keys.items():
        calls = [(key, _values(key)) for key in found]
        floor = _per_rerun(calls, None, args.runs)
        fr, en, ar = (_per_rerun(calls, lang, args.runs) for lang in ("fr", "en", "ar"))
        worst = max(worst, ar - floor, en - floor)
        print(f"| /{path} | {len(calls)} | {floor:.0f} | {fr:.0f} | {en:.0f} | {ar:.0f} | {ar - floor:.0f} |")
    print(f"\nWorst layer cost per rerun: {worst:.0f} µs ({worst / 1000:.3f} ms).\n")
    print("| catalogue loaded once per process | en | ar |")
    print("|---|---:|---:|")
    print(f"| compiled .mo (make) | {_load_ms('en', True):.1f} ms | {_load_ms('ar', True):.1f} ms |")
    print(f"| .po compiled in memory (fresh checkout) | {_load_ms('en', False):.1f} ms "
          f"| {_load_ms('ar', False):.1f} ms |")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(FOLDER, ignore_errors=True)
