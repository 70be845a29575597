"""The reference lists of the offer of services, as data: the data·inclusion lists (categories of
thématiques, thématiques, publics, types, modes) from the `data-inclusion-schema` package with their
French labels, the mapping from data·inclusion categories to the roadmap's themes
(`dossier/data/thematiques_feuille_de_route.tsv`) and the communes of the territory with their
coordinates (`dossier/data/communes.tsv`)."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from data_inclusion.schema.v1 import Categorie, Public, Thematique, TypeService

from dossier.validation import clean_text

DATA = Path(__file__).resolve().parents[1] / "data"
MAPPING_FILE = DATA / "thematiques_feuille_de_route.tsv"
COMMUNES_FILE = DATA / "communes.tsv"
EVERYONE = Public.TOUS_PUBLICS.value
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    postcode: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ThemeMapping:
    category: str
    theme_code: str  # a roadmap theme (dossier/data/referentiel_insertion.tsv)
    goal_label: str  # the goal written when the person has none under that theme


def category_of(thematique: str) -> str:
    """« mobilite--louer-un-vehicule » belongs to the category « mobilite »."""
    return thematique.split("--", 1)[0]


def categories() -> list[Choice]:
    """The data·inclusion categories of thématiques, in their French labels, alphabetical."""
    return sorted((Choice(c.value, c.label) for c in Categorie), key=lambda c: c.label)


def category_label(code: str) -> str:
    return _labels(Categorie).get(code, code)


def thematique_label(code: str) -> str:
    return _labels(Thematique).get(code, code)


def public_label(code: str) -> str:
    return _labels(Public).get(code, code)


def kind_label(code: str) -> str:
    return _labels(TypeService).get(code, code)


def publics() -> list[Choice]:
    """The publics a person may say they belong to (« tous publics » is not a choice: it is everyone)."""
    return [Choice(p.value, p.label) for p in Public if p.value != EVERYONE]


@cache
def _labels(enum) -> dict[str, str]:
    return {member.value: member.label for member in enum}


@cache
def theme_mappings() -> dict[str, ThemeMapping]:
    with MAPPING_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [ThemeMapping(r["categorie"], r["theme"], clean_text(r["objectif"]))
                for r in csv.DictReader(handle, delimiter="\t")]
    return {row.category: row for row in rows}


@cache
def communes() -> tuple[Commune, ...]:
    with COMMUNES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(sorted((Commune(r["code_insee"], r["nom"], r["code_postal"], float(r["latitude"]),
                                     float(r["longitude"])) for r in csv.DictReader(handle, delimiter="\t")),
                            key=lambda c: c.name))


def commune(code: str) -> Commune | None:
    return next((c for c in communes() if c.code == code), None)


def commune_named(name: str | None) -> Commune | None:
    wanted = (name or "").strip().lower()
    return next((c for c in communes() if c.name.lower() == wanted), None) if wanted else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): enough to sort help by how far it is, no map needed."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min lat, max lat, min lon, max lon) around a point: an indexed pre-filter before the haversine."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = math.degrees(radius_km / (EARTH_RADIUS_KM * max(0.01, math.cos(math.radians(lat)))))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
