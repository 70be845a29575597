"""What the SMS provider tells afterwards (server.py's `POST /sms/callback`): Brevo's transactional SMS
webhook events (https://developers.brevo.com/docs/transactional-webhooks, « Transactional SMS events »).

One event is one JSON object: `msg_status` (sent, accepted, delivered, soft_bounce, hard_bounce,
rejected, skip, replied, unsubscribed…; older and batched forms say `event`, in camelCase: softBounce),
`messageId` (the id `BrevoSmsSender.send` stored as `OutboxMessage.provider_id`; some payloads spell it
`message_id`), `to` (the person's mobile, digits with the country code), `ts_event` (UTC seconds) and,
for a reply, `reply` (its text).

- a delivery event sets the message's `delivery_status` (one short word; a late « sent » never hides a
  « delivered ») and, on delivery, `delivered_at`;
- a reply « STOP » (« stop », « Stop. », « STOP SMS »…) or an unsubscribe event records the person's
  refusal (`Beneficiary.sms_opt_out_at`) for everyone whose phone is that number, and cancels the texts
  still waiting for them (« opted_out »); any other reply is neither kept nor read further;
- anything else is ignored. Bad input never raises: the provider would only send it again.

Logs name outbox ids and outcomes only, never a number nor a text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from sqlalchemy import or_, update
from sqlmodel import Session, select

from dossier import clock
from dossier.messaging._phones import to_e164
from storage.models import Beneficiary, OutboxMessage
from storage.vocabulary import OutboxChannel, OutboxStatus

log = logging.getLogger(__name__)
SMS_CALLBACK_ROUTE = "/sms/callback"  # server.py answers there; `BrevoSmsSender` names it in `webUrl`

# Brevo's event names (webhook `msg_status`, statistics `event`), lower case without `_`, `-` or spaces.
DELIVERY = {"sent": "sent", "accepted": "accepted", "delivered": "delivered",
            "softbounce": "soft_bounce", "softbounced": "soft_bounce",
            "hardbounce": "hard_bounce", "hardbounced": "hard_bounce",
            "rejected": "rejected", "blocked": "blocked", "skip": "skipped", "skipped": "skipped",
            "error": "error"}
REPLY = {"replied", "reply", "inbound"}
OPT_OUT = {"unsubscribe", "unsubscribed", "unsubscription", "blacklisted", "blacklist", "optout", "stop"}
EARLY = {None, "sent", "accepted"}  # a later event may replace these; « delivered » and bounces stay
STOP = re.compile(r"^\W*stop(?:\W*sms)?\W*$", re.IGNORECASE)
PROVIDER_ID = re.compile(r"^[A-Za-z0-9._@<>:-]{1,100}$")
PHONE_FIELDS = ("to", "from", "phoneNumber", "phone_number", "phone")


def is_stop(text: object) -> bool:
    """« STOP », « stop », «  Stop. », « STOP SMS », « ＳＴＯＰ »: the person refuses texts."""
    if not isinstance(text, str) or len(text) > 200:
        return False
    return bool(STOP.match(unicodedata.normalize("NFKC", text).strip()))


def _event(payload: dict) -> str | None:
    for field in ("msg_status", "event"):
        value = payload.get(field)
        if isinstance(value, str) and value.strip():
            return re.sub(r"[\s_\-]", "", value).lower()
    return None


def _provider_id(payload: dict) -> str | None:
    for field in ("messageId", "message_id", "message-id"):
        value = payload.get(field)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and PROVIDER_ID.match(value.strip()):
            return value.strip()
    return None


def _number(payload: dict) -> str | None:
    for field in PHONE_FIELDS:
        value = payload.get(field)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and len(value) <= 30:
            mobile = to_e164(value)
            if mobile:
                return mobile
    return None


def _moment(payload: dict) -> dt.datetime:
    """When it happened: Brevo's `ts_event` (UTC seconds) when it is plausible, else now."""
    now = clock.now()
    value = payload.get("ts_event")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            moment = dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return now
        if now - dt.timedelta(days=30) <= moment <= now + dt.timedelta(minutes=5):
            return moment
    return now


def _message(session: Session, provider_id: str | None) -> OutboxMessage | None:
    if provider_id is None:
        return None
    return session.exec(select(OutboxMessage).where(OutboxMessage.provider_id == provider_id,
                                                    OutboxMessage.channel == OutboxChannel.SMS)
                        .order_by(OutboxMessage.id)).first()


def _people_with(session: Session, number: str) -> set[int]:
    """Everyone whose phone, however it was typed, is this mobile. The stored forms are asked by index;
    a LIKE on the last four digits finds the spaced or dotted ones, and `to_e164` decides."""
    forms = {number, number[1:], "00" + number[1:]}
    if number.startswith("+33"):
        forms.add("0" + number[3:])
    rows = session.exec(select(Beneficiary.id, Beneficiary.phone).where(or_(
        Beneficiary.phone.in_(forms), Beneficiary.phone.like(f"%{number[-4:-2]}%{number[-2:]}%")))).all()
    return {person_id for person_id, phone in rows if to_e164(phone) == number}


def _opt_out(session: Session, number: str | None, message: OutboxMessage | None) -> str:
    texted = to_e164(message.recipient) if message is not None else None
    number = number or texted  # a reply to our message comes from the number we texted
    people = _people_with(session, number) if number else set()
    if texted is not None and texted == number:
        people.add(message.beneficiary_id)  # the number we texted answered, whatever its dossier says now
    if not people:
        log.info("SMS opt-out for a number that is no one's: nothing to record")
        return "unknown_number"
    now = clock.now()
    session.execute(update(Beneficiary).where(Beneficiary.id.in_(people), Beneficiary.sms_opt_out_at.is_(None))
                    .values(sms_opt_out_at=now, updated_at=now))
    cancelled = session.execute(update(OutboxMessage).where(
        OutboxMessage.beneficiary_id.in_(people), OutboxMessage.channel == OutboxChannel.SMS,
        OutboxMessage.status == OutboxStatus.PENDING).values(status=OutboxStatus.CANCELLED, last_error="opted_out"))
    log.info("SMS opt-out recorded for %s person(s), %s waiting text(s) cancelled", len(people), cancelled.rowcount)
    return "opted_out"


def _delivery(session: Session, message: OutboxMessage | None, status: str, payload: dict) -> str:
    if message is None:
        return "unknown_message"
    if (status in EARLY and message.delivery_status not in EARLY) or (
            message.delivery_status == "delivered" and status != "delivered"):
        return status  # a late « sent » after the outcome, a bounce after the delivery: the outcome stays
    values: dict[str, object] = {"delivery_status": status}
    if status == "delivered":
        values["delivered_at"] = _moment(payload)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values))
    log.info("SMS %s: %s", message.id, status)
    return status


def record_sms_event(session: Session, payload: dict) -> str:
    """Apply one of the provider's callbacks; the outcome in one word (« delivered », « opted_out »,
    « reply », « unknown_message », « ignored »…). The caller commits."""
    if not isinstance(payload, dict):
        return "ignored"
    event = _event(payload)
    if event is None:
        return "ignored"
    if event in DELIVERY:
        return _delivery(session, _message(session, _provider_id(payload)), DELIVERY[event], payload)
    if event in REPLY:
        text = payload.get("reply", payload.get("text"))
        if not is_stop(text):
            return "reply"
        return _opt_out(session, _number(payload), _message(session, _provider_id(payload)))
    if event in OPT_OUT:
        return _opt_out(session, _number(payload), _message(session, _provider_id(payload)))
    return "ignored"
