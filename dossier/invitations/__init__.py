"""Invitations that reach people: campaigns chosen from the imported list, a personal link by SMS,
e-mail (with the letter attached) and printed letter, two follow-ups at most, and the funnel per
campaign and channel.

Public face of the context: other contexts and the pages import from here only."""

from __future__ import annotations

from dossier.invitations._campaigns import (
    Audience,
    CampaignRow,
    Launched,
    Reach,
    campaigns,
    communes,
    launch,
    letters,
    preview,
)
from dossier.invitations._follow_ups import queue_follow_ups, send_outbox, still_wanted
from dossier.invitations._funnel import LETTER, FunnelRow, campaign_funnel

__all__ = [
    "LETTER",
    "Audience",
    "CampaignRow",
    "FunnelRow",
    "Launched",
    "Reach",
    "campaign_funnel",
    "campaigns",
    "communes",
    "launch",
    "letters",
    "preview",
    "queue_follow_ups",
    "send_outbox",
    "still_wanted",
]
