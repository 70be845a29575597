"""Brevo's transactional SMS API: the SMS provider adapter (`DOSSIER_SMS_PROVIDER=brevo`).

One message is one `POST {BREVO_API_URL}/transactionalSMS/send` (https://developers.brevo.com/reference/
send-async-transactional-sms; the older `/transactionalSMS/sms` is deprecated), authenticated by the
`api-key` header, with a JSON body: `sender` (the name the phone shows), `recipient` (the mobile number
with its country code, digits only: 33612345678), `content`, `type` "transactional", `tag` (the kind of
notice, never anything personal), `unicodeEnabled` (true when the text has a character outside the GSM
7-bit alphabet: « ê », « ’ »…) and, when the app knows its public address and has a callback token,
`webUrl` (where Brevo reports this message's events, see `_callbacks`). Brevo answers 201 with
`{"messageId": …}`: the id the delivery callbacks name, stored as `OutboxMessage.provider_id`.

What the outbox makes of an answer: 429 → `RateLimited` (the wait from `Retry-After`, else Brevo's
`x-sib-ratelimit-reset`, else 60 s); 400, 402, 404 (a number Brevo refuses, no credits, refused content)
and 401, 403 (a wrong key or account: logged as a warning, by status only) → `PermanentFailure`; any
other answer, a 5xx or the network → a plain exception, retried later by `send_due`. Only the standard
library. Nothing here logs a number, a text or the key.
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import urllib.error
import urllib.request
from urllib.parse import quote

from dossier import clock
from dossier.messaging._callbacks import SMS_CALLBACK_ROUTE
from dossier.messaging._phones import to_e164
from dossier.messaging._senders import Attachment, PermanentFailure, RateLimited
from dossier.messaging._sms_text import is_gsm
from dossier.settings import Settings
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

SEND_PATH = "/transactionalSMS/send"
TIMEOUT_S = 15
DEFAULT_RETRY_AFTER_S = 60.0
MAX_RETRY_AFTER_S = 3600.0
REFUSED = {400, 402, 404}  # this message cannot go: a wrong number, no credits, refused content
MISCONFIGURED = {401, 403}  # no message can go: the key or the account

ERROR_CODE = re.compile(r"^[a-z_]{1,40}$")


class ProviderUnavailable(Exception):
    """Brevo did not take the message this time (a 5xx, an unexpected answer): `send_due` tries again."""


def _retry_after(headers) -> float:
    """Seconds to wait, from the standard `Retry-After` (seconds or an HTTP date), else Brevo's
    `x-sib-ratelimit-reset` (seconds until the window resets), else 60; kept between 1 s and an hour."""
    for name in ("Retry-After", "x-sib-ratelimit-reset"):
        raw = (headers.get(name) or "").strip() if headers is not None else ""
        if not raw:
            continue
        try:
            seconds = float(raw)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(raw)
            except (TypeError, ValueError):
                continue
            if when is None or when.tzinfo is None:
                continue
            seconds = (when - clock.now()).total_seconds()
        if seconds == seconds:  # not NaN
            return min(max(seconds, 1.0), MAX_RETRY_AFTER_S)
    return DEFAULT_RETRY_AFTER_S


def _error_code(body: bytes) -> str:
    """Brevo's error `code` (« invalid_parameter »…): a fixed word, safe to keep; never its `message`,
    which may quote the number."""
    try:
        code = json.loads(body.decode("utf-8")).get("code")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return "unknown"
    return code if isinstance(code, str) and ERROR_CODE.match(code) else "unknown"


class BrevoSmsSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def payload(self, message: OutboxMessage) -> dict[str, object]:
        """The JSON body Brevo documents for one transactional SMS."""
        mobile = to_e164(message.recipient)
        if mobile is None:
            raise PermanentFailure("invalid_number")
        body: dict[str, object] = {
            "sender": self.settings.sms_sender,
            "recipient": mobile.removeprefix("+"),
            "content": message.body,
            "type": "transactional",
            "tag": message.kind,
            "unicodeEnabled": not is_gsm(message.body),
        }
        token = self.settings.sms_webhook_token.get_secret_value()
        if token and self.settings.public_url:
            body["webUrl"] = f"{self.settings.public_base()}{SMS_CALLBACK_ROUTE}?token={quote(token, safe='')}"
        return body

    def send(self, message: OutboxMessage, attachments: tuple[Attachment, ...] = ()) -> str | None:
        key = self.settings.brevo_api_key.get_secret_value()
        if not key:
            raise RuntimeError("BREVO_API_KEY is not set")
        request = urllib.request.Request(
            f"{self.settings.brevo_api_url.rstrip('/')}{SEND_PATH}", method="POST",
            data=json.dumps(self.payload(message)).encode("utf-8"),
            headers={"api-key": key, "accept": "application/json", "content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as answer_error:
            with answer_error:
                refusal = self._refusal(message, answer_error.code, answer_error.headers, answer_error.read())
            raise refusal from None
        if not 200 <= status < 300:  # urllib raises for the others; never resend what Brevo accepted
            raise ProviderUnavailable(f"HTTP {status}")
        try:
            message_id = json.loads(answer.decode("utf-8")).get("messageId")
        except (ValueError, AttributeError, UnicodeDecodeError):
            message_id = None
        if message_id is None or isinstance(message_id, bool) or str(message_id).strip() == "":
            log.warning("SMS %s accepted by Brevo without a message id: its delivery will not be tracked",
                        message.id)
            return None
        return str(message_id)[:100]

    def _refusal(self, message: OutboxMessage, status: int, headers, body: bytes) -> Exception:
        """What an error answer means for the outbox (see the module's docstring)."""
        if status == 429:
            return RateLimited(_retry_after(headers))
        if status in MISCONFIGURED:
            log.warning("Brevo refused the SMS API call (HTTP %s): check BREVO_API_KEY and the account's SMS "
                        "sender; SMS %s is not sent", status, message.id)
            return PermanentFailure(f"HTTP {status}")
        if status in REFUSED or (400 <= status < 500 and status not in (408, 409, 425)):
            return PermanentFailure(f"HTTP {status} {_error_code(body)}")
        return ProviderUnavailable(f"HTTP {status}")
