"""Who waits for a first appointment, and whether the free seats cover them: one definition, one query,
for the agenda's desk and for the pilotage page, so that two pages never show two numbers.

Waiting: no first appointment upcoming or honoured (an excused, cancelled or missed one waits again),
whatever the RSA entry date; the one-month target (entry + 30 days) splits them into ahead, passed and
unknown. Free seats: seats of live first-appointment créneaux from now to the end (Paris) of the latest
target among the people waiting, and at least to the end of today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, true
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, select

from dossier import clock
from dossier.actor import Actor
from dossier.appointments._views import FIRST, TARGET_DAYS
from dossier.policy import Category, Permission, readable_without_grants, require
from storage.models import Beneficiary, Booking, Credential, Place, Slot
from storage.sql import count_true
from storage.vocabulary import BookingStatus, Role

HOLDS_THE_APPOINTMENT = (BookingStatus.UPCOMING, BookingStatus.HONOURED)
LISTED = 20  # the agenda names the 20 who have waited longest


def has_first_appointment(type_code: str = FIRST) -> Select:
    """The ids of people who have their first appointment (upcoming or honoured): caseload, agenda and
    pilotage all mean this."""
    return select(Booking.beneficiary_id).where(Booking.type_code == type_code,
                                                Booking.status.in_(HOLDS_THE_APPOINTMENT))


def counted_scope(actor: Actor) -> ColumnElement[bool]:
    """Whose counts an actor sees (no one is named by a count): the territory for the accueil and the
    coordination, a référent's own structure otherwise."""
    if actor.has_role(Role.REFERENT) and not actor.has_role(Role.RECEPTION, Role.COORDINATOR):
        return Beneficiary.organisation_id == actor.organisation_id
    return true()


def _waiting() -> ColumnElement[bool]:
    return Beneficiary.id.not_in(has_first_appointment())


@dataclass(frozen=True)
class Waiting:
    person_id: int
    dossier_number: str
    name: str
    rsa_entry_date: dt.date | None
    days_since_entry: int | None


def waiting_people(session: Session, actor: Actor, limit: int = LISTED) -> list[Waiting]:
    """The people waiting whom the actor may name, longest wait first (unknown entry dates last),
    filtered and limited by the database."""
    require(actor, Permission.PUBLISH_SLOTS)
    people = session.exec(
        select(Beneficiary.id, Beneficiary.dossier_number, Beneficiary.last_name, Beneficiary.first_name,
               Beneficiary.rsa_entry_date)
        .where(_waiting(), counted_scope(actor), readable_without_grants(actor, Category.IDENTITY))
        .order_by(Beneficiary.rsa_entry_date.is_(None), Beneficiary.rsa_entry_date, Beneficiary.last_name,
                  Beneficiary.id)
        .limit(limit)).all()
    today = clock.today()
    return [Waiting(person_id, number, f"{last.upper()} {first}", entry, (today - entry).days if entry else None)
            for person_id, number, last, first, entry in people]


@dataclass(frozen=True)
class PlaceSeats:
    """Free first-appointment seats at one place between now and the shortage deadline."""

    place_id: int
    place_name: str
    free_seats: int


@dataclass(frozen=True)
class Shortage:
    """People waiting (once: they are tied to no place) against the free seats before the latest
    one-month target among them, per place."""

    waiting: int
    waiting_target_ahead: int
    waiting_target_passed: int
    deadline: dt.date | None
    places: tuple[PlaceSeats, ...]

    @property
    def free_seats(self) -> int:
        return sum(p.free_seats for p in self.places)

    @property
    def waiting_date_unknown(self) -> int:
        return self.waiting - self.waiting_target_ahead - self.waiting_target_passed

    @property
    def missing(self) -> bool:
        """Fewer free seats than people waiting: créneaux must be published."""
        return self.free_seats < self.waiting


def shortage_in(session: Session, scope: ColumnElement[bool]) -> Shortage:
    """The shortage among the people in `scope`: callers check the permission and choose the scope."""
    cutoff = clock.today() - dt.timedelta(days=TARGET_DAYS)
    waiting, ahead, passed, latest_entry = session.execute(
        select(func.count(Beneficiary.id), count_true(Beneficiary.rsa_entry_date >= cutoff),
               count_true(Beneficiary.rsa_entry_date < cutoff), func.max(Beneficiary.rsa_entry_date))
        .where(_waiting(), scope)).one()
    deadline = latest_entry + dt.timedelta(days=TARGET_DAYS) if latest_entry else None
    last_day = max(deadline, clock.today()) if deadline else clock.today()  # a passed target waits for today's seats
    before = clock.paris_midnight(last_day + dt.timedelta(days=1))
    live = and_(Slot.place_id == Place.id, Slot.type_code == FIRST, Slot.cancelled_at.is_(None),
                Slot.starts_at >= clock.now(), Slot.starts_at < before)
    rows = session.execute(
        select(Place.id, Place.name, func.coalesce(func.sum(Slot.capacity - Slot.booked), 0))
        .select_from(Place).outerjoin(Slot, live).group_by(Place.id, Place.name).order_by(Place.name, Place.id)).all()
    places = tuple(PlaceSeats(place_id, name, int(free)) for place_id, name, free in rows)
    return Shortage(int(waiting), int(ahead), int(passed), deadline, places)


def shortage(session: Session, actor: Actor) -> Shortage:
    """The agenda's warning: the actor's counted scope (their structure for a référent)."""
    require(actor, Permission.PUBLISH_SLOTS)
    return shortage_in(session, counted_scope(actor))


@dataclass(frozen=True)
class Funnel:
    people: int
    invited: int
    activated: int
    booked: int
    honoured: int


def funnel(session: Session, actor: Actor, type_code: str = FIRST) -> Funnel:
    """How far people have come: invited → account activated → first appointment booked → honoured.
    Counts only (no one is named): the territory for the accueil and coordinators, else the structure."""
    require(actor, Permission.PUBLISH_SLOTS)
    scope = select(Beneficiary.id).where(counted_scope(actor))
    ids = scope  # the people in scope, as a subquery of each count

    def count(query) -> int:
        return session.exec(select(func.count()).select_from(query.subquery())).one()

    return Funnel(
        people=count(scope),
        invited=count(select(Credential.beneficiary_id).where(Credential.beneficiary_id.in_(ids))),
        activated=count(select(Credential.beneficiary_id).where(Credential.beneficiary_id.in_(ids),
                                                                Credential.activated_at.is_not(None))),
        booked=count(select(Booking.beneficiary_id).where(Booking.beneficiary_id.in_(ids),
                                                          Booking.type_code == type_code).distinct()),
        honoured=count(select(Booking.beneficiary_id).where(Booking.beneficiary_id.in_(ids),
                                                            Booking.type_code == type_code,
                                                            Booking.status == BookingStatus.HONOURED).distinct()),
    )
