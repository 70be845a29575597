"""The person's search of the offer of services: by category of thématiques, near a commune, free of
charge or not, open to their publics, sorted by distance (haversine on the coordinates, no map); the
service's detail in plain words. Events are hidden once past, services no longer offered always.

The search is one indexed query (offered, inside a bounding box around the point, the category by its
own table) and the exact distance computed on the few rows left."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from data_inclusion.schema.v1 import ModeAccueil, ModeMobilisation
from sqlalchemy import false, func, literal, or_, true
from sqlmodel import Session, select

from dossier import clock
from dossier.errors import NotFound
from dossier.services._lists import (
    EARTH_RADIUS_KM,
    EVERYONE,
    Commune,
    bounding_box,
    category_label,
    category_of,
    commune_named,
    distance_km,
    kind_label,
    public_label,
)
from storage.models import Beneficiary, CatalogueService, CatalogueServiceCategory, CatalogueStructure

RADIUS_CHOICES = (5, 10, 20, 50)
DEFAULT_RADIUS_KM = 20
RESULTS_LIMIT = 50
RINGS_KM = (2, 5, 10, 20, 50, 100)
CONTACT_FIRST = frozenset({ModeMobilisation.TELEPHONER.value, ModeMobilisation.ENVOYER_UN_COURRIEL.value,
                           ModeMobilisation.UTILISER_LIEN_MOBILISATION.value})
DAYS = {"Mo": "lundi", "Tu": "mardi", "We": "mercredi", "Th": "jeudi", "Fr": "vendredi", "Sa": "samedi",
        "Su": "dimanche"}


@dataclass(frozen=True)
class Near:
    """Where the person looks from: a commune of the territory (their own by default)."""

    latitude: float
    longitude: float
    name: str

    @classmethod
    def of(cls, commune: Commune) -> Near:
        return cls(commune.latitude, commune.longitude, commune.name)


@dataclass(frozen=True)
class ServiceCard:
    id: str
    name: str
    structure_name: str
    commune: str | None
    distance_km: float
    free: bool | None
    event_date: dt.date | None
    categories: tuple[str, ...]  # French labels


def _not_past(today: dt.date):
    return or_(CatalogueService.event_date.is_(None), CatalogueService.event_date >= today)


def _visible(today: dt.date):
    return CatalogueService.offered.is_(True), _not_past(today)


def _open_to(person_publics: frozenset[str]):
    """SQL: the service is for everyone (« tous publics », or no public given) or for one of the person's
    publics (codes are kept space-separated); no public given by the person, every service is open."""
    if not person_publics:
        return true()
    padded = literal(" ") + CatalogueService.publics + literal(" ")
    return or_(CatalogueService.publics == "", padded.like(f"% {EVERYONE} %"),
               *(padded.like(f"% {code} %") for code in sorted(person_publics)))


def search(session: Session, near: Near, *, category: str | None = None, free_only: bool = False,
           publics: frozenset[str] = frozenset(), radius_km: float = DEFAULT_RADIUS_KM,
           limit: int = RESULTS_LIMIT, today: dt.date | None = None) -> list[ServiceCard]:
    """Services within `radius_km` of `near`, nearest first (then by name), at most `limit`. `publics`
    are the person's: a service for « tous publics » or for one of them is open to them; none given,
    every service is.

    Without a category, rings of growing radius (2, 5, 10, 20 km… up to `radius_km`): a ring holding
    `limit` services holds the nearest ones, so a dense catalogue is read only around the person; with
    one, the category's rows are read through its index. In each ring the database
    filters (bounding box, category, free, publics) and orders by a flat-earth distance (arithmetic
    only, the same on both engines), keeping twice `limit`; the exact haversine distance of those few
    rows decides the radius and the order."""
    today = today or clock.today()
    # With a category the rows come from the category's index whatever the radius: one ring is enough.
    rings = [radius_km] if category else [r for r in RINGS_KM if r < radius_km] + [radius_km]
    cards: list[ServiceCard] = []
    for ring in rings:
        cards = _within(session, near, ring, category, free_only, publics, limit, today)
        if len(cards) >= limit:
            break
    return cards[:limit]


def _within(session: Session, near: Near, radius_km: float, category: str | None, free_only: bool,
            publics: frozenset[str], limit: int, today: dt.date) -> list[ServiceCard]:
    low_lat, high_lat, low_lon, high_lon = bounding_box(near.latitude, near.longitude, radius_km)
    latitude, longitude = CatalogueService.latitude, CatalogueService.longitude
    offered = CatalogueService.offered.is_(True)
    if category:  # read from the category's own index: positions and « offered » are made non-indexable
        latitude, longitude = latitude + 0.0, longitude + 0.0
        offered = func.coalesce(CatalogueService.offered, false()).is_(True)
    km_per_degree = math.radians(EARTH_RADIUS_KM)
    dy = (latitude - near.latitude) * km_per_degree
    dx = (longitude - near.longitude) * (km_per_degree * math.cos(math.radians(near.latitude)))
    flat = dy * dy + dx * dx
    query = select(CatalogueService.id, CatalogueService.name, CatalogueStructure.name, CatalogueService.commune,
                   CatalogueService.latitude, CatalogueService.longitude, CatalogueService.free,
                   CatalogueService.event_date, CatalogueService.thematiques)
    if category:
        query = (query.select_from(CatalogueServiceCategory)
                 .join(CatalogueService, CatalogueService.id == CatalogueServiceCategory.service_id)
                 .where(CatalogueServiceCategory.category == category))
    query = (query.join(CatalogueStructure, CatalogueStructure.id == CatalogueService.structure_id)
             .where(offered, _not_past(today), latitude.between(low_lat, high_lat),
                    longitude.between(low_lon, high_lon), flat <= (radius_km * 1.01) ** 2, _open_to(publics))
             .order_by(flat, CatalogueService.name, CatalogueService.id).limit(2 * limit))
    if free_only:
        query = query.where(CatalogueService.free.is_(True))
    cards = []
    for sid, name, structure, commune, lat, lon, free, event_date, thematiques in session.exec(query):
        distance = distance_km(near.latitude, near.longitude, lat, lon)
        if distance > radius_km:
            continue
        labels = tuple(sorted({category_label(category_of(code)) for code in thematiques.split()}))
        cards.append(ServiceCard(sid, name, structure, commune, distance, free, event_date, labels))
    cards.sort(key=lambda c: (c.distance_km, c.name, c.id))
    return cards


@dataclass(frozen=True)
class ServiceDetail:
    id: str
    name: str
    description: str
    structure_name: str
    organisation_id: int | None
    kind: str | None  # French label
    categories: tuple[str, ...]  # category codes
    category_labels: tuple[str, ...]
    free: bool | None
    fees_details: str | None
    publics: tuple[str, ...]  # French labels
    publics_details: str | None
    access_conditions: str | None
    address: str | None  # one line: street, complement, postcode and commune
    phone: str | None
    email: str | None
    opening_hours: str | None  # in plain French
    walk_in: bool  # « sans rendez-vous »
    contact_first: bool  # « sur rendez-vous » (call, write or use the link first)
    remote: bool
    mobilisation_details: str | None
    mobilisation_link: str | None
    event_date: dt.date | None
    offered: bool
    past: bool


def plain_hours(raw: str | None) -> str | None:
    """« Mo-Fr 08:30-12:30; PH off » as « lundi-vendredi 08:30-12:30 ; fermé les jours fériés »."""
    if not raw:
        return None
    text = re.sub(r"\bPH off\b", "fermé les jours fériés", raw)
    text = re.sub(r"\b(Mo|Tu|We|Th|Fr|Sa|Su)\b", lambda m: DAYS[m.group(1)], text)
    return text.replace(";", " ;").replace(" off", " fermé")


def service_detail(session: Session, service_id: str, today: dt.date | None = None) -> ServiceDetail:
    """Any service of the catalogue, offered or not (a roadmap may point at a withdrawn one)."""
    row = session.exec(select(CatalogueService, CatalogueStructure)
                       .join(CatalogueStructure, CatalogueStructure.id == CatalogueService.structure_id)
                       .where(CatalogueService.id == service_id)).first()
    if row is None:
        raise NotFound()
    service, structure = row
    today = today or clock.today()
    categories = tuple(sorted({category_of(code) for code in service.thematiques.split()}))
    mobilisation = set(service.mobilisation_modes.split())
    address_parts = [p for p in (service.address or structure.address, service.address_more) if p]
    place = " ".join(p for p in (service.postcode or structure.postcode, service.commune or structure.commune) if p)
    address = ", ".join([*address_parts, place]) if (address_parts or place) else None
    return ServiceDetail(
        service.id, service.name, service.description, structure.name, structure.organisation_id,
        kind_label(service.kind) if service.kind else None, categories,
        tuple(category_label(c) for c in categories), service.free, service.fees_details,
        tuple(public_label(p) for p in service.publics.split() if p != EVERYONE), service.publics_details,
        service.access_conditions, address, service.phone or structure.phone, service.email or structure.email,
        plain_hours(service.opening_hours or structure.opening_hours),
        ModeMobilisation.SE_PRESENTER.value in mobilisation, bool(mobilisation & CONTACT_FIRST),
        ModeAccueil.A_DISTANCE.value in service.reception_modes.split(), service.mobilisation_details,
        service.mobilisation_link, service.event_date, service.offered,
        service.event_date is not None and service.event_date < today)


def catalogue_choices(session: Session, words: str = "", limit: int = 30) -> list[tuple[str, str]]:
    """(id, « name — structure ») of offered services whose name holds `words`: what a référent proposes."""
    query = (select(CatalogueService.id, CatalogueService.name, CatalogueStructure.name)
             .join(CatalogueStructure, CatalogueStructure.id == CatalogueService.structure_id)
             .where(*_visible(clock.today())))
    if words.strip():
        query = query.where(CatalogueService.name.ilike(f"%{words.strip()}%"))
    return [(sid, f"{name} — {structure}") for sid, name, structure in
            session.exec(query.order_by(CatalogueService.name).limit(limit))]


def home_commune(session: Session, person_id: int) -> Commune | None:
    """The commune of the person's file, when it is one of the territory's (the default « near »)."""
    name = session.exec(select(Beneficiary.commune).where(Beneficiary.id == person_id)).first()
    return commune_named(name)
