"""Issue 17 in real Chromium at 390 x 844: the whole journey of an invitation by SMS. A campaign is
launched for a new person with a mobile; the outbox sends it through the Brevo adapter to a local fake
Brevo; the phone opens the personal link read back from the text Brevo was asked to send; the
activation page has the dossier number filled in and asks no activation code (axe-core: no WCAG 2.1
A/AA violation there); the person types their birth date and chooses a code, is signed in, reloads
(still signed in, in French), and books their first appointment; the campaign's funnel counts them
invited, opened, activated and booked online. Then the link tapped again once activated: still signed
in, told in French that the account is already active.

The clock is frozen in this process only, while the campaign is launched and sent (an hour at which
SMS may leave, a little before now); the Streamlit server runs on the real clock."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from dossier import clock, invitations
from dossier.accounts.devices import COOKIE_NAME
from dossier.labels import t
from dossier.messaging._brevo import BrevoSmsSender
from storage.engine import session_scope
from storage.models import Beneficiary, Credential, Invitation, OutboxMessage, Place, Slot
from storage.vocabulary import OutboxChannel, OutboxKind, OutboxStatus
from tests.support.browser import (
    afternoon_slot,
    axe_report,
    button,
    click_and_wait,
    follow_menu,
    heading,
    open_page,
    personal_data_found,
    to_confirm_step,
    wait_idle,
)
from tests.support.domain import LUCAS, MARC, NEW_CODE, bookings_of, pro_actor, set_clock
from tests.support.messaging import Recorder, fake_brevo, sms_hour_at_or_before

TOWN = "Bourg-Navigateur"  # only the person of this test lives here
NUMBER = "N2026-00001"
MOBILE, BREVO_RECIPIENT = "07 81 92 63 54", "33781926354"
BORN = dt.date(1987, 6, 14)
FIRST, LAST = "Maëlys", "Navigatrice"
CAMPAIGN = "Entrées du navigateur"
LINK = re.compile(r"(https?://\S+/activation\?invitation=[A-Za-z0-9_-]+)")
HELLO = t("home.person.hello", first_name=FIRST, last_name=LAST)
NOT_FOUND_WORDS = ("Page not found", "does not seem to exist", "Running the app's main page")


def new_person(session: Session) -> Beneficiary:
    now = clock.now()
    person = Beneficiary(dossier_number=NUMBER, last_name=LAST, first_name=FIRST, birth_date=BORN, phone=MOBILE,
                         rsa_entry_date=clock.today() - dt.timedelta(days=4), commune=TOWN, created_at=now,
                         updated_at=now)
    session.add(person)
    session.flush()
    return person


def launch_and_send(engine, monkeypatch, served_at: str) -> tuple[str, list[dict], Recorder]:
    """The accueil launches the campaign through the domain and the worker sends the outbox to the fake
    Brevo, at an hour at which SMS may leave. Returns the campaign's text sent to the person, every
    request Brevo received, and what the e-mail sender was given."""
    moment = sms_hour_at_or_before(clock.now())
    email = Recorder()
    with fake_brevo() as brevo, monkeypatch.context() as frozen:
        set_clock(frozen, moment)
        with session_scope(engine) as session:
            new_person(session)
            launched = invitations.launch(session, pro_actor(session, LUCAS), CAMPAIGN,
                                          invitations.Audience(commune=TOWN), served_at)
        assert launched.reach == invitations.Reach(people=1, by_sms=1, by_email=0, by_letter=0, invalid_numbers=0)
        with Session(engine) as session:
            counts = invitations.send_outbox(session, sms=BrevoSmsSender(brevo.settings()), email=email)
        assert counts["sent"] >= 1 and counts["failed"] == 0, counts
    mine = [r for r in brevo.requests if r["json"]["recipient"] == BREVO_RECIPIENT]
    assert len(mine) == 1, mine  # one SMS, once
    [request] = mine
    assert (request["path"], request["json"]["tag"]) == ("/v3/transactionalSMS/send", OutboxKind.INVITATION)
    return request["json"]["content"], brevo.requests, email


def activate(page: Page) -> None:
    """On the activation page opened by the link: the birth date, the chosen code twice, the button."""
    page.get_by_label(t("activate.birth_date"), exact=True).fill(BORN.strftime("%d/%m/%Y"))
    page.get_by_label(t("activate.new_code"), exact=True).fill(NEW_CODE)
    page.get_by_label(t("activate.confirm"), exact=True).fill(NEW_CODE)
    click_and_wait(page, button(page, t("activate.submit")))


def in_french(page: Page) -> None:
    """No English « Page not found » from Streamlit over the page."""
    body = page.inner_text("body")
    assert not any(words in body for words in NOT_FOUND_WORDS), body


def reload(page: Page) -> None:
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)
    page.wait_for_selector("h1")


def wait_for_session_cookie(page: Page) -> None:
    for _ in range(50):
        if any(c["name"] == COOKIE_NAME for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)
    raise AssertionError("no session cookie after the activation")


def test_an_sms_invitation_leads_to_an_activated_account_and_a_first_appointment_booked_online(
        demo, server, phone, monkeypatch):
    page = phone
    slot_id = afternoon_slot(demo)  # on the real clock, as the server books
    with Session(demo, expire_on_commit=False) as session:
        slot = session.get(Slot, slot_id)
        place = session.get(Place, slot.place_id)

    text, _, email = launch_and_send(demo, monkeypatch, server.url)
    with Session(demo) as session:
        person = session.exec(select(Beneficiary).where(Beneficiary.dossier_number == NUMBER)).one()
        assert [sent for sent in email.sent if sent[0] == person.id] == []  # no e-mail address: no e-mail
        [sms] = session.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == person.id)).all()
        assert (sms.channel, sms.kind, sms.status, sms.provider_id) == (
            OutboxChannel.SMS, OutboxKind.INVITATION, OutboxStatus.SENT, "1")
        person_id = person.id
    found = LINK.findall(text)
    assert len(found) == 1, text
    link = found[0]
    assert link.startswith(f"{server.url}/activation?invitation=")
    assert NUMBER not in link and LAST not in link and FIRST not in link  # nothing personal in the link
    assert "STOP" in text

    # The phone opens the link of the SMS: the activation page, number filled in, no activation code asked.
    open_page(page, link)
    expect(heading(page, t("activate.title"))).to_be_visible()
    expect(page.get_by_text(t("activate.link.intro"), exact=True)).to_be_visible()
    expect(page.get_by_label(t("activate.identifier"), exact=True)).to_have_value(NUMBER)
    expect(page.get_by_label(t("activate.code"), exact=True)).to_have_count(0)
    expect(page.get_by_label(t("activate.birth_date"), exact=True)).to_have_value("")
    assert personal_data_found(page, [FIRST, LAST, f"{FIRST} {LAST}"]) == []  # the link shows no name
    problems = axe_report(page)
    assert problems == [], "axe on the activation page opened by the link:\n" + "\n".join(problems)
    assert page.evaluate("document.documentElement.lang") == "fr"
    with Session(demo) as session:
        invitation = session.exec(select(Invitation).where(Invitation.beneficiary_id == person_id)).one()
        assert invitation.opened_at is not None and invitation.used_at is None

    # A reload before activating comes back to the same form (the token stays in the address).
    reload(page)
    assert page.url == link
    expect(page.get_by_label(t("activate.identifier"), exact=True)).to_have_value(NUMBER)
    expect(page.get_by_text(t("activate.link.intro"), exact=True)).to_be_visible()

    activate(page)
    expect(heading(page, HELLO)).to_be_visible()
    expect(page.get_by_text(t("activate.done"), exact=True)).to_be_visible()
    assert "invitation=" not in page.url  # the link has served: out of the address
    in_french(page)
    with Session(demo) as session:
        stored = session.exec(select(Credential).where(Credential.beneficiary_id == person_id)).one()
        assert stored.secret_hash and stored.activated_at is not None
        assert session.get(Invitation, invitation.id).used_at is not None

    # A reload: still signed in, on a page in French, with no « Page not found ».
    wait_for_session_cookie(page)
    reload(page)
    expect(heading(page, HELLO)).to_be_visible()
    expect(page.get_by_role("button", name=t("nav.signout"))).to_be_visible()
    assert page.get_by_role("dialog").count() == 0
    in_french(page)
    assert "invitation=" not in page.url

    # The first appointment, booked through the booking page.
    follow_menu(page, t("nav.booking"))
    expect(heading(page, t("booking.title"))).to_be_visible()
    to_confirm_step(page, demo, slot, place)
    click_and_wait(page, button(page, t("booking.confirm")))
    expect(page.get_by_text(t("booking.done"), exact=True)).to_be_visible()
    [booking] = bookings_of(demo, NUMBER)
    assert (booking.slot_id, booking.status, booking.channel) == (slot_id, "a_venir", "autonome")

    # The coordination's funnel: invited, opened, activated, booked online, by SMS.
    with Session(demo) as session:
        rows = [r for r in invitations.campaign_funnel(session, pro_actor(session, MARC)) if r.campaign == CAMPAIGN]
    assert [(r.channel, r.invited, r.opened, r.activated, r.booked, r.booked_online, r.honoured) for r in rows] == [
        ("sms", 1, 1, 1, 1, 1, 0)]
    assert rows[0].online_rate == 1.0


def test_the_link_tapped_again_once_activated_lands_signed_in_in_french(demo, server, phone, monkeypatch):
    """The person taps the SMS's link again a day later, on the phone that stays signed in."""
    page = phone
    text, _, _ = launch_and_send(demo, monkeypatch, server.url)
    [link] = LINK.findall(text)
    open_page(page, link)
    activate(page)
    expect(heading(page, HELLO)).to_be_visible()
    wait_for_session_cookie(page)
    open_page(page, link)
    expect(heading(page, t("activate.title"))).to_be_visible()
    expect(page.get_by_text(t("activate.already"))).to_be_visible()
    expect(page.get_by_role("button", name=t("nav.signout"))).to_be_visible()
    assert "invitation=" not in page.url
    page.wait_for_timeout(500)
    in_french(page)
