"""What the person takes away and receives: the QR code (decoded back), the .ics (parsed back), and the
outbox sent over a real local SMTP server, with retries that never touch the booking."""

from __future__ import annotations

import datetime as dt
import io
import time

import zxingcpp
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader
from sqlmodel import Session, select

from dossier import appointments, clock, invitations
from dossier import messaging as outbox
from dossier.appointments import ics, qr_png
from dossier.settings import get_settings
from storage.models import Beneficiary, Booking, OutboxMessage
from tests.support.domain import LUCAS, NEWCOMER, me, one_slot, person_by_number, pro_actor


def with_email(session: Session, number: str, address: str) -> Beneficiary:
    row = person_by_number(session, number)
    row.email = address
    session.add(row)
    session.commit()
    return row


def test_the_qr_code_holds_the_confirmation_address_with_the_reference_only(demo):
    with Session(demo) as s:
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s))
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(view.reference))))
        [text] = [d.text for d in decoded]
        assert text == f"{get_settings().public_base()}/rendez-vous?ref={view.reference}"
        row = person_by_number(s, NEWCOMER)
        assert row.last_name not in text and row.dossier_number not in text


def test_the_calendar_file_parses_back_with_time_place_and_reference(demo):
    with Session(demo) as s:
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s))
        [event] = Calendar.from_ical(ics(view)).walk("VEVENT")
        assert event.decoded("dtstart") == view.slot.starts_at
        assert event.decoded("dtend") == view.slot.ends_at
        assert view.place_name in str(event.get("location"))
        assert view.reference in str(event.get("description"))


def test_a_confirmation_is_sent_over_smtp_with_its_calendar_file(demo, smtp_server):
    inbox, sender = smtp_server
    with Session(demo) as s:
        with_email(s, NEWCOMER, "leonie.fictive@example.invalid")
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s))
        s.commit()
        outbox.send_due(s, email=sender)
        message = s.exec(select(OutboxMessage).where(OutboxMessage.booking_id == view.id)).one()
        assert message.status == "sent"
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.1)
    [message] = inbox.messages
    assert message["To"] == "leonie.fictive@example.invalid"
    assert view.reference in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    [event] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert event.decoded("dtstart") == view.slot.starts_at


def test_an_invitation_e_mail_goes_over_smtp_with_its_letter_as_pdf(demo, smtp_server):
    inbox, sender = smtp_server
    with Session(demo) as s:
        now = clock.now()
        person = Beneficiary(dossier_number="M2026-0001", last_name="Fictive", first_name="Ondine",
                             birth_date=dt.date(1991, 5, 6), email="ondine.fictive@example.invalid",
                             commune="Courrielville", created_at=now, updated_at=now)
        s.add(person)
        s.commit()
        invitations.launch(s, pro_actor(s, LUCAS), "Par e-mail", invitations.Audience(commune="Courrielville"),
                           "http://app.test")
        s.commit()
        invitations.send_outbox(s, email=sender, sms=outbox.LoggingSmsSender())
        sent = s.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == person.id)).one()
        assert (sent.kind, sent.status) == ("invitation", "sent")
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.1)
    [message] = [m for m in inbox.messages if m["To"] == "ondine.fictive@example.invalid"]
    body = message.get_body(("plain",)).get_content()
    assert sent.link in body and "Ondine" in body
    [attachment] = list(message.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_filename()) == ("application/pdf", "invitation.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.get_content())).pages)
    assert "M2026-0001" in text and "Ondine Fictive" in text


class Broken:
    def send(self, message, attachments=()):
        raise ConnectionRefusedError("down")


def test_a_failed_send_is_retried_later_and_never_touches_the_booking(demo, monkeypatch):
    with Session(demo) as s:
        with_email(s, NEWCOMER, "leonie.fictive@example.invalid")
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s))
        s.commit()
        outbox.send_due(s, email=Broken())
        message = s.exec(select(OutboxMessage).where(OutboxMessage.booking_id == view.id)).one()
        assert (message.status, message.attempts, message.last_error) == ("pending", 1, "ConnectionRefusedError")
        assert message.next_attempt_at > clock.now()
        outbox.send_due(s, email=Broken())  # not due yet: untouched
        s.refresh(message)
        assert message.attempts == 1
        assert s.get(Booking, view.id).status == "a_venir"
        later = clock.now() + dt.timedelta(days=2)
        monkeypatch.setattr(clock, "now", lambda: later)
        for _ in range(outbox.MAX_ATTEMPTS):
            outbox.send_due(s, email=Broken())
            later += dt.timedelta(days=2)
        s.refresh(message)
        assert (message.status, message.attempts) == ("failed", outbox.MAX_ATTEMPTS)


def test_without_an_email_the_notice_goes_by_sms_and_a_rolled_back_booking_queues_nothing(demo, monkeypatch):
    allowed = outbox.next_sms_moment(clock.now())  # never at night, on a Sunday or a public holiday
    monkeypatch.setattr(clock, "now", lambda: allowed)
    with Session(demo) as s:
        row = person_by_number(s, "D2026-0005")
        assert row.email is None and row.phone  # demo people have a phone only
        before = s.exec(select(OutboxMessage.id)).all()
        appointments.book(s, me(s, "D2026-0005"), row.id, one_slot(s, hour=13))
        s.rollback()
        assert s.exec(select(OutboxMessage.id)).all() == before
        appointments.book(s, me(s, "D2026-0005"), row.id, one_slot(s, hour=15))
        s.commit()
        [message] = s.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == row.id)).all()
        assert (message.channel, message.ics) == ("sms", None)
        assert outbox.send_due(s, email=Broken())["sent"] >= 1  # the logging SMS sender
        s.refresh(message)
        assert message.status == "sent"


def test_reminders_two_days_before_are_queued_once(demo, monkeypatch):
    with Session(demo) as s:
        slot = one_slot(s, days_ahead=6)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, slot)
        s.commit()
        assert appointments.queue_reminders(s) == 0  # six days ahead: not yet
        starts = view.slot.starts_at
        monkeypatch.setattr(clock, "now", lambda: starts - dt.timedelta(days=1))
        assert appointments.queue_reminders(s) == 1
        assert appointments.queue_reminders(s) == 0
        s.commit()
        kinds = sorted(s.exec(select(OutboxMessage.kind).where(OutboxMessage.booking_id == view.id)).all())
        assert kinds == ["confirmation", "reminder"]


def test_cancelling_a_slot_tells_each_person(demo):
    with Session(demo) as s:
        slot = one_slot(s, capacity=2)
        ids = [appointments.book(s, me(s, n), person_by_number(s, n).id, slot).id for n in ("D2026-0005", "D2026-0007")]
        appointments.cancel_slot(s, pro_actor(s, LUCAS), slot)
        s.commit()
        kinds = s.exec(select(OutboxMessage.kind).where(OutboxMessage.booking_id.in_(ids))).all()
        assert sorted(kinds) == ["confirmation", "confirmation", "slot_cancelled", "slot_cancelled"]
