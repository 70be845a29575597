"""The référentiel d'insertion (thématiques, objectifs, situations, actions), loaded from its TSV file.

The file is reference data shipped with the app (`dossier/data/referentiel_insertion.tsv`); loading is
an idempotent upsert so that a new release of the list reaches existing databases without a migration.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from storage.models import ReferenceItem, ReferenceTheme
from storage.vocabulary import ReferenceKind

REFERENCE_FILE = Path(__file__).resolve().parents[1] / "data" / "referentiel_insertion.tsv"
CORE_THEME_COUNT = 10
KIND_PREFIX = {ReferenceKind.TARGET: "obj", ReferenceKind.SITUATION: "sit", ReferenceKind.ACTION: "act"}


@dataclass(frozen=True)
class Row:
    kind: str
    theme: str
    label: str


def read_rows(path: Path = REFERENCE_FILE) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Row(r["kind"], r["theme"], r["label"].strip()) for r in csv.DictReader(handle, delimiter="\t")]


def item_code(row: Row) -> str:
    """A stable code from the label itself, so that reordering the file never renumbers items."""
    ascii_label = unicodedata.normalize("NFKD", row.label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_")[:40]
    digest = hashlib.sha1(f"{row.kind}|{row.theme}|{row.label}".encode()).hexdigest()[:6]
    return f"{KIND_PREFIX[row.kind]}.{row.theme}.{slug}.{digest}"[:80]


def load_reference(session: Session, path: Path = REFERENCE_FILE) -> dict[str, int]:
    """Upsert every theme and item of the file; return counts per kind."""
    rows = read_rows(path)
    themes = {t.code: t for t in session.exec(select(ReferenceTheme))}
    items = {i.code: i for i in session.exec(select(ReferenceItem))}
    counts = {"theme": 0, "target": 0, "situation": 0, "action": 0}
    for position, row in enumerate((r for r in rows if r.kind == "theme"), start=1):
        theme = themes.get(row.theme) or ReferenceTheme(code=row.theme, label=row.label, position=position)
        theme.label, theme.position = row.label, position
        theme.is_core = position <= CORE_THEME_COUNT
        session.add(theme)
        counts["theme"] += 1
    session.flush()
    positions: dict[tuple[str, str], int] = {}
    for row in (r for r in rows if r.kind != "theme"):
        key = (row.theme, row.kind)
        positions[key] = positions.get(key, 0) + 1
        code = item_code(row)
        item = items.get(code) or ReferenceItem(
            code=code, kind=row.kind, theme_code=row.theme, label=row.label, position=0
        )
        item.position = positions[key]
        session.add(item)
        counts[row.kind] += 1
    session.flush()
    return counts


def themes(session: Session) -> list[ReferenceTheme]:
    return list(session.exec(select(ReferenceTheme).order_by(ReferenceTheme.position)))
