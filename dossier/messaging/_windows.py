"""When a text message may reach a phone: never between 20:00 and 08:00 (Paris), on a Sunday or a public
holiday. A message due then waits for the next allowed moment; e-mails are not held back."""

from __future__ import annotations

import datetime as dt

import holidays

from dossier import clock

QUIET_FROM = dt.time(20, 0)
QUIET_UNTIL = dt.time(8, 0)


def _closed(day: dt.date) -> bool:
    return day.weekday() == 6 or day in holidays.France(years=day.year)


def sms_allowed_at(moment: dt.datetime) -> bool:
    local = clock.as_paris(moment)
    return not _closed(local.date()) and QUIET_UNTIL <= local.time() < QUIET_FROM


def next_sms_moment(moment: dt.datetime) -> dt.datetime:
    """`moment` itself when a text may go then, else 08:00 (Paris) of the next open day, in UTC."""
    if sms_allowed_at(moment):
        return moment
    local = clock.as_paris(moment)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    while _closed(day):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=clock.PARIS).astimezone(dt.UTC)
