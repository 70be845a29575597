"""Time helpers: the store keeps UTC, people read Paris time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    return now().astimezone(PARIS).date()


def as_paris(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(PARIS)


def french_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def french_datetime(moment: dt.datetime) -> str:
    return as_paris(moment).strftime("%d/%m/%Y à %H:%M")


def french_time(moment: dt.datetime) -> str:
    return as_paris(moment).strftime("%H:%M")
