"""The first diagnostic appointment: publishing créneaux, booking, moving, cancelling, attendance.

The database keeps the promises, not a check-then-write in Python:
- a créneau never holds more than its capacity: a seat is taken by one conditional
  `UPDATE slot SET booked = booked + 1 WHERE booked < capacity …` (and a CHECK refuses anything else);
- a person holds at most one upcoming appointment of a type: a partial unique index on `booking`;
- moving takes the new seat before releasing the old one, on the same booking row, in one transaction.
A seat taken is the first write of its unit of work, so on SQLite the write lock is asked for before any
snapshot is held (no stale read to upgrade) and concurrent bookings queue on the busy timeout.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import holidays
from sqlalchemy import case, func, update
from sqlmodel import Session, select

from dossier import clock
from dossier.access import open_person
from dossier.actor import Actor
from dossier.appointments import _notices
from dossier.appointments._views import FIRST, TARGET_DAYS, BookingView, SlotView, view_of
from dossier.errors import FieldErrors, PermissionDenied, Refusal
from dossier.policy import Category, Permission, may, require
from dossier.settings import get_settings
from storage.models import AppointmentType, Beneficiary, Booking, BookingEvent, Place, Slot
from storage.upsert import insert_unless_exists
from storage.vocabulary import BookingChannel, BookingStatus, OutboxKind, Role

REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY345679"  # no look-alikes (0/O, 1/I/L, 2/Z, 8/B)
REFERENCE_LENGTH = 6
NEXT_FREE_SHOWN = 5
BATCH_MAX = 2000
TRANSITIONS = {
    BookingStatus.UPCOMING: {BookingStatus.HONOURED, BookingStatus.ABSENT, BookingStatus.EXCUSED,
                             BookingStatus.CANCELLED_BY_STRUCTURE},
    BookingStatus.HONOURED: {BookingStatus.ABSENT},  # a mistaken mark can be corrected
    BookingStatus.ABSENT: {BookingStatus.HONOURED, BookingStatus.EXCUSED},
    BookingStatus.EXCUSED: set(),
    BookingStatus.CANCELLED_BY_STRUCTURE: set(),
}
ATTENDANCE = (BookingStatus.HONOURED, BookingStatus.ABSENT, BookingStatus.EXCUSED)


class SlotTaken(Refusal):
    """« Ce créneau vient d'être pris »: someone else took the last seat first (or it was cancelled)."""

    key = "booking.taken.short"

    def __init__(self, next_free: list[SlotView]) -> None:
        super().__init__()
        self.next_free = next_free


@dataclass(frozen=True)
class Batch:
    place_id: int
    weekdays: frozenset[int]  # 0 = Monday
    start: dt.time
    end: dt.time
    duration_minutes: int
    first_day: dt.date
    last_day: dt.date
    capacity: int = 1
    type_code: str = FIRST


def planned_slots(batch: Batch) -> list[tuple[dt.datetime, dt.datetime]]:
    """The créneaux a batch creates (Paris time, stored in UTC): on the chosen weekdays, public holidays
    of France skipped, back to back between start and end."""
    errors: dict[str, str] = {}
    if not batch.weekdays:
        errors["weekdays"] = "error.slots.weekdays"
    if batch.end <= batch.start:
        errors["end"] = "error.slots.times"
    if batch.last_day < batch.first_day:
        errors["last_day"] = "error.slots.days"
    if not 10 <= batch.duration_minutes <= 240:
        errors["duration"] = "error.slots.duration"
    if not 1 <= batch.capacity <= 50:
        errors["capacity"] = "error.slots.capacity"
    if errors:
        raise FieldErrors(errors)
    closed = holidays.France(years=range(batch.first_day.year, batch.last_day.year + 1))
    length = dt.timedelta(minutes=batch.duration_minutes)
    planned = []
    day = batch.first_day
    while day <= batch.last_day:
        if day.weekday() in batch.weekdays and day not in closed:
            start = dt.datetime.combine(day, batch.start, tzinfo=clock.PARIS)
            last = dt.datetime.combine(day, batch.end, tzinfo=clock.PARIS)
            while start + length <= last:
                planned.append((start.astimezone(dt.UTC), (start + length).astimezone(dt.UTC)))
                start += length
        day += dt.timedelta(days=1)
    if len(planned) > BATCH_MAX:
        raise FieldErrors({"last_day": "error.slots.too_many"})
    return planned


