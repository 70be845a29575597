"""Dates, times and numbers as people read them: the one place that turns them into text, through Babel.

Every function takes a `locale` (default: the active language's, `dossier.i18n`, « fr_FR » unless the
person chose another). A moment (`datetime`) is always shown in Paris time
(`clock.as_paris`: a naive one is taken as UTC, as the store keeps it). In French the patterns are written
out, so the texts stay those the app has always shown: « 04/12/2026 », « 14:30 », « 04/12/2026 à 14:30 »,
« vendredi 4 décembre ». Other languages get their own CLDR formats. Numbers use the locale's separators:
« 12 345 » (narrow no-break space U+202F between thousands), « 12,5 » and « 12,5 % » (no-break space
U+00A0 before « % », as CLDR writes French percentages), so a number never breaks across two lines.

Machine formats (ISO dates in files, iCalendar, database values, what validation parses) are not here.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time, get_datetime_format, get_day_names
from babel.numbers import NumberPattern, format_decimal, format_percent

from dossier import i18n
from dossier.clock import PARIS, as_paris

DEFAULT_LOCALE = "fr_FR"

# French patterns, written out so that the texts do not move with CLDR data.
FRENCH = {"date": "dd/MM/yyyy", "time": "HH:mm", "datetime": "dd/MM/yyyy 'à' HH:mm",
          "long_date": "EEEE d MMMM", "long_date_year": "EEEE d MMMM y"}
# Times on the 24-hour clock, as the places' opening hours read in France (CLDR's Arabic is « 2:30 م »),
# and dates in figures as on French letters, « 04/12/2026 » read left to right (CLDR's Arabic puts
# right-to-left marks between the figures).
TWENTY_FOUR_HOURS = {"fr", "ar"}
DIGITS_AS_IN_FRANCE = {"ar"}
# Other languages: CLDR skeletons (each locale orders the fields its own way).
SKELETONS = {"date": "yMMdd", "long_date": "MMMMEEEEd", "long_date_year": "yMMMMEEEEd"}


def _locale(locale: str | Locale | None) -> Locale:
    """The locale asked for, else the active language's (`dossier.i18n`: French unless the person chose)."""
    return _parsed(i18n.babel_locale() if locale is None else locale)


@lru_cache(maxsize=16)
def _parsed(locale: str | Locale) -> Locale:
    return Locale.parse(locale)


def _day(value: dt.date | dt.datetime) -> dt.date:
    """The day of a date, or the Paris day of a moment."""
    return as_paris(value).date() if isinstance(value, dt.datetime) else value


def _day_text(day: dt.date, key: str, loc: Locale) -> str:
    if loc.language == "fr" or (key == "date" and loc.language in DIGITS_AS_IN_FRANCE):
        return format_date(day, FRENCH[key], locale=loc)
    return format_skeleton(SKELETONS[key], dt.datetime.combine(day, dt.time()), locale=loc)


def date(value: dt.date | dt.datetime, locale: str | Locale | None = None) -> str:
    """« 04/12/2026 » (JJ/MM/AAAA). A moment gives its day in Paris."""
    return _day_text(_day(value), "date", _locale(locale))


def long_date(value: dt.date | dt.datetime, locale: str | Locale | None = None, *, year: bool = False) -> str:
    """« vendredi 4 décembre » (with `year`: « vendredi 4 décembre 2026 »): a day said in words, for the
    person's choices (no bare digits). A moment gives its day in Paris."""
    return _day_text(_day(value), "long_date_year" if year else "long_date", _locale(locale))


def time(value: dt.datetime | dt.time, locale: str | Locale | None = None) -> str:
    """« 14:30 »: a moment in Paris time (a bare `time` as it is)."""
    loc = _locale(locale)
    if isinstance(value, dt.datetime):
        value = as_paris(value)
    return format_time(value, FRENCH["time"] if loc.language in TWENTY_FOUR_HOURS else "short", locale=loc)


def datetime(moment: dt.datetime, locale: str | Locale | None = None) -> str:
    """« 04/12/2026 à 14:30 », in Paris time."""
    loc, local = _locale(locale), as_paris(moment)
    if loc.language == "fr":
        return format_datetime(local, FRENCH["datetime"], tzinfo=PARIS, locale=loc)
    glue = get_datetime_format("short", locale=loc).replace("'", "")
    return glue.replace("{0}", time(local, loc)).replace("{1}", date(local, loc))


def weekday(index: int, locale: str | Locale | None = None) -> str:
    """« lundi » for 0 (Monday, as `date.weekday()` counts) to « dimanche » for 6."""
    return get_day_names("wide", locale=_locale(locale))[index]


def _digits(pattern: NumberPattern, digits: int) -> NumberPattern:
    """The locale's pattern, with exactly `digits` figures after the decimal separator."""
    fixed = copy.copy(pattern)
    fixed.frac_prec = (digits, digits)
    return fixed


def integer(n: int, locale: str | Locale | None = None) -> str:
    """« 12 345 » (U+202F between thousands in French)."""
    return format_decimal(n, locale=_locale(locale))


def decimal(value: float, digits: int = 1, locale: str | Locale | None = None) -> str:
    """« 12,5 », « 10,0 », « 1 234,5 »: exactly `digits` figures after the decimal comma."""
    loc = _locale(locale)
    return format_decimal(value, _digits(loc.decimal_formats[None], digits), locale=loc)


def percent(ratio: float, digits: int = 0, locale: str | Locale | None = None) -> str:
    """A ratio as a percentage, exactly `digits` figures after the comma: 0.125 → « 12,5 % » (digits=1),
    0 → « 0 % »; U+00A0 before « % » in French."""
    loc = _locale(locale)
    return format_percent(ratio, _digits(loc.percent_formats[None], digits), locale=loc)
