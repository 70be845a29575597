"""Services put in a person's roadmap: « Ça m'intéresse » from the person, a proposal from their
référent that the person accepts or declines, and what the service's structure would see.

Rules held here:
- « Ça m'intéresse » writes exactly one action (under the person's goal of the matching roadmap theme,
  or a new one; the mapping is data, `dossier/data/thematiques_feuille_de_route.tsv`) through the
  roadmap's own services, so its history event is the roadmap's; and one request row, which is what the
  référent's « Ma file active » counts as an alert « intérêt pour un service »;
- once per person and service for each kind (a unique index, not a check-then-write); an answer once
  per proposal (its primary key); request and answer rows are append-only;
- only those who may edit the person's roadmap propose (their structure référente); only the person
  answers;
- nothing is sent to the service's structure: the person reads what that structure sees of their file
  today, and decides in « Mes partages »."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from dossier import clock, roadmap
from dossier.access import open_person, valid_consents
from dossier.actor import Actor
from dossier.errors import NotFound, PermissionDenied, Refusal
from dossier.policy import Category, Permission
from dossier.policy import category_of as policy_category
from dossier.services._lists import category_of, theme_mappings
from storage.models import (
    Beneficiary,
    CatalogueService,
    CatalogueStructure,
    Consent,
    Goal,
    Organisation,
    ServiceAnswer,
    ServiceRequest,
)
from storage.upsert import insert_unless_exists
from storage.vocabulary import Carrier, GoalStatus, ServiceRequestKind

INTEREST_ALERT_DAYS = 30  # « Ma file active » shows the interests of the last 30 days
CONTACT_CATEGORIES = (Category.IDENTITY,)  # what a structure needs to contact the person


class AlreadyAsked(Refusal):
    key = "services.error.already"


class AlreadyAnswered(Refusal):
    key = "services.error.answered"


def _offered(session: Session, service_id: str) -> CatalogueService:
    service = session.get(CatalogueService, service_id)
    if service is None:
        raise NotFound()
    if not service.offered or (service.event_date is not None and service.event_date < clock.today()):
        raise Refusal("services.error.not_offered")
    return service


def roadmap_theme(service: CatalogueService) -> tuple[str, str]:
    """(roadmap theme, goal label) for the service: its first category that the mapping knows."""
    mappings = theme_mappings()
    for category in sorted({category_of(code) for code in service.thematiques.split()}):
        if category in mappings:
            return mappings[category].theme_code, mappings[category].goal_label
    fallback = mappings["remobilisation"]
    return fallback.theme_code, fallback.goal_label


def _write_action(session: Session, actor: Actor, person_id: int, service: CatalogueService) -> tuple[int, str]:
    """The action for `service` in the person's roadmap, by the roadmap's own services."""
    theme, goal_label = roadmap_theme(service)
    goal_id = session.exec(select(Goal.id).where(Goal.beneficiary_id == person_id, Goal.theme_code == theme,
                                                 Goal.status == GoalStatus.IN_PROGRESS)
                           .order_by(Goal.created_at, Goal.id).limit(1)).first()
    if goal_id is None:
        goal_id = roadmap.add_goal(session, actor, person_id, theme_code=theme, label=goal_label, sensitive_ok=True)
    organisation_id = session.exec(select(CatalogueStructure.organisation_id)
                                   .where(CatalogueStructure.id == service.structure_id)).first()
    due = service.event_date if service.event_date and service.event_date >= clock.today() else None
    action_id = roadmap.add_action(session, actor, goal_id, label=service.name, due_date=due,
                                   carrier=Carrier.PARTNER if organisation_id else Carrier.PERSON,
                                   partner_id=organisation_id, sensitive_ok=True)
    return action_id, theme


def _record(session: Session, actor: Actor, person_id: int, service: CatalogueService, kind: ServiceRequestKind,
            theme: str, action_id: int | None) -> int:
    request_id = insert_unless_exists(
        session, ServiceRequest,
        {"beneficiary_id": person_id, "service_id": service.id, "kind": kind, "theme_code": theme,
         "action_id": action_id, "by_kind": actor.kind, "by_id": actor.id, "by_name": actor.display_name,
         "at": clock.now()},
        index_elements=["beneficiary_id", "service_id", "kind"], returning=ServiceRequest.id)
    if request_id is None:
        raise AlreadyAsked()
    return request_id


def express_interest(session: Session, actor: Actor, service_id: str) -> int:
    """« Ça m'intéresse »: the person puts the service in their roadmap. Returns the action's id."""
    if not actor.is_beneficiary:
        raise PermissionDenied("denied.action")
    open_person(session, actor, actor.id, Category.ROADMAP, Permission.EDIT)
    service = _offered(session, service_id)
    if session.exec(select(ServiceRequest.id).where(ServiceRequest.beneficiary_id == actor.id,
                                                    ServiceRequest.service_id == service_id,
                                                    ServiceRequest.kind == ServiceRequestKind.INTEREST)).first():
        raise AlreadyAsked()  # the unique index below holds it under a race; this spares the writes
    action_id, theme = _write_action(session, actor, actor.id, service)
    _record(session, actor, actor.id, service, ServiceRequestKind.INTEREST, theme, action_id)
    session.flush()
    return action_id


def propose(session: Session, actor: Actor, person_id: int, service_id: str) -> int:
    """The référent proposes a service; nothing enters the roadmap before the person accepts."""
    if not actor.is_professional:
        raise PermissionDenied("denied.action")
    open_person(session, actor, person_id, Category.ROADMAP, Permission.EDIT)
    service = _offered(session, service_id)
    theme, _ = roadmap_theme(service)
    open_person(session, actor, person_id, policy_category(theme, Category.ROADMAP), Permission.EDIT)
    request_id = _record(session, actor, person_id, service, ServiceRequestKind.PROPOSAL, theme, None)
    session.flush()
    return request_id


def answer(session: Session, actor: Actor, request_id: int, accept: bool) -> int | None:
    """The person accepts (the action is written, returned) or declines a proposal."""
    request = session.get(ServiceRequest, request_id)
    if request is None or request.kind != ServiceRequestKind.PROPOSAL or not actor.is_beneficiary \
            or actor.id != request.beneficiary_id:
        raise PermissionDenied("denied.action")
    open_person(session, actor, actor.id, Category.ROADMAP, Permission.EDIT)
    if session.get(ServiceAnswer, request_id) is not None:
        raise AlreadyAnswered()
    action_id = None
    if accept:
        service = _offered(session, request.service_id)
        action_id, _ = _write_action(session, actor, actor.id, service)
    done = insert_unless_exists(session, ServiceAnswer,
                                {"request_id": request_id, "beneficiary_id": actor.id, "accepted": accept,
                                 "action_id": action_id, "by_name": actor.display_name, "at": clock.now()},
                                index_elements=["request_id"], returning=ServiceAnswer.request_id)
    if done is None:
        raise AlreadyAnswered()
    session.flush()
    return action_id


@dataclass(frozen=True)
class RequestView:
    id: int
    service_id: str
    service_name: str
    structure_name: str
    kind: str
    by_name: str
    by_person: bool
    at: dt.datetime
    action_id: int | None
    answered: bool
    accepted: bool | None
    answered_at: dt.datetime | None

    @property
    def waiting(self) -> bool:
        return self.kind == ServiceRequestKind.PROPOSAL and not self.answered


def requests_of(session: Session, actor: Actor, person_id: int) -> list[RequestView]:
    """Who put which service in the roadmap and when, newest first, as far as the reader sees the
    roadmap (a health-themed one needs the health category)."""
    person = open_person(session, actor, person_id, Category.ROADMAP)
    shown = roadmap.readable_themes(session, actor, person)
    rows = session.exec(
        select(ServiceRequest, CatalogueService.name, CatalogueStructure.name, ServiceAnswer)
        .join(CatalogueService, CatalogueService.id == ServiceRequest.service_id)
        .join(CatalogueStructure, CatalogueStructure.id == CatalogueService.structure_id)
        .join(ServiceAnswer, ServiceAnswer.request_id == ServiceRequest.id, isouter=True)
        .where(ServiceRequest.beneficiary_id == person_id)
        .order_by(ServiceRequest.at.desc(), ServiceRequest.id.desc())).all()
    return [RequestView(r.id, r.service_id, name, structure, r.kind, r.by_name, r.by_kind == "beneficiary",
                        r.at, a.action_id if a else r.action_id, a is not None, a.accepted if a else None,
                        a.at if a else None)
            for r, name, structure, a in rows if r.theme_code in shown]


@dataclass(frozen=True)
class SharingNote:
    """What the service's structure sees of the person's file today (nothing is sent by the app)."""

    structure_name: str
    known: bool  # the structure is one of the consortium's (else the app never shares with it)
    referent_structure: bool  # it accompanies the person: it already reads the file by its mission
    shared: tuple[Category, ...]  # the categories the person's valid consents give it
    would_share: tuple[Category, ...] = CONTACT_CATEGORIES


def sharing_note(session: Session, actor: Actor, service_id: str) -> SharingNote:
    if not actor.is_beneficiary:
        raise PermissionDenied("denied.action")
    row = session.exec(select(CatalogueStructure.name, CatalogueStructure.organisation_id)
                       .join(CatalogueService, CatalogueService.structure_id == CatalogueStructure.id)
                       .where(CatalogueService.id == service_id)).first()
    if row is None:
        raise NotFound()
    name, organisation_id = row
    if organisation_id is None:
        return SharingNote(name, False, False, ())
    person = session.get(Beneficiary, actor.id)
    organisation = session.get(Organisation, organisation_id)
    consents = session.exec(valid_consents(actor.id, clock.now()).where(
        (Consent.recipient_organisation_id == organisation_id) | (Consent.recipient_type == organisation.type))).all()
    shared = tuple(c for c in Category if c in {Category(x.category) for x in consents})
    return SharingNote(organisation.name, True, person.organisation_id == organisation_id, shared)
