"""What the person takes away from a booking: a calendar file (.ics) and a QR code. Neither holds
personal data: the QR code is the confirmation address with the reference only."""

from __future__ import annotations

from icalendar import Calendar, Event

from dossier import clock, documents, i18n
from dossier.appointments._views import BookingView
from dossier.labels import t
from dossier.settings import get_settings


def confirmation_url(reference: str, served_at: str | None = None) -> str:
    return f"{get_settings().public_base(served_at)}/rendez-vous?ref={reference}"


def ics(booking: BookingView) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Dossier unique d'insertion//FR")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{booking.reference}@dossier-insertion")
    event.add("dtstamp", clock.now())
    event.add("dtstart", booking.slot.starts_at)
    event.add("dtend", booking.slot.ends_at)
    language = {"LANGUAGE": i18n.language()}  # RFC 5545: the language of the texts (the active one)
    event.add("summary", t("booking.ics.summary"), parameters=language)
    event.add("location", f"{booking.place_name}, {booking.place_address}, {booking.place_city}")
    event.add("description", t("booking.ics.description", reference=booking.reference, bring=booking.what_to_bring),
              parameters=language)
    calendar.add_component(event)
    return calendar.to_ical()


def qr_png(reference: str, served_at: str | None = None) -> bytes:
    return documents.qr_png(confirmation_url(reference, served_at))
