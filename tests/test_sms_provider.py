"""The SMS provider (issue 17): Brevo's transactional SMS API spoken to a local fake Brevo that records
every request and answers as Brevo documents (201 and a messageId, a 400 error for a refused number,
429 with its rate-limit headers, a 500); the outbox (`messaging.send_due`) over it; Brevo's callbacks
(delivery, « STOP », unsubscription) read by `messaging.record_sms_event` and by the server's
`POST /sms/callback`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import urllib.error
import urllib.request

import pytest
from pydantic import SecretStr
from sqlalchemy import update
from sqlmodel import Session, select

from dossier import clock, messaging
from dossier.messaging._brevo import BrevoSmsSender, ProviderUnavailable
from dossier.settings import get_settings
from storage.models import Beneficiary, OutboxMessage
from storage.vocabulary import OutboxChannel, OutboxKind, OutboxStatus
from tests.support.browser import free_port, streamlit_server
from tests.support.domain import NEWCOMER, YANIS, person_by_number, set_clock
from tests.support.messaging import API_KEY, accepted, fake_brevo

MOBILE = "+33612345678"
BREVO_RECIPIENT = "33612345678"  # Brevo's form: the country code, digits only
TOKEN = "callback-token-for-tests"
TUESDAY_10H = dt.datetime(2025, 3, 11, 10, 0, tzinfo=clock.PARIS).astimezone(dt.UTC)  # an allowed hour
GSM_TEXT = "Rendez-vous confirmé mardi 18 mars à 10h00 à la MIE. Référence K7Q2."
UNICODE_TEXT = "Votre créneau est déplacé : rendez-vous à l’accueil, 2 rue de l’Hôtel-de-Ville."


# --- a fake Brevo (tests/support/messaging.py) ---------------------------------------------------------


INVALID_NUMBER = (400, {}, {"code": "invalid_parameter", "message": "Invalid phone number"})
RATE_LIMITED = (429, {"x-sib-ratelimit-limit": "150", "x-sib-ratelimit-remaining": "0",
                      "x-sib-ratelimit-reset": "42"}, {"code": "too_many_requests", "message": "Too many requests"})
SERVER_ERROR = (500, {}, {"code": "internal_error", "message": "Internal error"})
BAD_KEY = (401, {}, {"code": "unauthorized", "message": "Key not found"})


@pytest.fixture
def brevo():
    with fake_brevo() as fake:
        yield fake


def outbox_row(message_id: int = 7, body: str = GSM_TEXT, recipient: str = MOBILE) -> OutboxMessage:
    """A message as the outbox hands it to a sender (not stored: the sender only reads it)."""
    return OutboxMessage(id=message_id, dedupe_key="k", beneficiary_id=1, kind=OutboxKind.CONFIRMATION,
                         channel=OutboxChannel.SMS, recipient=recipient, subject="", body=body,
                         next_attempt_at=clock.now(), created_at=clock.now())


# --- the request Brevo documents ------------------------------------------------------------------------


def test_one_sms_is_the_documented_post_and_its_message_id_comes_back(brevo):
    assert BrevoSmsSender(brevo.settings()).send(outbox_row()) == "1" and len(brevo.requests) == 1
    brevo.replies.append(accepted(1511882900176220))
    assert BrevoSmsSender(brevo.settings()).send(outbox_row()) == "1511882900176220"
    request = brevo.requests[-1]
    assert (request["method"], request["path"]) == ("POST", "/v3/transactionalSMS/send")
    assert request["headers"]["api-key"] == API_KEY
    assert request["headers"]["accept"] == "application/json"
    assert request["headers"]["content-type"] == "application/json"
    assert request["json"] == {"sender": "Insertion", "recipient": BREVO_RECIPIENT, "content": GSM_TEXT,
                               "type": "transactional", "tag": "confirmation", "unicodeEnabled": False}


def test_a_text_outside_the_gsm_alphabet_is_sent_as_unicode(brevo):
    BrevoSmsSender(brevo.settings()).send(outbox_row(body=UNICODE_TEXT))
    assert brevo.requests[-1]["json"]["unicodeEnabled"] is True
    assert brevo.requests[-1]["json"]["content"] == UNICODE_TEXT


def test_the_message_names_the_callback_address_when_the_app_knows_it_and_has_a_token(brevo):
    settings = brevo.settings(public_url="https://rdv.example.invalid/", sms_webhook_token=SecretStr("a b/c"))
    BrevoSmsSender(settings).send(outbox_row())
    assert brevo.requests[-1]["json"]["webUrl"] == "https://rdv.example.invalid/sms/callback?token=a%20b%2Fc"
    BrevoSmsSender(brevo.settings(sms_webhook_token=SecretStr("t"))).send(outbox_row())  # no public address
    assert "webUrl" not in brevo.requests[-1]["json"]


def test_a_429_asks_to_wait_as_brevo_says(brevo):
    brevo.replies.append(RATE_LIMITED)
    with pytest.raises(messaging.RateLimited) as slow:
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    assert slow.value.retry_after == 42.0  # x-sib-ratelimit-reset
    brevo.replies.append((429, {"Retry-After": "7", "x-sib-ratelimit-reset": "42"}, {}))
    with pytest.raises(messaging.RateLimited) as slow:
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    assert slow.value.retry_after == 7.0
    brevo.replies.append((429, {}, {}))
    with pytest.raises(messaging.RateLimited) as slow:
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    assert slow.value.retry_after == 60.0


def test_a_refused_number_is_a_permanent_failure_and_a_5xx_is_not(brevo):
    brevo.replies.append(INVALID_NUMBER)
    with pytest.raises(messaging.PermanentFailure):
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    brevo.replies.append(SERVER_ERROR)
    with pytest.raises(ProviderUnavailable) as down:
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    assert not isinstance(down.value, messaging.PermanentFailure | messaging.RateLimited)


def test_an_answer_without_a_message_id_is_sent_but_untracked(brevo, caplog):
    brevo.replies.append((201, {}, {}))
    with caplog.at_level(logging.WARNING):
        assert BrevoSmsSender(brevo.settings()).send(outbox_row(message_id=31)) is None
    assert "SMS 31 accepted by Brevo without a message id" in caplog.text


def test_the_network_down_is_an_ordinary_error_retried_later():
    settings = dataclasses.replace(get_settings(), sms_provider="brevo", brevo_api_key=SecretStr(API_KEY),
                                   brevo_api_url=f"http://127.0.0.1:{free_port()}/v3")  # nobody listens
    with pytest.raises(OSError) as down:
        BrevoSmsSender(settings).send(outbox_row())
    assert not isinstance(down.value, messaging.PermanentFailure | messaging.RateLimited)


def test_a_rejected_key_is_permanent_and_logged_by_status_without_key_number_or_text(brevo, caplog):
    brevo.replies.append(BAD_KEY)
    with caplog.at_level(logging.DEBUG), pytest.raises(messaging.PermanentFailure):
        BrevoSmsSender(brevo.settings()).send(outbox_row())
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "HTTP 401" in warning.getMessage()
    logged = " ".join(r.getMessage() for r in caplog.records)
    for secret in (API_KEY, MOBILE, BREVO_RECIPIENT, GSM_TEXT):
        assert secret not in logged


def test_no_key_means_no_request():
    settings = dataclasses.replace(get_settings(), sms_provider="brevo", brevo_api_key=SecretStr(""))
    with pytest.raises(RuntimeError, match="BREVO_API_KEY"):
        BrevoSmsSender(settings).send(outbox_row())
    assert messaging.sending_configured(OutboxChannel.SMS, settings) is False
    assert isinstance(messaging.sms_sender(settings), BrevoSmsSender)
    assert isinstance(messaging.sms_sender(dataclasses.replace(settings, sms_provider="")), messaging.LoggingSmsSender)


# --- the outbox over Brevo ------------------------------------------------------------------------------


def queue_sms(session: Session, number: str = NEWCOMER, key: str = "test-sms", body: str = GSM_TEXT) -> int:
    person = person_by_number(session, number)
    assert messaging.enqueue(session, dedupe_key=key, person_id=person.id, kind=OutboxKind.REMINDER,
                             channel=OutboxChannel.SMS, recipient=MOBILE, subject="", body=body)
    session.commit()
    return session.exec(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)).one()


def row(session: Session, message_id: int) -> OutboxMessage:
    session.expire_all()
    return session.get(OutboxMessage, message_id)


def test_send_due_stores_brevos_message_id(demo, brevo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    brevo.replies.append(accepted(4242))
    with Session(demo) as s:
        message_id = queue_sms(s)
        counts = messaging.send_due(s, settings=brevo.settings())  # the settings choose the Brevo sender
        assert counts["sent"] == 1
        sent = row(s, message_id)
        assert (sent.status, sent.provider_id, sent.sent_at, sent.last_error) == ("sent", "4242", TUESDAY_10H, None)
    [request] = brevo.requests
    assert request["json"]["recipient"] == BREVO_RECIPIENT and request["json"]["tag"] == "reminder"


def test_send_due_retries_after_a_5xx(demo, brevo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    brevo.replies += [SERVER_ERROR, accepted(777)]
    with Session(demo) as s:
        message_id = queue_sms(s)
        assert messaging.send_due(s, settings=brevo.settings())["retry"] == 1
        waiting = row(s, message_id)
        assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 1, "ProviderUnavailable")
        assert waiting.next_attempt_at == TUESDAY_10H + dt.timedelta(minutes=5)
        assert messaging.send_due(s, settings=brevo.settings())["retry"] == 0  # not due yet
        assert len(brevo.requests) == 1
        set_clock(monkeypatch, TUESDAY_10H + dt.timedelta(minutes=6))
        assert messaging.send_due(s, settings=brevo.settings())["sent"] == 1
        sent = row(s, message_id)
        assert (sent.status, sent.attempts, sent.provider_id) == ("sent", 2, "777")
    assert len(brevo.requests) == 2


def test_send_due_fails_a_refused_number_for_good(demo, brevo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    brevo.replies.append(INVALID_NUMBER)
    with Session(demo) as s:
        message_id = queue_sms(s)
        assert messaging.send_due(s, settings=brevo.settings())["failed"] == 1
        failed = row(s, message_id)
        assert (failed.status, failed.last_error, failed.provider_id) == ("failed", "PermanentFailure", None)
        set_clock(monkeypatch, TUESDAY_10H + dt.timedelta(hours=3))
        assert sum(messaging.send_due(s, settings=brevo.settings()).values()) == 0
    assert len(brevo.requests) == 1


def test_send_due_holds_a_rate_limited_sms_without_losing_it(demo, brevo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    brevo.replies += [RATE_LIMITED, accepted(9001)]
    with Session(demo) as s:
        message_id = queue_sms(s)
        assert messaging.send_due(s, settings=brevo.settings())["held"] == 1
        held = row(s, message_id)
        assert (held.status, held.attempts, held.last_error) == ("pending", 0, "rate_limited")
        assert held.next_attempt_at == TUESDAY_10H + dt.timedelta(seconds=42)
        messaging.send_due(s, settings=brevo.settings())
        assert len(brevo.requests) == 1  # it waits the 42 s
        set_clock(monkeypatch, TUESDAY_10H + dt.timedelta(seconds=43))
        assert messaging.send_due(s, settings=brevo.settings())["sent"] == 1
        sent = row(s, message_id)
        assert (sent.status, sent.attempts, sent.provider_id, sent.last_error) == ("sent", 1, "9001", None)
    assert len(brevo.requests) == 2


# --- Brevo's callbacks ------------------------------------------------------------------------------------


def sent_sms(session: Session, provider_id: str, number: str = NEWCOMER, key: str = "sent-sms") -> int:
    message_id = queue_sms(session, number, key)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                    .values(status=OutboxStatus.SENT, sent_at=clock.now(), provider_id=provider_id))
    session.commit()
    return message_id


def delivered_event(provider_id: int, **extra) -> dict:
    """Brevo's transactional SMS webhook, as its documentation shows it."""
    return {"id": 26570, "to": BREVO_RECIPIENT, "sms_count": 1, "credits_used": 1.5, "messageId": provider_id,
            "remaining_credit": 11488.845, "msg_status": "delivered", "date": "2025-03-11 10:00:30",
            "type": "transactional", **extra}


