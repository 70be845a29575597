"""The first diagnostic appointment: publishing créneaux, booking (database-enforced, never double),
the agenda's desk, the people waiting, the notices sent and the calendar file, the confirmation and
invitation letters.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.appointments._booking import (
    Batch,
    SlotTaken,
    agenda,
    agenda_places,
    book,
    book_for,
    can_cancel,
    can_move,
    cancel_slot,
    days_to_target,
    first_honoured,
    free_day_counts,
    free_slots,
    free_slots_on,
    move,
    person_bookings,
    places_with_free_slots,
    preview,
    publish,
    set_status,
    upcoming,
)
from dossier.appointments._calendar_file import (
    ics,
    qr_png,
)
from dossier.appointments._letters import (
    activation_url,
    confirmation_pdf,
    help_phone,
    invitation_letters,
    link_letters,
)
from dossier.appointments._notices import (
    queue_reminders,
    reminder_channel,
)
from dossier.appointments._views import (
    FIRST,
    TARGET_DAYS,
    BookingView,
)
from dossier.appointments._waiting import (
    Shortage,
    funnel,
    has_first_appointment,
    shortage,
    shortage_in,
    waiting_people,
)

__all__ = [
    "Batch",
    "BookingView",
    "FIRST",
    "Shortage",
    "SlotTaken",
    "TARGET_DAYS",
    "activation_url",
    "help_phone",
    "agenda",
    "agenda_places",
    "book",
    "book_for",
    "can_cancel",
    "can_move",
    "cancel_slot",
    "confirmation_pdf",
    "days_to_target",
    "first_honoured",
    "free_day_counts",
    "free_slots",
    "free_slots_on",
    "funnel",
    "has_first_appointment",
    "ics",
    "invitation_letters",
    "link_letters",
    "move",
    "person_bookings",
    "places_with_free_slots",
    "preview",
    "publish",
    "qr_png",
    "queue_reminders",
    "reminder_channel",
    "set_status",
    "shortage",
    "shortage_in",
    "upcoming",
    "waiting_people",
]
