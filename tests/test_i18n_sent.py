"""What is sent to a person follows their language (issue 20): the reminder e-mail over a real local SMTP
server and its .ics, the reminder SMS over the fake Brevo API, the invitation letter as a PDF read back
with pdftotext (the right Arabic words in the right order, shaped), an invitation campaign's texts; and a
consent records the language its notice was shown in, the notice itself kept in French."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import Session, select

from dossier import appointments, clock, i18n, messaging, sharing
from dossier.labels import t
from storage.models import Beneficiary, Consent, ConsentNotice, Organisation, OutboxMessage
from storage.vocabulary import OutboxKind
from tests.support.domain import NEWCOMER, PERSON, me, one_slot, person_by_number, set_clock
from tests.support.messaging import accepted, fake_brevo

TUESDAY_10H = dt.datetime(2025, 3, 11, 10, 0, tzinfo=clock.PARIS).astimezone(dt.UTC)  # SMS may leave
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def said(language: str, key: str, **values) -> str:
    with i18n.use(language):
        return t(key, **values)


def speaking(session: Session, number: str, language: str, *, email: str | None, phone: str | None) -> Beneficiary:
    row = person_by_number(session, number)
    row.language, row.email, row.phone = language, email, phone
    session.add(row)
    session.commit()
    return row


def remind(session: Session, number: str, monkeypatch) -> appointments.BookingView:
    """A booking six days ahead (booked by the accueil: the notice follows the person, not who booked),
    then the reminder queued the day before."""
    view = appointments.book(session, me(session, number), person_by_number(session, number).id,
                             one_slot(session, days_ahead=6))
    session.commit()
    monkeypatch.setattr(clock, "now", lambda: view.slot.starts_at - dt.timedelta(days=1, hours=2))
    assert appointments.queue_reminders(session) == 1
    session.commit()
    return view


def test_a_person_who_chose_arabic_gets_the_reminder_e_mail_in_arabic(demo, smtp_server, monkeypatch):
    inbox, sender = smtp_server
    with Session(demo) as s:
        speaking(s, NEWCOMER, "ar", email="leonie.fictive@example.invalid", phone=None)
        view = remind(s, NEWCOMER, monkeypatch)
        reminder = s.exec(select(OutboxMessage).where(OutboxMessage.booking_id == view.id,
                                                      OutboxMessage.kind == OutboxKind.REMINDER)).one()
        s.execute(OutboxMessage.__table__.delete().where(OutboxMessage.kind == OutboxKind.CONFIRMATION,
                                                         OutboxMessage.booking_id == view.id))
        s.commit()
        messaging.send_due(s, email=sender)
        s.refresh(reminder)
        assert reminder.status == "sent"
    for _ in range(50):
        if inbox.messages:
            break
        time.sleep(0.1)
    [message] = inbox.messages
    assert message["Subject"].startswith("تذكير: موعد يوم")
    body = message.get_body(("plain",)).get_content()
    assert "تذكير قصير: موعدك يوم" in body and view.reference in body
    assert f"{i18n.FSI}{view.reference}{i18n.PDI}" in body  # the reference keeps its direction
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar" and attachment.get_content_charset() == "utf-8"
    [event] = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    assert str(event.get("summary")) == said("ar", "booking.ics.summary")
    assert event.get("summary").params["LANGUAGE"] == "ar"
    assert view.reference in str(event.get("description"))


def test_a_person_who_chose_arabic_gets_the_reminder_sms_in_arabic(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with fake_brevo() as brevo, Session(demo) as s:
        brevo.replies.append(accepted(99))
        speaking(s, NEWCOMER, "ar", email=None, phone="0612345678")
        # booked on Tuesday for Thursday 14:00; the reminder queued on Wednesday afternoon (SMS may leave)
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s, days_ahead=2))
        s.commit()
        set_clock(monkeypatch, TUESDAY_10H + dt.timedelta(days=1, hours=5))
        assert appointments.queue_reminders(s) == 1
        s.commit()
        counts = messaging.send_due(s, settings=brevo.settings())
        assert counts["sent"] == 2  # the confirmation and the reminder
    texts = [request["json"]["content"] for request in brevo.requests]
    reminder = next(text for text in texts if "تذكير قصير" in text)
    assert reminder.startswith("مرحبًا،") and view.reference in reminder
    assert all(request["json"]["recipient"] == "33612345678" for request in brevo.requests)


def test_a_person_in_french_still_gets_french(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        speaking(s, NEWCOMER, "fr", email=None, phone="0612345678")
        view = appointments.book(s, me(s, NEWCOMER), person_by_number(s, NEWCOMER).id, one_slot(s, days_ahead=6))
        s.commit()
        [body] = s.exec(select(OutboxMessage.body).where(OutboxMessage.booking_id == view.id)).all()
    assert body.startswith("Bonjour,") and "Votre rendez-vous est pris" in body


def _letter_text(pdf: bytes) -> str:
    """The PDF's text in reading order: pdftotext (poppler) when installed, else pypdf's."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        return BIDI_CONTROLS.sub("", out.decode("utf-8"))
    return BIDI_CONTROLS.sub("", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_the_invitation_letter_in_arabic_reads_back_in_order(demo):
    with Session(demo) as s:
        person = speaking(s, NEWCOMER, "ar", email=None, phone=None)
        expires = clock.now() + dt.timedelta(days=10)
        pdf = appointments.link_letters(s, [(person, "https://dossier.example/i/abc", expires)])
        number = person.dossier_number
    text = _letter_text(pdf)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # whole Arabic sentences, word after word (words without the lam-alef ligature, which pdftotext
    # gives back decomposed)
    assert any("رقم الملف" in line and number in line for line in lines), lines
    number_line = next(line for line in lines if number in line)
    if shutil.which("pdftotext"):  # logical order: the label, then the number
        assert number_line.index("رقم الملف") < number_line.index(number)
    for phrase in ("كيف تفعل ذلك", "تحتاج مساعدة؟", "هذا الرمز يصلح مرة واحدة فقط", "احتفظ به لنفسك"):
        assert phrase in text, (phrase, lines)
    assert "Bonjour" not in text and "Numéro de dossier" not in text
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.pages[0].extract_text()  # the fonts carry a text layer (copy, search, screen readers)


def test_a_campaign_of_letters_keeps_each_persons_language(demo):
    with Session(demo) as s:
        arabic = speaking(s, NEWCOMER, "ar", email=None, phone=None)
        french = person_by_number(s, "D2026-0042")
        expires = clock.now() + dt.timedelta(days=10)
        pdf = appointments.link_letters(s, [(arabic, "https://x.example/a", expires),
                                            (french, "https://x.example/b", expires)])
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    assert "Bonjour" not in _letter_text(pdf).split("\f")[0]
    assert "Bonjour" in pages[1].extract_text()


def test_an_invitation_campaigns_texts_follow_the_persons_language(demo):
    from dossier.invitations._campaigns import _Texts  # the texts of one step, per channel

    with Session(demo) as s:
        person = speaking(s, NEWCOMER, "en", email="x@example.invalid", phone="0612345678")
        campaign = type("Campaign", (), {"organisation_id": s.exec(select(Organisation.id)).first()})()
        found = _Texts(s, campaign).of(OutboxKind.INVITATION, person, "https://x.example/l",
                                       clock.now() + dt.timedelta(days=14))
    sms, (subject, body) = found["sms"][1], found["email"]
    assert "Book your 1st appointment" in sms and subject.endswith("book your first appointment")
    assert body.startswith(f"Hello {person.first_name},")


def test_a_consent_keeps_the_language_shown_and_the_french_notice(demo):
    with Session(demo) as s:
        actor = me(s, PERSON)
        organisation = s.exec(select(Organisation).where(Organisation.code == "ML-RIV")).one()
        with i18n.use("ar"):
            recipient = sharing.Recipient(organisation_id=organisation.id)
            consent_id = sharing.give(s, actor, actor.id, "situation", recipient)
        s.commit()
        consent = s.get(Consent, consent_id)
        notice = s.get(ConsentNotice, consent.notice_sha256)
    assert consent.language == "ar"
    assert notice.text == t("consent.notice")  # the French, which binds
    assert said("ar", "consent.notice") != notice.text


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
def test_the_export_pdf_is_in_the_page_language(demo, language):
    with Session(demo) as s, i18n.use(language):
        actor = me(s, PERSON)
        pdf = sharing.export_pdf(s, actor, actor.id)
    label = said(language, "export.pdf.number", value="").strip(" :\u2068\u2069")
    assert label in _letter_text(pdf)
