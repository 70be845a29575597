"""The référent's « file active »: the people they follow, with what needs their attention.

Every alert comes from one grouped query over the whole caseload (the number of statements does not
grow with the number of people), and is kept only when the policy lets this référent read the
category it comes from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import func, or_
from sqlmodel import Session, select

from dossier import clock
from dossier.accounts import account_status
from dossier.actor import Actor
from dossier.appointments import has_first_appointment
from dossier.pathway import FollowUp, follow_ups
from dossier.policy import HEALTH_THEMES, Category, Permission, may
from dossier.roadmap import FINISHED_ACTION_STATUSES
from dossier.services import INTEREST_ALERT_DAYS
from dossier.settings import get_settings
from storage.models import (
    Action,
    Beneficiary,
    Booking,
    ConsentWithdrawal,
    Credential,
    Roadmap,
    ServiceRequest,
    Slot,
)
from storage.vocabulary import BookingStatus, ServiceRequestKind


class Alert(StrEnum):
    """What needs the référent, and the page of the dossier where it is dealt with."""

    NO_FIRST_BOOKING = "sans_rendez_vous"
    ATTENDANCE_MISSING = "presence_a_noter"
    NEVER_VALIDATED = "jamais_validee"
    MODIFIED_SINCE_VALIDATION = "modifiee_depuis_validation"
    ACTIONS_OVERDUE = "actions_en_retard"
    INVITATION_NOT_ACTIVATED = "invitation_non_activee"
    CONSENT_WITHDRAWN = "accord_retire"
    CHECK_IN_DUE = "point_emploi"
    CALL_REQUESTED = "rappel_demande"
    SERVICE_INTEREST = "interet_service"


ALERT_PAGE = {  # the page (app.py's page name) that deals with each alert
    Alert.NO_FIRST_BOOKING: "booking",
    Alert.ATTENDANCE_MISSING: "agenda",
    Alert.NEVER_VALIDATED: "roadmap",
    Alert.MODIFIED_SINCE_VALIDATION: "roadmap",
    Alert.ACTIONS_OVERDUE: "roadmap",
    Alert.INVITATION_NOT_ACTIVATED: "invite",
    Alert.CONSENT_WITHDRAWN: "roadmap",
    Alert.CHECK_IN_DUE: "orientation",
    Alert.CALL_REQUESTED: "orientation",
    Alert.SERVICE_INTEREST: "roadmap",
}
ALERT_CATEGORY = {  # the part of the dossier each alert reveals something about
    Alert.NO_FIRST_BOOKING: Category.APPOINTMENTS,
    Alert.ATTENDANCE_MISSING: Category.APPOINTMENTS,
    Alert.NEVER_VALIDATED: Category.ROADMAP,
    Alert.MODIFIED_SINCE_VALIDATION: Category.ROADMAP,
    Alert.ACTIONS_OVERDUE: Category.ROADMAP,
    Alert.INVITATION_NOT_ACTIVATED: Category.IDENTITY,
    Alert.CONSENT_WITHDRAWN: Category.IDENTITY,
    Alert.CHECK_IN_DUE: Category.ROADMAP,
    Alert.CALL_REQUESTED: Category.ROADMAP,
    Alert.SERVICE_INTEREST: Category.ROADMAP,  # under the health theme: health (counted apart below)
}
SORTS = ("alertes", "nom", "entree_rsa")


@dataclass(frozen=True)
class CaseRow:
    person_id: int
    dossier_number: str
    name: str
    rsa_entry_date: dt.date | None
    days_since_entry: int | None
    account: str
    alerts: dict[Alert, int] = field(default_factory=dict)  # alert -> how many (actions, bookings...)
    follow_up: FollowUp | None = None  # open follow-up in employment (« Suivi dans l'emploi »)


def _grouped(session: Session, query) -> dict[int, int]:
    return dict(session.exec(query).all())


def file_active(session: Session, actor: Actor, search: str = "", sort: str = "alertes") -> list[CaseRow]:
    """The caseload with its alerts; `search` matches a name or a dossier number (case-insensitive)."""
    if not may(actor, Permission.VIEW_CASELOAD):
        return []
    # The credential and roadmap are read as columns: building 600 more ORM objects was half the time.
    query = (select(Beneficiary, Credential.secret_hash, Credential.activation_code_hash,
                    Credential.activation_expires_at)
             .join(Credential, Credential.beneficiary_id == Beneficiary.id, isouter=True)
             .where(Beneficiary.referent_id == actor.id))
    words = search.strip()
    if words:
        like = f"%{words.lower()}%"
        query = query.where(or_(func.lower(Beneficiary.last_name).like(like),
                                func.lower(Beneficiary.first_name).like(like),
                                func.lower(Beneficiary.dossier_number).like(like)))
    people = [(row[0], row) for row in session.exec(query).all()
              if may(actor, Permission.READ, row[0], Category.IDENTITY)]
    if not people:
        return []
    ids = [p.id for p, _ in people]
    now, today, settings = clock.now(), clock.today(), get_settings()
    has_first = set(session.exec(has_first_appointment().where(Booking.beneficiary_id.in_(ids))).all())
    unrecorded = _grouped(session, select(Booking.beneficiary_id, func.count())
                          .join(Slot, Slot.id == Booking.slot_id)
                          .where(Booking.beneficiary_id.in_(ids), Booking.status == BookingStatus.UPCOMING,
                                 Slot.starts_at < now)
                          .group_by(Booking.beneficiary_id))
    overdue = _grouped(session, select(Action.beneficiary_id, func.count())
                       .where(Action.beneficiary_id.in_(ids), Action.due_date < today,
                              Action.status.not_in(tuple(FINISHED_ACTION_STATUSES)))
                       .group_by(Action.beneficiary_id))
    roadmaps = {r.beneficiary_id: r for r in session.exec(
        select(Roadmap.beneficiary_id, Roadmap.revision, Roadmap.validated_revision)
        .where(Roadmap.beneficiary_id.in_(ids)))}
    withdrawn = _grouped(session, select(ConsentWithdrawal.beneficiary_id, func.count())
                         .where(ConsentWithdrawal.beneficiary_id.in_(ids),
                                ConsentWithdrawal.withdrawn_at >= now - dt.timedelta(days=settings.alert_consent_days))
                         .group_by(ConsentWithdrawal.beneficiary_id))
    following = {pid: f for pid, f in follow_ups(session, ids).items() if not f.closed}
    interests: dict[tuple[int, bool], int] = {}  # (person, under the health theme) -> how many
    for person_id, theme, n in session.exec(
            select(ServiceRequest.beneficiary_id, ServiceRequest.theme_code, func.count())
            .where(ServiceRequest.beneficiary_id.in_(ids), ServiceRequest.kind == ServiceRequestKind.INTEREST,
                   ServiceRequest.at >= now - dt.timedelta(days=INTEREST_ALERT_DAYS))
            .group_by(ServiceRequest.beneficiary_id, ServiceRequest.theme_code)):
        health = theme in HEALTH_THEMES
        interests[(person_id, health)] = interests.get((person_id, health), 0) + n
    rows = []
    for person, credential in people:
        days = (today - person.rsa_entry_date).days if person.rsa_entry_date else None
        found: dict[Alert, int] = {}
        if person.id not in has_first and days is not None and days >= settings.alert_no_booking_days:
            found[Alert.NO_FIRST_BOOKING] = days
        if unrecorded.get(person.id):
            found[Alert.ATTENDANCE_MISSING] = unrecorded[person.id]
        roadmap = roadmaps.get(person.id)
        if roadmap is not None and roadmap.revision > 0:
            if roadmap.validated_revision is None:
                found[Alert.NEVER_VALIDATED] = 1
            elif roadmap.revision > roadmap.validated_revision:
                found[Alert.MODIFIED_SINCE_VALIDATION] = 1
        if overdue.get(person.id):
            found[Alert.ACTIONS_OVERDUE] = overdue[person.id]
        account = account_status(credential)  # the row's credential columns, None when it has none
        if account == "invited":
            found[Alert.INVITATION_NOT_ACTIVATED] = 1
        if withdrawn.get(person.id):
            found[Alert.CONSENT_WITHDRAWN] = withdrawn[person.id]
        follow_up = following.get(person.id)
        if follow_up is not None and follow_up.due is not None:
            found[Alert.CHECK_IN_DUE] = follow_up.due.months
        if follow_up is not None and follow_up.call_requested is not None:
            found[Alert.CALL_REQUESTED] = 1
        allowed = {a: n for a, n in found.items() if may(actor, Permission.READ, person, ALERT_CATEGORY[a])}
        interested = sum(interests.get((person.id, health), 0) for health in (False, True)
                         if may(actor, Permission.READ, person, Category.HEALTH if health else Category.ROADMAP))
        if interested:
            allowed[Alert.SERVICE_INTEREST] = interested
        if not may(actor, Permission.READ, person, Category.ROADMAP):
            follow_up = None
        rows.append(CaseRow(person.id, person.dossier_number, f"{person.last_name.upper()} {person.first_name}",
                            person.rsa_entry_date, days, account, allowed, follow_up))
    return _sorted(rows, sort)


def _sorted(rows: list[CaseRow], sort: str) -> list[CaseRow]:
    by_name = sorted(rows, key=lambda r: r.name)
    if sort == "nom":
        return by_name
    if sort == "entree_rsa":
        return sorted(by_name, key=lambda r: (r.rsa_entry_date is None, r.rsa_entry_date or dt.date.min))
    return sorted(by_name, key=lambda r: -len(r.alerts))


