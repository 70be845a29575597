"""The offer of services in the pilotage: the services most asked for (people who said « Ça
m'intéresse » or accepted a proposal) and the « zones blanches » (for each category of thématiques, the
communes of the territory with no service offered within `WHITE_ZONE_KM`, and how many people live
there). Aggregates only; the page masks counts of 1 to 4 (definitions in docs/indicateurs.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, select

from dossier import clock, services
from dossier.actor import Actor
from dossier.policy import Permission, require
from storage.models import (
    Beneficiary,
    CatalogueService,
    CatalogueServiceCategory,
    CatalogueStructure,
    ServiceAnswer,
    ServiceRequest,
)
from storage.vocabulary import ServiceRequestKind

WHITE_ZONE_KM = 15
ASKED_LIMIT = 10


@dataclass(frozen=True)
class AskedService:
    service_id: str
    name: str
    structure_name: str
    people: int


@dataclass(frozen=True)
class WhiteZone:
    category: str
    label: str
    communes: tuple[str, ...]
    people: int  # people of the territory whose commune is one of these


def services_asked(session: Session, actor: Actor, limit: int = ASKED_LIMIT) -> list[AskedService]:
    """Services by the number of distinct people interested (interest, or a proposal they accepted)."""
    require(actor, Permission.VIEW_PILOTAGE)
    people = func.count(func.distinct(ServiceRequest.beneficiary_id))
    rows = session.exec(
        select(ServiceRequest.service_id, CatalogueService.name, CatalogueStructure.name, people)
        .join(CatalogueService, CatalogueService.id == ServiceRequest.service_id)
        .join(CatalogueStructure, CatalogueStructure.id == CatalogueService.structure_id)
        .join(ServiceAnswer, ServiceAnswer.request_id == ServiceRequest.id, isouter=True)
        .where(or_(ServiceRequest.kind == ServiceRequestKind.INTEREST, ServiceAnswer.accepted.is_(True)))
        .group_by(ServiceRequest.service_id, CatalogueService.name, CatalogueStructure.name)
        .order_by(people.desc(), CatalogueService.name).limit(limit)).all()
    return [AskedService(*row) for row in rows]


def white_zones(session: Session, actor: Actor, radius_km: float = WHITE_ZONE_KM) -> list[WhiteZone]:
    """For each category with at least one commune of the territory left without a service offered within
    `radius_km` of its centre: those communes and how many people live there, most people first."""
    require(actor, Permission.VIEW_PILOTAGE)
    today = clock.today()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for category, lat, lon in session.exec(
            select(CatalogueServiceCategory.category, CatalogueService.latitude, CatalogueService.longitude)
            .join(CatalogueService, CatalogueService.id == CatalogueServiceCategory.service_id)
            .where(CatalogueService.offered.is_(True), CatalogueService.latitude.is_not(None),
                   CatalogueService.longitude.is_not(None),
                   or_(CatalogueService.event_date.is_(None), CatalogueService.event_date >= today))):
        points[category].append((lat, lon))
    living = {services.commune_named(name): n for name, n in session.exec(
        select(Beneficiary.commune, func.count()).where(Beneficiary.commune.is_not(None))
        .group_by(Beneficiary.commune))}
    zones = []
    for choice in services.categories():
        uncovered = [c for c in services.communes()
                     if not any(services.distance_km(c.latitude, c.longitude, lat, lon) <= radius_km
                                for lat, lon in points[choice.code])]
        if uncovered:
            zones.append(WhiteZone(choice.code, choice.label, tuple(c.name for c in uncovered),
                                   sum(living.get(c, 0) for c in uncovered)))
    return sorted(zones, key=lambda z: (-z.people, z.label))
