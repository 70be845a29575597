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


def paris_midnight(day: dt.date) -> dt.datetime:
    """The UTC instant a day starts in Paris: day boundaries of counts and windows are French days."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=PARIS).astimezone(dt.UTC)
