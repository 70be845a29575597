"""What the appointment context shows of a booking and a créneau (no rule here): the booking module,
the notices, the calendar file and the letters all read these, so none of them imports the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from dossier.settings import get_settings
from storage.models import AppointmentType, Booking, Place, Slot

FIRST = "premier_rdv"
TARGET_DAYS = 30  # national target: a first appointment within one month of entering RSA


@dataclass(frozen=True)
class SlotView:
    id: int
    place_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


@dataclass(frozen=True)
class BookingView:
    id: int
    reference: str
    status: str
    version: int
    slot: SlotView
    place_name: str
    place_address: str
    place_city: str
    step_free: bool
    what_to_bring: str
    place_phone: str | None = None  # who to call about this appointment (the help line when the place has none)


# --- publishing -----------------------------------------------------------------------------------


def view_of(session: Session, booking: Booking) -> BookingView:
    slot = session.get(Slot, booking.slot_id)
    place = session.get(Place, slot.place_id)
    kind = session.get(AppointmentType, booking.type_code)
    return BookingView(booking.id, booking.reference, booking.status, booking.version,
                       SlotView(slot.id, slot.place_id, slot.starts_at, slot.ends_at, slot.capacity - slot.booked),
                       place.name, place.address, place.city, place.step_free, kind.what_to_bring,
                       place.phone or get_settings().help_phone)