def _new_slots(session: Session, actor: Actor, batch: Batch) -> tuple[Place, list[tuple[dt.datetime, dt.datetime]]]:
    require(actor, Permission.PUBLISH_SLOTS)
    place = session.get(Place, batch.place_id)
    if place is None:
        raise FieldErrors({"place": "error.slots.place"})
    if place.organisation_id != actor.organisation_id and not actor.has_role(Role.COORDINATOR):
        raise PermissionDenied("denied.slots.own_places")
    planned = planned_slots(batch)
    existing = set(session.exec(select(Slot.starts_at).where(
        Slot.place_id == place.id, Slot.type_code == batch.type_code, Slot.cancelled_at.is_(None))).all())
    now = clock.now()
    return place, [(start, end) for start, end in planned if start not in existing and start > now]


def preview(session: Session, actor: Actor, batch: Batch) -> int:
    """How many créneaux `publish` would create now (nothing is written)."""
    return len(_new_slots(session, actor, batch)[1])


def publish(session: Session, actor: Actor, batch: Batch) -> int:
    """Create the batch's créneaux for the place's structure; those already published at the same place
    and time, and past ones, are not created. Returns how many were created."""
    place, new = _new_slots(session, actor, batch)
    now = clock.now()
    for starts_at, ends_at in new:
        session.add(Slot(type_code=batch.type_code, place_id=place.id, organisation_id=place.organisation_id,
                         starts_at=starts_at, ends_at=ends_at, capacity=batch.capacity, created_by=actor.id,
                         created_at=now))
    session.flush()
    return len(new)


# --- reading --------------------------------------------------------------------------------------


