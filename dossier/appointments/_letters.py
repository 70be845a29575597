"""The invitation letter: a printable PDF in the person's language with the activation code, a QR code to the activation
page (no personal data in it), how to book the first appointment, and a phone number for help."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from dossier import clock, formatting, i18n
from dossier.accounts import IssuedActivation
from dossier.appointments._calendar_file import confirmation_url
from dossier.appointments._views import BookingView
from dossier.documents import FrenchDocument, qr_png
from dossier.labels import t
from dossier.settings import get_settings
from storage.models import Beneficiary, Organisation, Place


def activation_url(served_at: str | None = None) -> str:
    return f"{get_settings().public_base(served_at)}/activation"


def help_phone(session: Session, person: Beneficiary) -> str:
    """A phone of the person's structure (its first place with one), else the territory's number."""
    if person.organisation_id is not None:
        phone = session.exec(select(Place.phone).where(Place.organisation_id == person.organisation_id,
                                                       Place.phone.is_not(None)).order_by(Place.id)).first()
        if phone:
            return phone
    return get_settings().help_phone


def letter_pages(session: Session, document: FrenchDocument, person: Beneficiary, *, url: str,
                 expires_at: dt.datetime, code: str | None = None, first: bool) -> None:
    """One letter, on a new page unless it is the first (a campaign prints every letter in one file), in
    the person's language (their stored preference).
    With `code`, the desk's letter: the activation page's address and the code. Without, an invitation's
    letter: `url` is the personal link, which stands in for the code."""
    with i18n.use(person.language):
        _letter(session, document, person, url=url, expires_at=expires_at, code=code, first=first)
    document.speak(i18n.language())


def _letter(session: Session, document: FrenchDocument, person: Beneficiary, *, url: str,
            expires_at: dt.datetime, code: str | None, first: bool) -> None:
    """One letter in the person's language (the active one)."""
    structure = session.get(Organisation, person.organisation_id) if person.organisation_id else None
    document.speak(i18n.language())
    if not first:
        document.add_page()
    document.title_line(t("letter.title"))
    document.line_of(t("letter.date", date=formatting.date(clock.today())))
    document.line_of(f"{person.first_name} {person.last_name}", bold=True)
    document.line_of(t("letter.from", structure=structure.name if structure else t("letter.territory")))
    document.ln(3)
    document.line_of(t("letter.hello"))
    document.line_of(t("letter.why"))
    document.heading(t("letter.how"))
    document.line_of(t("letter.step1" if code else "letter.step1.link", url=url))
    document.picture(qr_png(url, box_size=6), width_mm=38)
    document.line_of(t("letter.step2"))
    document.line_of(t("letter.number", number=person.dossier_number), bold=True)
    if code:
        document.line_of(t("letter.code", code=code), bold=True)
    document.line_of(t("letter.expires", date=formatting.date(expires_at)))
    document.line_of(t("letter.step3"))
    document.line_of(t("letter.step4"))
    document.heading(t("letter.help.title"))
    document.line_of(t("letter.help", phone=help_phone(session, person)))


def invitation_letters(session: Session, issued: list[IssuedActivation], served_at: str | None = None) -> bytes:
    """The letters of `issued` (codes just created by `accounts.issue_activation_code`), one per page."""
    document = FrenchDocument(t("letter.title"))
    for n, one in enumerate(issued):
        person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == one.dossier_number)).one()
        letter_pages(session, document, person, url=activation_url(served_at), expires_at=one.expires_at,
                     code=one.code, first=n == 0)
    return document.as_bytes()


def link_letters(session: Session, links: list[tuple[Beneficiary, str, dt.datetime]]) -> bytes:
    """Invitation letters with each person's personal link (person, link, expiry), one per page, in
    the order given (a campaign sorts them for mailing)."""
    document = FrenchDocument(t("letter.title"))
    for n, (person, url, expires_at) in enumerate(links):
        letter_pages(session, document, person, url=url, expires_at=expires_at, first=n == 0)
    return document.as_bytes()


def confirmation_pdf(booking: BookingView, served_at: str | None = None) -> bytes:
    """The appointment on paper (a kiosk prints it): when, where, what to bring, the reference and the
    QR code of the confirmation address. No name: it may be left on the printer."""
    local = clock.as_paris(booking.slot.starts_at)
    document = FrenchDocument(t("booking.yours"))
    document.heading(t("booking.yours"))
    document.line_of(t("booking.summary", day=formatting.long_date(local), time=formatting.time(local),
                       place=booking.place_name, address=booking.place_address, city=booking.place_city), bold=True)
    document.line_of(t("booking.place.step_free" if booking.step_free else "booking.place.not_step_free"))
    document.line_of(t("booking.reference", reference=booking.reference), bold=True)
    document.line_of(t("booking.bring", bring=booking.what_to_bring))
    document.picture(qr_png(confirmation_url(booking.reference, served_at), box_size=6), width_mm=38)
    document.line_of(t("booking.qr"))
    return document.as_bytes()