def test_a_delivery_is_recorded_on_the_message_and_a_late_sent_does_not_undo_it(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        message_id = sent_sms(s, "4242")
        delivered_at = TUESDAY_10H - dt.timedelta(seconds=30)
        event = delivered_event(4242, ts_event=int(delivered_at.timestamp()))
        assert messaging.record_sms_event(s, event) == "delivered"
        s.commit()
        message = row(s, message_id)
        assert (message.delivery_status, message.delivered_at, message.status) == ("delivered", delivered_at, "sent")
        messaging.record_sms_event(s, {**event, "msg_status": "sent", "ts_event": None})
        s.commit()
        assert row(s, message_id).delivery_status == "delivered"
        assert messaging.record_sms_event(s, delivered_event(999)) == "unknown_message"


def test_a_bounce_is_recorded_in_brevos_spellings(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        message_id = sent_sms(s, "4343")
        assert messaging.record_sms_event(s, {"messageId": "4343", "event": "softBounce"}) == "soft_bounce"
        s.commit()
        assert row(s, message_id).delivery_status == "soft_bounce"
        assert messaging.record_sms_event(s, {"message_id": 4343, "msg_status": "hard_bounce"}) == "hard_bounce"
        s.commit()
        message = row(s, message_id)
        assert (message.delivery_status, message.delivered_at) == ("hard_bounce", None)


def people_and_their_waiting_texts(s: Session) -> tuple[int, int, int, int, int]:
    """NEWCOMER's phone is the number that will answer (typed with spaces); Yanis has another one. Each
    has an SMS waiting; NEWCOMER also an e-mail. Their ids, then those of the three messages."""
    newcomer, yanis = person_by_number(s, NEWCOMER), person_by_number(s, YANIS)
    newcomer.phone, yanis.phone = "06 12 34 56 78", "0698765432"
    newcomer.sms_opt_out_at = yanis.sms_opt_out_at = None
    s.add_all([newcomer, yanis])
    s.commit()
    waiting = queue_sms(s, NEWCOMER, "waiting-sms")
    assert messaging.enqueue(s, dedupe_key="waiting-email", person_id=newcomer.id, kind=OutboxKind.REMINDER,
                             channel=OutboxChannel.EMAIL, recipient="leonie.fictive@example.invalid",
                             subject="Rappel", body="Rappel")
    assert messaging.enqueue(s, dedupe_key="other-sms", person_id=yanis.id, kind=OutboxKind.REMINDER,
                             channel=OutboxChannel.SMS, recipient="+33698765432", subject="", body=GSM_TEXT)
    s.commit()
    ids = {m.dedupe_key: m.id for m in s.exec(select(OutboxMessage)).all()}
    return newcomer.id, yanis.id, waiting, ids["waiting-email"], ids["other-sms"]


def test_a_stop_reply_opts_the_person_out_and_cancels_their_waiting_sms(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        sent_sms(s, "5150")
        newcomer, yanis, waiting, email, other = people_and_their_waiting_texts(s)
        reply = {"id": 26570, "to": BREVO_RECIPIENT, "messageId": 5150, "msg_status": "replied", "reply": " Stop. ",
                 "date": "2025-03-11 10:00:30", "type": "transactional"}
        assert messaging.record_sms_event(s, reply) == "opted_out"
        s.commit()
        s.expire_all()
        assert s.get(Beneficiary, newcomer).sms_opt_out_at == TUESDAY_10H
        assert s.get(Beneficiary, newcomer).email_opt_out_at is None
        assert s.get(Beneficiary, yanis).sms_opt_out_at is None
        cancelled = s.get(OutboxMessage, waiting)
        assert (cancelled.status, cancelled.last_error) == ("cancelled", "opted_out")
        assert s.get(OutboxMessage, email).status == "pending"
        assert s.get(OutboxMessage, other).status == "pending"


def test_an_unsubscription_event_opts_out_too_and_an_ordinary_reply_does_nothing(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        newcomer, _, waiting, _, _ = people_and_their_waiting_texts(s)
        assert messaging.record_sms_event(s, {"msg_status": "replied", "to": BREVO_RECIPIENT,
                                              "reply": "Stop le rendez-vous de mardi ?"}) == "reply"
        s.commit()
        s.expire_all()
        assert s.get(Beneficiary, newcomer).sms_opt_out_at is None
        assert s.get(OutboxMessage, waiting).status == "pending"
        assert messaging.record_sms_event(s, {"msg_status": "unsubscribed", "to": MOBILE}) == "opted_out"
        s.commit()
        s.expire_all()
        assert s.get(Beneficiary, newcomer).sms_opt_out_at == TUESDAY_10H
        assert s.get(OutboxMessage, waiting).status == "cancelled"
        assert messaging.record_sms_event(s, {"msg_status": "unsubscribed", "to": "33700000000"}) == "unknown_number"


@pytest.mark.parametrize("text", ["STOP", "stop", "Stop.", "STOP SMS", "stop sms", "  Stop  ", "STOP!", "ＳＴＯＰ"])
def test_stop_is_read_whatever_its_case_spaces_and_punctuation(text):
    assert messaging.is_stop(text)


@pytest.mark.parametrize("text", ["stopper", "Stop le rendez-vous", "OK", "", None, 12, "non stop"])
def test_other_replies_are_not_stop(text):
    assert not messaging.is_stop(text)


@pytest.mark.parametrize("payload", [None, [], "delivered", 42, {}, {"foo": "bar"}, {"msg_status": 5},
                                     {"msg_status": "clicked", "messageId": 4242}, {"event": ["delivered"]}])
def test_garbage_is_ignored(demo, monkeypatch, payload):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        message_id = sent_sms(s, "4242")
        assert messaging.record_sms_event(s, payload) == "ignored"
        s.commit()
        assert row(s, message_id).delivery_status is None


def test_a_delivery_without_a_usable_id_changes_nothing(demo, monkeypatch):
    set_clock(monkeypatch, TUESDAY_10H)
    with Session(demo) as s:
        message_id = sent_sms(s, "4242")
        for bad in (None, True, {"id": 4242}, "42 42", ""):
            assert messaging.record_sms_event(s, {"msg_status": "delivered", "messageId": bad}) == "unknown_message"
        s.commit()
        assert row(s, message_id).delivery_status is None


# --- the server's route -------------------------------------------------------------------------------


def post(url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as refused:
        with refused:
            return refused.code, {k.lower(): v for k, v in refused.headers.items()}, refused.read()


EVENT = json.dumps(delivered_event(4242)).encode()


def test_the_callback_refuses_everything_while_no_token_is_set(server):
    if os.environ.get("DOSSIER_SMS_WEBHOOK_TOKEN"):
        pytest.skip("the shared test server has a callback token from this environment")
    assert post(f"{server.url}/sms/callback", EVENT)[0] == 403
    assert post(f"{server.url}/sms/callback?token=", EVENT)[0] == 403
    assert post(f"{server.url}/sms/callback?token={TOKEN}", EVENT)[0] == 403


@pytest.fixture(scope="module")
def sms_server():
    with streamlit_server(settings={"DOSSIER_SMS_WEBHOOK_TOKEN": TOKEN}) as running:
        yield running


@pytest.mark.slow
def test_the_callback_checks_its_token_and_its_json(demo, sms_server):
    with Session(demo) as s:
        message_id = sent_sms(s, "4242")
    for url in (f"{sms_server.url}/sms/callback", f"{sms_server.url}/sms/callback?token=wrong",
                f"{sms_server.url}/sms/callback?token={TOKEN}x"):
        assert post(url, EVENT)[0] == 403
    assert post(f"{sms_server.url}/sms/callback?token={TOKEN}", b"{not json")[0] == 400
    assert post(f"{sms_server.url}/sms/callback?token={TOKEN}", b"\xff\xfe")[0] == 400
    with Session(demo) as s:
        assert s.get(OutboxMessage, message_id).delivery_status is None


@pytest.mark.slow
def test_the_callback_records_a_delivery_and_a_stop(demo, sms_server):
    with Session(demo) as s:
        message_id = sent_sms(s, "4242")
        newcomer, _, waiting, _, _ = people_and_their_waiting_texts(s)
    status, headers, body = post(f"{sms_server.url}/sms/callback?token={TOKEN}", EVENT)
    assert (status, json.loads(body)) == (200, {"ok": True})
    assert headers["x-content-type-options"] == "nosniff"
    with Session(demo) as s:
        message = s.get(OutboxMessage, message_id)
        assert message.delivery_status == "delivered" and message.delivered_at is not None
    batch = json.dumps([{"msg_status": "replied", "to": BREVO_RECIPIENT, "messageId": 4242, "reply": "STOP"},
                        {"something": "else"}]).encode()
    assert post(f"{sms_server.url}/sms/callback?token={TOKEN}", batch)[0] == 200
    with Session(demo) as s:
        assert s.get(Beneficiary, newcomer).sms_opt_out_at is not None
        assert (s.get(OutboxMessage, waiting).status, s.get(OutboxMessage, waiting).last_error) == (
            "cancelled", "opted_out")
    assert MOBILE not in sms_server.log() and BREVO_RECIPIENT not in sms_server.log()
