"""The exit kinds (« fin d'accompagnement »), kept as data in `dossier/data/sorties.tsv`: a code, the
French label, whether it is a « sortie dynamique » (work or training), whether it opens a follow-up in
employment, whether the contract and working time are asked (a job), whether a reason is required."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

EXITS_FILE = Path(__file__).resolve().parents[1] / "data" / "sorties.tsv"


@dataclass(frozen=True)
class ExitKind:
    code: str
    label: str
    dynamic: bool  # work or training
    follow_up: bool  # opens a follow-up in employment
    job: bool  # the contract and working time are asked
    reason_required: bool


def _yes(value: str) -> bool:
    if value.strip() not in ("oui", "non"):
        raise ValueError(f"{EXITS_FILE.name}: « oui » or « non » expected, not {value!r}")
    return value.strip() == "oui"


@cache
def exit_kinds() -> dict[str, ExitKind]:
    """Every exit kind by code, in the file's order."""
    with EXITS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {r["code"].strip(): ExitKind(r["code"].strip(), r["libelle"].strip(), _yes(r["dynamique"]),
                                        _yes(r["suivi_emploi"]), _yes(r["contrat"]), _yes(r["motif_obligatoire"]))
            for r in rows}
