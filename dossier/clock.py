"""Time helpers: the store keeps UTC, people read Paris time."""

from __future__ import annotations

import calendar
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


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 January + 1 month: 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
