"""Messages that reach people: the outbox (one transaction with the decision, sent by a worker, never
twice), e-mail over SMTP, SMS through a provider (Brevo) or logged when none is configured, the rules of
each channel (opt-outs, E.164 mobile numbers, no SMS at night, on Sundays or public holidays, a
per-minute limit) and the provider's callbacks (delivery, « STOP »).

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.messaging._callbacks import SMS_CALLBACK_ROUTE, is_stop, record_sms_event
from dossier.messaging._mine import ChannelChoice, MessageLine, channel_choice, choose_channels, messages_to
from dossier.messaging._outbox import (
    MAX_ATTEMPTS,
    AttachmentsFor,
    StillWanted,
    channel_of,
    channels_of,
    enqueue,
    enqueue_many,
    send_due,
    sending_configured,
    sms_sender,
)
from dossier.messaging._phones import to_e164
from dossier.messaging._senders import (
    Attachment,
    LoggingSmsSender,
    PermanentFailure,
    RateLimited,
    Sender,
    SmtpSender,
)
from dossier.messaging._sms_text import is_gsm, sms_segments, to_gsm
from dossier.messaging._windows import next_sms_moment, sms_allowed_at

__all__ = [
    "MAX_ATTEMPTS",
    "SMS_CALLBACK_ROUTE",
    "Attachment",
    "ChannelChoice",
    "MessageLine",
    "AttachmentsFor",
    "LoggingSmsSender",
    "PermanentFailure",
    "RateLimited",
    "Sender",
    "SmtpSender",
    "StillWanted",
    "channel_choice",
    "channel_of",
    "channels_of",
    "choose_channels",
    "enqueue",
    "enqueue_many",
    "is_gsm",
    "is_stop",
    "messages_to",
    "next_sms_moment",
    "record_sms_event",
    "send_due",
    "sending_configured",
    "sms_allowed_at",
    "sms_segments",
    "sms_sender",
    "to_e164",
    "to_gsm",
]
