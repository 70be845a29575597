"""Invitation campaigns (issue 17): who is invited and by which channel, the personal link, the
follow-ups, the sending rules (quiet hours, holidays, opt-outs, bad numbers), two workers sending a
campaign of 1,000 people exactly once, and the funnel."""

from __future__ import annotations

import datetime as dt
import threading
from itertools import count

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from dossier import accounts, appointments, clock, invitations, messaging
from dossier.accounts import ActivationFailed
from dossier.errors import FieldErrors, PermissionDenied
from dossier.labels import t
from storage.engine import session_scope
from storage.models import Beneficiary, Credential, Invitation, OutboxMessage
from storage.vocabulary import OutboxChannel, OutboxKind, OutboxStatus
from tests.support.domain import CLAIRE, LUCAS, MARC, pro_actor, set_clock

TOWN = "Testville"  # the people these tests make; demo people live elsewhere
TUESDAY_10 = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)  # 10:00 in Paris, an ordinary working day
_numbers = count(1)


def newcomer(session: Session, *, phone: str | None = "0612345678", email: str | None = None,
             entry: dt.date | None = None, organisation_id: int | None = None, commune: str = TOWN) -> Beneficiary:
    n = next(_numbers)
    now = clock.now()
    person = Beneficiary(dossier_number=f"T2026-{n:05d}", last_name="Essai", first_name=f"Inv{n}",
                         birth_date=dt.date(1990, 1, 2), phone=phone, email=email,
                         rsa_entry_date=entry or clock.today() - dt.timedelta(days=5),
                         organisation_id=organisation_id, commune=commune, created_at=now, updated_at=now)
    session.add(person)
    session.flush()
    return person


AUDIENCE = invitations.Audience(commune=TOWN)