def _window(session: Session, type_code: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    kind = session.get(AppointmentType, type_code)
    if kind is None:
        raise FieldErrors({"slot": "error.booking.choose_slot"})
    return now + dt.timedelta(minutes=kind.min_notice_minutes), now + dt.timedelta(days=kind.max_ahead_days)


def free_slots(session: Session, *, place_id: int | None = None, type_code: str = FIRST,
               limit: int | None = None) -> list[SlotView]:
    """Créneaux with a free seat inside the booking window, soonest first (no personal data)."""
    query = (select(Slot.id, Slot.place_id, Slot.starts_at, Slot.ends_at, Slot.capacity - Slot.booked)
             .where(*_free_in_window(session, type_code)).order_by(Slot.starts_at, Slot.id))
    if place_id is not None:
        query = query.where(Slot.place_id == place_id)
    if limit:
        query = query.limit(limit)
    return [SlotView(*row) for row in session.exec(query)]  # columns, not ORM objects: hundreds of rows


def _free_in_window(session: Session, type_code: str) -> tuple:
    earliest, latest = _window(session, type_code, clock.now())
    return (Slot.type_code == type_code, Slot.cancelled_at.is_(None), Slot.booked < Slot.capacity,
            Slot.starts_at >= earliest, Slot.starts_at <= latest)


def upcoming(session: Session, actor: Actor, person_id: int, type_code: str = FIRST) -> BookingView | None:
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    booking = session.exec(select(Booking).where(Booking.beneficiary_id == person_id, Booking.type_code == type_code,
                                                 Booking.status == BookingStatus.UPCOMING)).first()
    return view_of(session, booking) if booking else None


@dataclass(frozen=True)
class PlaceChoice:
    id: int
    name: str
    address: str
    city: str
    step_free: bool
    free: int
    first: dt.datetime


def places_with_free_slots(session: Session, type_code: str = FIRST) -> list[PlaceChoice]:
    """Places that have a free créneau in the window, with the soonest one (no personal data)."""
    free = (select(Slot.place_id, func.sum(Slot.capacity - Slot.booked).label("free"),
                   func.min(Slot.starts_at).label("first"))
            .where(*_free_in_window(session, type_code)).group_by(Slot.place_id).subquery())
    rows = session.exec(select(Place, free.c.free, free.c.first).join(free, free.c.place_id == Place.id)).all()
    choices = [PlaceChoice(p.id, p.name, p.address, f"{p.postcode} {p.city}", p.step_free, int(n), first)
               for p, n, first in rows]
    return sorted(choices, key=lambda c: (c.first, c.name))


def free_day_counts(session: Session, place_id: int, type_code: str = FIRST) -> dict[dt.date, int]:
    """How many free créneaux each day (Paris time) of the booking window has at this place, soonest day
    first, days without any left out. Counted by the database: each créneau is put in its Paris day by
    comparing its start with the UTC instants the window's days begin (one CASE, exact across the
    changes of time), so that the page draws its day buttons without reading every créneau."""
    earliest, latest = _window(session, type_code, clock.now())
    first, last = clock.as_paris(earliest).date(), clock.as_paris(latest).date()
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    bucket = case(*[(Slot.starts_at < clock.paris_midnight(day + dt.timedelta(days=1)), index)
                    for index, day in enumerate(days)], else_=len(days)).label("day")
    buckets = (select(bucket).where(*_free_in_window(session, type_code), Slot.place_id == place_id)
               .subquery("free_days"))
    rows = session.execute(select(buckets.c.day, func.count()).group_by(buckets.c.day).order_by(buckets.c.day))
    return {days[index]: int(n) for index, n in rows if index < len(days)}


def free_slots_on(session: Session, place_id: int, day: dt.date, type_code: str = FIRST) -> list[SlotView]:
    """The free créneaux of one place on one day (Paris time), soonest first."""
    query = (select(Slot.id, Slot.place_id, Slot.starts_at, Slot.ends_at, Slot.capacity - Slot.booked)
             .where(*_free_in_window(session, type_code), Slot.place_id == place_id,
                    Slot.starts_at >= clock.paris_midnight(day),
                    Slot.starts_at < clock.paris_midnight(day + dt.timedelta(days=1)))
             .order_by(Slot.starts_at, Slot.id))
    return [SlotView(*row) for row in session.exec(query)]


def days_to_target(session: Session, actor: Actor, person_id: int) -> int | None:
    """Days left before the one-month target (negative once passed); None without an RSA entry date."""
    person = open_person(session, actor, person_id, Category.IDENTITY)
    if person.rsa_entry_date is None:
        return None
    return (person.rsa_entry_date + dt.timedelta(days=TARGET_DAYS) - clock.today()).days


def first_honoured(session: Session, actor: Actor, person_id: int, type_code: str = FIRST) -> bool:
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    return session.exec(select(Booking.id).where(Booking.beneficiary_id == person_id, Booking.type_code == type_code,
                                                 Booking.status == BookingStatus.HONOURED)).first() is not None


# --- booking --------------------------------------------------------------------------------------


def _channel(actor: Actor, on_kiosk: bool) -> BookingChannel:
    if actor.is_beneficiary:
        return BookingChannel.KIOSK if on_kiosk else BookingChannel.AUTONOMOUS
    return BookingChannel.REFERENT if actor.has_role(Role.REFERENT) else BookingChannel.RECEPTION


def _take_seat(session: Session, slot_id: int, type_code: str) -> bool:
    """One conditional UPDATE: a free seat of a live créneau inside the booking window, or nothing."""
    earliest, latest = _window(session, type_code, clock.now())
    taken = session.execute(
        update(Slot).where(Slot.id == slot_id, Slot.type_code == type_code, Slot.cancelled_at.is_(None),
                           Slot.booked < Slot.capacity, Slot.starts_at >= earliest, Slot.starts_at <= latest)
        .values(booked=Slot.booked + 1))
    return taken.rowcount == 1


def _release_seat(session: Session, slot_id: int) -> None:
    session.execute(update(Slot).where(Slot.id == slot_id, Slot.booked > 0).values(booked=Slot.booked - 1))


def _event(session: Session, actor: Actor, booking: Booking, change: str, *, from_status: str | None,
           from_slot: int | None) -> None:
    session.add(BookingEvent(booking_id=booking.id, beneficiary_id=booking.beneficiary_id, at=clock.now(),
                             change=change, from_status=from_status, to_status=booking.status,
                             from_slot_id=from_slot, to_slot_id=booking.slot_id, actor_kind=actor.kind,
                             actor_id=actor.id, actor_name=actor.display_name[:200]))


def _next_free(session: Session, slot_id: int, type_code: str) -> list[SlotView]:
    slot = session.get(Slot, slot_id)
    return free_slots(session, place_id=slot.place_id if slot else None, type_code=type_code, limit=NEXT_FREE_SHOWN)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def book(session: Session, actor: Actor, person_id: int, slot_id: int, *, type_code: str = FIRST,
         on_kiosk: bool = False) -> BookingView:
    """Book a seat for the person. SlotTaken when the seat went to someone else first (the caller rolls
    back); FieldErrors when the person already has an upcoming appointment of this type."""
    open_person(session, actor, person_id, Category.APPOINTMENTS, Permission.BOOK)
    if not _take_seat(session, slot_id, type_code):
        raise SlotTaken(_next_free(session, slot_id, type_code))
    now = clock.now()
    booking_id = insert_unless_exists(
        session, Booking, {"reference": new_reference(), "slot_id": slot_id, "beneficiary_id": person_id,
                           "type_code": type_code, "status": BookingStatus.UPCOMING,
                           "channel": _channel(actor, on_kiosk),
                           "created_by_kind": actor.kind, "created_by_id": actor.id, "version": 1,
                           "created_at": now, "updated_at": now},
        index_elements=["beneficiary_id", "type_code"], index_where=Booking.status == BookingStatus.UPCOMING,
        returning=Booking.id)
    if booking_id is None:  # said about the person when a desk books for them
        raise FieldErrors({"slot": "error.booking.already" if actor.is_beneficiary else "error.booking.already.person"})
    booking = session.get(Booking, booking_id)
    _event(session, actor, booking, "booked", from_status=None, from_slot=None)
    session.flush()
    _notify(session, booking.id, OutboxKind.CONFIRMATION)
    return view_of(session, booking)


def _own_booking(session: Session, actor: Actor, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise PermissionDenied("denied.booking")
    open_person(session, actor, booking.beneficiary_id, Category.APPOINTMENTS, Permission.BOOK)
    return booking


def _in_time(actor: Actor, starts_at: dt.datetime, hours: int) -> bool:
    """The person changes their own appointment up to `hours` before it; a professional at any time
    (they agree it with the person, and the structure may need to move a missed one)."""
    return not actor.is_beneficiary or (starts_at - clock.now()).total_seconds() / 3600 >= hours


def can_move(actor: Actor, booking: BookingView) -> bool:
    """Whether `move` would accept this booking from `actor` now (the page offers the button only then)."""
    return booking.status == BookingStatus.UPCOMING and _in_time(actor, booking.slot.starts_at,
                                                                 get_settings().move_hours)


def can_cancel(actor: Actor, booking: BookingView) -> bool:
    """Whether `actor` may still call off this booking now: the person excuses themself, a professional
    cancels for the structure."""
    return booking.status == BookingStatus.UPCOMING and _in_time(actor, booking.slot.starts_at,
                                                                 get_settings().cancel_hours)


def _starts_at(booking: Booking, session: Session) -> dt.datetime:
    return session.get(Slot, booking.slot_id).starts_at


def move(session: Session, actor: Actor, booking_id: int, version: int, new_slot_id: int) -> BookingView:
    """Take the new seat, then release the old one, on the same row: never two seats, never none."""
    booking = _own_booking(session, actor, booking_id)
    if booking.status != BookingStatus.UPCOMING:
        raise FieldErrors({"slot": "error.booking.not_upcoming"})
    if not _in_time(actor, _starts_at(booking, session), get_settings().move_hours):
        raise FieldErrors({"slot": "error.booking.too_late_to_move"})
    if new_slot_id == booking.slot_id:
        raise FieldErrors({"slot": "error.booking.same_slot"})
    if not _take_seat(session, new_slot_id, booking.type_code):
        raise SlotTaken(_next_free(session, new_slot_id, booking.type_code))
    old_slot = booking.slot_id
    moved = session.execute(update(Booking).where(Booking.id == booking_id, Booking.version == version,
                                                  Booking.status == BookingStatus.UPCOMING)
                            .values(slot_id=new_slot_id, version=Booking.version + 1, updated_at=clock.now()))
    if moved.rowcount != 1:
        raise FieldErrors({"slot": "error.booking.changed"})  # the caller rolls the new seat back
    _release_seat(session, old_slot)
    session.refresh(booking)
    _event(session, actor, booking, "moved", from_status=BookingStatus.UPCOMING, from_slot=old_slot)
    session.flush()
    _notify(session, booking.id, OutboxKind.MOVED)
    return view_of(session, booking)


def set_status(session: Session, actor: Actor, booking_id: int, version: int, status: str) -> BookingView:
    """The person cancels (excusé, up to 4 hours before); a professional marks attendance or cancels."""
    booking = _own_booking(session, actor, booking_id)
    if status not in TRANSITIONS.get(booking.status, set()):
        raise FieldErrors({"status": "error.booking.transition"})
    if actor.is_beneficiary:
        if status != BookingStatus.EXCUSED:
            raise PermissionDenied("denied.attendance")
        if not _in_time(actor, _starts_at(booking, session), get_settings().cancel_hours):
            raise FieldErrors({"status": "error.booking.too_late_to_cancel"})
    elif status in (BookingStatus.HONOURED, BookingStatus.ABSENT) and _starts_at(booking, session) > clock.now():
        raise FieldErrors({"status": "error.booking.not_yet"})
    before = booking.status
    changed = session.execute(update(Booking).where(Booking.id == booking_id, Booking.version == version,
                                                    Booking.status == before)
                              .values(status=status, version=Booking.version + 1, updated_at=clock.now()))
    if changed.rowcount != 1:
        raise FieldErrors({"status": "error.booking.changed"})
    if before == BookingStatus.UPCOMING:  # the seat is free again for someone else
        _release_seat(session, booking.slot_id)
    session.refresh(booking)
    _event(session, actor, booking, "status", from_status=before, from_slot=booking.slot_id)
    session.flush()
    if status in (BookingStatus.EXCUSED, BookingStatus.CANCELLED_BY_STRUCTURE):
        _notify(session, booking.id, OutboxKind.CANCELLATION)
    return view_of(session, booking)


def cancel_slot(session: Session, actor: Actor, slot_id: int) -> list[int]:
    """The structure cancels a créneau: its upcoming bookings become `annule_structure` (each person is
    told through the outbox). Returns the ids of the bookings cancelled."""
    require(actor, Permission.PUBLISH_SLOTS)
    slot = session.get(Slot, slot_id)
    if slot is None or slot.organisation_id != actor.organisation_id:
        raise PermissionDenied("denied.slot")
    if not _cancellable(slot.starts_at, slot.cancelled_at):
        raise Refusal("error.slot.started")  # what happened is recorded as attendance, not undone
    done = session.execute(update(Slot).where(Slot.id == slot_id, Slot.cancelled_at.is_(None))
                           .values(cancelled_at=clock.now(), booked=0))
    if done.rowcount != 1:
        return []
    bookings = session.exec(select(Booking).where(Booking.slot_id == slot_id,
                                                  Booking.status == BookingStatus.UPCOMING)).all()
    for booking in bookings:
        session.execute(update(Booking).where(Booking.id == booking.id)
                        .values(status=BookingStatus.CANCELLED_BY_STRUCTURE, version=Booking.version + 1,
                                updated_at=clock.now()))
        session.refresh(booking)
        _event(session, actor, booking, "status", from_status=BookingStatus.UPCOMING, from_slot=slot_id)
    session.flush()
    for booking in bookings:
        _notify(session, booking.id, OutboxKind.SLOT_CANCELLED)
    return [b.id for b in bookings]


def _notify(session: Session, booking_id: int, kind: OutboxKind) -> None:
    """Queue the notice in this same transaction: it exists if and only if the change is committed."""
    _notices.enqueue(session, booking_id, kind)


# --- the professionals' agenda ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaBooking:
    id: int
    version: int
    reference: str
    status: str
    channel: str
    person: str  # the name when the reader may see the person's identity, else the reference only
    next_statuses: tuple[str, ...]


@dataclass(frozen=True)
class AgendaSlot:
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int
    cancelled: bool
    bookings: tuple[AgendaBooking, ...]
    cancellable: bool = False  # `cancel_slot` would accept it: live and not started yet


def _cancellable(starts_at: dt.datetime, cancelled_at: dt.datetime | None) -> bool:
    return cancelled_at is None and clock.as_paris(starts_at) > clock.now()


def agenda_places(session: Session, actor: Actor) -> list[Place]:
    """The places a professional works the agenda of: their structure's (all of them for a coordinator)."""
    require(actor, Permission.PUBLISH_SLOTS)
    query = select(Place).order_by(Place.name)
    if not actor.has_role(Role.COORDINATOR):
        query = query.where(Place.organisation_id == actor.organisation_id)
    return list(session.exec(query))


def agenda(session: Session, actor: Actor, place_id: int, first_day: dt.date, days: int = 7) -> list[AgendaSlot]:
    """Créneaux of one place over `days` days with their bookings, in three queries. Names follow the
    policy per person (the accueil and the person's structure référente see them)."""
    if place_id not in {p.id for p in agenda_places(session, actor)}:
        raise PermissionDenied("denied.place")
    start = dt.datetime.combine(first_day, dt.time(0), tzinfo=clock.PARIS)
    slots = session.exec(select(Slot).where(Slot.place_id == place_id, Slot.starts_at >= start,
                                            Slot.starts_at < start + dt.timedelta(days=days))
                         .order_by(Slot.starts_at, Slot.id)).all()
    rows = session.exec(select(Booking, Beneficiary).join(Beneficiary, Beneficiary.id == Booking.beneficiary_id)
                        .where(Booking.slot_id.in_([s.id for s in slots])).order_by(Booking.created_at)).all() \
        if slots else []
    by_slot: dict[int, list[AgendaBooking]] = {}
    for booking, person in rows:
        named = may(actor, Permission.READ, person, Category.APPOINTMENTS)
        by_slot.setdefault(booking.slot_id, []).append(AgendaBooking(
            booking.id, booking.version, booking.reference, booking.status, booking.channel,
            f"{person.last_name.upper()} {person.first_name}" if named else booking.reference,
            tuple(s for s in ATTENDANCE if s in TRANSITIONS[booking.status])))
    return [AgendaSlot(s.id, s.starts_at, s.ends_at, s.capacity, s.booked, s.cancelled_at is not None,
                       tuple(by_slot.get(s.id, ())), _cancellable(s.starts_at, s.cancelled_at)) for s in slots]


def book_for(session: Session, actor: Actor, person_id: int | None, slot_id: int | None) -> BookingView:
    """The agenda's desk books for the person it found (`people.search_for_desk`, purpose BOOK)."""
    errors = {}
    if person_id is None:
        errors["number"] = "error.booking.choose_person"
    if slot_id is None:
        errors["slot"] = "error.booking.choose_slot"
    if errors:
        raise FieldErrors(errors)
    try:
        return book(session, actor, person_id, slot_id)
    except PermissionDenied:  # the same answer as an unknown person: no hint that the dossier exists
        raise FieldErrors({"number": "error.booking.number"}) from None


def person_bookings(session: Session, actor: Actor, person_id: int) -> list[BookingView]:
    """Every appointment of the person, newest first (their export, their history)."""
    open_person(session, actor, person_id, Category.APPOINTMENTS)
    bookings = session.exec(select(Booking).where(Booking.beneficiary_id == person_id)
                            .order_by(Booking.created_at.desc(), Booking.id.desc())).all()
    return [view_of(session, b) for b in bookings]