class Recorder:
    """A sender that keeps what it was asked to send (thread-safe)."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str]] = []
        self.attachments: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()

    def send(self, message: OutboxMessage, attachments=()) -> str | None:
        with self.lock:
            self.sent.append((message.beneficiary_id, message.channel, message.kind))
            self.attachments += [(a.filename, a.data) for a in attachments]
        return f"id-{message.id}"


def test_the_preview_counts_each_channel_and_reports_numbers_that_cannot_take_an_sms(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        newcomer(s)  # SMS
        newcomer(s, phone=None, email="a@exemple.invalid")  # e-mail
        newcomer(s, phone="06 11 22 33 44", email="b@exemple.invalid")  # both
        newcomer(s, phone="0399000000")  # a landline: a letter, and reported
        newcomer(s, phone=None)  # a letter
        activated = newcomer(s)
        s.add(Credential(beneficiary_id=activated.id, secret_hash="x", activated_at=clock.now()))
        newcomer(s, commune="Ailleurs")
        reach = invitations.preview(s, pro_actor(s, MARC), AUDIENCE)
        assert reach == invitations.Reach(people=5, by_sms=2, by_email=2, by_letter=2, invalid_numbers=1)
        with pytest.raises(PermissionDenied):
            invitations.preview(s, pro_actor(s, CLAIRE), AUDIENCE)  # a référent does not run campaigns
        with pytest.raises(FieldErrors) as refused:
            invitations.preview(s, pro_actor(s, LUCAS), invitations.Audience(
                commune=TOWN, entry_from=dt.date(2026, 12, 1), entry_to=dt.date(2026, 11, 1)))
        assert refused.value.errors == {"entry_to": "error.campaign.period"}


def test_a_campaign_invites_each_person_once_by_every_channel_and_not_twice(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        both = newcomer(s, email="c@exemple.invalid")
        letter = newcomer(s, phone=None)
        launched = invitations.launch(s, pro_actor(s, LUCAS), "Entrées de décembre", AUDIENCE, "http://x.test")
        s.commit()
        assert launched.reach.people == 2
        messages = s.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id.in_([both.id, letter.id]))).all()
        assert sorted((m.beneficiary_id, m.channel, m.kind) for m in messages) == sorted(
            [(both.id, OutboxChannel.EMAIL, OutboxKind.INVITATION),
             (both.id, OutboxChannel.SMS, OutboxKind.INVITATION)])
        sms = next(m for m in messages if m.channel == OutboxChannel.SMS)
        assert sms.recipient == "+33612345678" and sms.link.startswith("http://x.test/activation?invitation=")
        assert sms.link in sms.body and messaging.sms_segments(sms.body) <= 2
        assert both.last_name not in sms.link and both.dossier_number not in sms.link  # nothing personal in it
        with pytest.raises(FieldErrors) as refused:  # everyone already has a running invitation
            invitations.launch(s, pro_actor(s, LUCAS), "Encore", AUDIENCE)
        assert refused.value.errors == {"_form": "error.campaign.nobody"}
        pdf = invitations.letters(s, pro_actor(s, LUCAS), launched.campaign_id, "http://x.test")
        assert pdf.startswith(b"%PDF-")
        assert [c.name for c in invitations.campaigns(s, pro_actor(s, MARC))][0] == "Entrées de décembre"


@pytest.mark.parametrize("structure", ["Conseil départemental de la Vallée Verte",
                                       "Maison de l'emploi et de la formation de Besançon-Façade Œuvre"])
def test_every_invitation_text_fits_in_two_sms(structure):
    values = {"structure": structure, "url": "https://insertion.vallee-verte.fr/activation?invitation=" + "x" * 32,
              "phone": "03 99 00 00 01", "date": "18/12/2026"}
    for kind in (OutboxKind.INVITATION, OutboxKind.INVITATION_REMINDER, OutboxKind.INVITATION_LAST):
        text = messaging.to_gsm(t(f"sms.{kind}", **values))
        assert messaging.is_gsm(text) and messaging.sms_segments(text) <= 2, (kind, len(text))
    assert messaging.sms_segments("é" * 160) == 1 and messaging.sms_segments("ê" * 71) == 2


def test_the_link_fills_in_the_number_stands_for_the_code_once_and_signs_nobody_in(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        person = newcomer(s)
        issued = accounts.issue_links(s, [person.id], None)[person.id]
        s.commit()
        assert accounts.open_invitation(s, issued.token) == person.dossier_number
        assert s.get(Invitation, issued.invitation_id).opened_at is not None
        assert accounts.open_invitation(s, "not-a-token") is None
        with pytest.raises(FieldErrors) as refused:
            accounts.activate_with_invitation(s, issued.token, person.dossier_number, "", "482913", "482913")
        assert refused.value.errors == {"birth_date": "error.required"}
        with pytest.raises(ActivationFailed):  # the link alone is not enough: the birth date must match
            accounts.activate_with_invitation(s, issued.token, person.dossier_number, "03/01/1990", "482913", "482913")
        actor = accounts.activate_with_invitation(s, issued.token, person.dossier_number, "02/01/1990", "482913",
                                                  "482913")
        assert actor.is_beneficiary and actor.id == person.id
        assert accounts.sign_in_person(s, person.dossier_number, "482913").id == person.id
        with pytest.raises(ActivationFailed):  # once
            accounts.activate_with_invitation(s, issued.token, person.dossier_number, "02/01/1990", "482914",
                                              "482914")
        assert accounts.open_invitation(s, issued.token) is None
        other = newcomer(s)
        later = accounts.issue_links(s, [other.id], None)[other.id]
        s.commit()
    set_clock(monkeypatch, TUESDAY_10 + dt.timedelta(days=30))
    with Session(demo) as s:
        assert accounts.open_invitation(s, later.token) is None  # expired


def test_follow_ups_come_twice_at_most_and_stop_when_the_person_books(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        waits, books = newcomer(s), newcomer(s)
        invitations.launch(s, pro_actor(s, LUCAS), "Relances", AUDIENCE)
        s.commit()
        assert invitations.queue_follow_ups(s) == 0  # too early
        ids = waits.id, books.id
    for day in range(1, 15):  # the worker runs every day for two weeks
        set_clock(monkeypatch, TUESDAY_10 + dt.timedelta(days=day))
        with Session(demo) as s:
            if day == 4:
                slot = next(v.id for v in appointments.free_slots(s))
                appointments.book(s, accounts.actor_for_beneficiary(s.get(Beneficiary, ids[1])), ids[1], slot)
            invitations.queue_follow_ups(s)
            s.commit()
    with Session(demo) as s:
        kinds = {pid: sorted(m.kind for m in s.exec(select(OutboxMessage).where(
            OutboxMessage.beneficiary_id == pid, OutboxMessage.invitation_id.is_not(None)))) for pid in ids}
    assert kinds[ids[0]] == sorted([OutboxKind.INVITATION, OutboxKind.INVITATION_REMINDER, OutboxKind.INVITATION_LAST])
    assert kinds[ids[1]] == [OutboxKind.INVITATION, OutboxKind.INVITATION_REMINDER]  # booked on day 4: no last one


def test_an_invitation_not_yet_sent_is_cancelled_for_a_person_who_booked_meanwhile(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        person = newcomer(s)
        invitations.launch(s, pro_actor(s, LUCAS), "Annulée", AUDIENCE)
        slot = next(v.id for v in appointments.free_slots(s))
        appointments.book(s, accounts.actor_for_beneficiary(person), person.id, slot)
        s.commit()
        sms = Recorder()
        invitations.send_outbox(s, email=Recorder(), sms=sms)
        mine = s.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == person.id,
                                                  OutboxMessage.kind == OutboxKind.INVITATION)).one()
        assert (mine.status, mine.last_error) == (OutboxStatus.CANCELLED, "no_longer_needed")
        assert (person.id, OutboxChannel.SMS, OutboxKind.INVITATION) not in sms.sent


@pytest.mark.parametrize(("moment", "held_until"), [
    (dt.datetime(2026, 12, 8, 20, 30, tzinfo=dt.UTC), dt.datetime(2026, 12, 9, 7, 0, tzinfo=dt.UTC)),  # 21:30 → 08:00
    (dt.datetime(2026, 12, 13, 10, 0, tzinfo=dt.UTC), dt.datetime(2026, 12, 14, 7, 0, tzinfo=dt.UTC)),  # a Sunday
    (dt.datetime(2026, 12, 24, 19, 30, tzinfo=dt.UTC), dt.datetime(2026, 12, 26, 7, 0, tzinfo=dt.UTC)),  # Christmas
    (dt.datetime(2026, 7, 14, 5, 0, tzinfo=dt.UTC), dt.datetime(2026, 7, 15, 6, 0, tzinfo=dt.UTC)),  # 14 juillet (CEST)
])
def test_no_sms_at_night_on_sundays_or_public_holidays_but_e_mails_go(demo, monkeypatch, moment, held_until):
    set_clock(monkeypatch, moment)
    with Session(demo) as s:
        person = newcomer(s, email="d@exemple.invalid")
        invitations.launch(s, pro_actor(s, LUCAS), "Nuit", AUDIENCE)
        s.commit()
        sms, email = Recorder(), Recorder()
        counts = invitations.send_outbox(s, email=email, sms=sms)
        assert counts["held"] >= 1 and sms.sent == [] and (person.id, "email", "invitation") in email.sent
        held = s.exec(select(OutboxMessage).where(OutboxMessage.beneficiary_id == person.id,
                                                  OutboxMessage.channel == OutboxChannel.SMS)).one()
        assert (held.status, held.attempts, held.next_attempt_at) == (OutboxStatus.PENDING, 0, held_until)
    set_clock(monkeypatch, held_until)
    with Session(demo) as s:
        sms = Recorder()
        invitations.send_outbox(s, email=Recorder(), sms=sms)
        assert (person.id, "sms", "invitation") in sms.sent


def test_the_per_minute_limit_holds_the_rest_for_the_next_minute(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    monkeypatch.setenv("DOSSIER_SMS_PER_MINUTE", "3")
    from dossier.settings import get_settings
    get_settings.cache_clear()
    with Session(demo) as s:
        for _ in range(5):
            newcomer(s)
        invitations.launch(s, pro_actor(s, LUCAS), "Débit", AUDIENCE)
        s.commit()
        sms = Recorder()
        counts = invitations.send_outbox(s, email=Recorder(), sms=sms)
    get_settings.cache_clear()
    assert len(sms.sent) == 3 and counts["held"] == 2


def test_opt_outs_are_honoured_and_a_refusal_cancels_what_was_waiting(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        person = newcomer(s, email="e@exemple.invalid")
        invitations.launch(s, pro_actor(s, LUCAS), "Refus", AUDIENCE)
        s.commit()
        me = accounts.actor_for_beneficiary(person)
        assert messaging.channel_choice(s, me, person.id) == messaging.ChannelChoice(sms=True, email=True)
        messaging.choose_channels(s, me, sms=False, email=True)
        s.commit()
        sms, email = Recorder(), Recorder()
        invitations.send_outbox(s, email=email, sms=sms)
        assert sms.sent == [] and [c for who, c, _ in email.sent if who == person.id] == ["email"]
        statuses = {m.channel: (m.status, m.last_error) for m in s.exec(
            select(OutboxMessage).where(OutboxMessage.beneficiary_id == person.id))}
        assert statuses[OutboxChannel.SMS] == (OutboxStatus.CANCELLED, "opted_out")
        assert {(line.channel, line.status) for line in messaging.messages_to(s, me, person.id)} == {
            ("sms", "cancelled"), ("email", "sent")}
        assert email.attachments and email.attachments[0][0] == "invitation.pdf"
        assert email.attachments[0][1].startswith(b"%PDF-")
        with pytest.raises(PermissionDenied):
            messaging.choose_channels(s, pro_actor(s, LUCAS), sms=False, email=False)


def test_a_campaign_of_1000_people_sends_exactly_one_invitation_per_person_and_channel_with_two_workers(
        demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with session_scope(demo) as s:
        for n in range(1000):
            newcomer(s, phone=f"07{n:08d}", email=f"p{n}@exemple.invalid" if n % 2 else None)
    with session_scope(demo) as s:
        launched = invitations.launch(s, pro_actor(s, LUCAS), "Mille", AUDIENCE)
    assert launched.reach == invitations.Reach(1000, 1000, 500, 0, 0)
    monkeypatch.setenv("DOSSIER_SMS_PER_MINUTE", "100000")
    from dossier.settings import get_settings
    get_settings.cache_clear()
    sms, email = Recorder(), Recorder()
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        while True:
            with session_scope(demo) as s:
                counts = messaging.send_due(s, email=email, sms=sms, limit=50)
            if not any(counts.values()):
                return

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    get_settings.cache_clear()
    invited = [x for x in sms.sent + email.sent if x[2] == OutboxKind.INVITATION]
    assert len(invited) == 1500 and len(set(invited)) == 1500
    with Session(demo) as s:
        assert s.exec(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.invitation_id.is_not(None), OutboxMessage.status == OutboxStatus.SENT)).one() == 1500


def test_the_funnel_counts_each_step_by_channel(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10)
    with Session(demo) as s:
        booked, opened, _letter_only = newcomer(s), newcomer(s), newcomer(s, phone=None)
        invitations.launch(s, pro_actor(s, LUCAS), "Entonnoir", AUDIENCE)
        s.commit()
        invitations.send_outbox(s, email=Recorder(), sms=Recorder())
        link = s.exec(select(OutboxMessage.link).where(OutboxMessage.beneficiary_id == booked.id)).first()
        token = link.split("invitation=")[1]
        accounts.open_invitation(s, token)
        actor = accounts.activate_with_invitation(s, token, booked.dossier_number, "02/01/1990", "482913", "482913")
        slot = next(v.id for v in appointments.free_slots(s))
        appointments.book(s, actor, booked.id, slot)
        other = s.exec(select(OutboxMessage.link).where(OutboxMessage.beneficiary_id == opened.id)).first()
        accounts.open_invitation(s, other.split("invitation=")[1])
        s.commit()
        rows = {r.channel: r for r in invitations.campaign_funnel(s, pro_actor(s, MARC)) if r.campaign == "Entonnoir"}
    sms = rows["sms"]
    assert (sms.invited, sms.opened, sms.activated, sms.booked, sms.booked_online, sms.honoured) == (2, 2, 1, 1, 1, 0)
    assert sms.online_rate == 0.5 and sms.median_days_to_booking == 0
    assert rows[invitations.LETTER].invited == 1
