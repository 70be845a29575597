"""Dates, times and numbers as people read them (dossier/formatting.py, Babel): the French texts the app
has always shown, moments in Paris time whatever the season, numbers that never break across lines."""

from __future__ import annotations

import datetime as dt

import pytest

from dossier import clock, formatting
from dossier.labels import LABELS, long_date

NNBSP, NBSP = "\u202f", "\u00a0"  # narrow no-break space (thousands), no-break space (before « % »)
WINTER = dt.datetime(2026, 12, 4, 13, 30, tzinfo=dt.UTC)  # Paris is UTC+1
SUMMER = dt.datetime(2026, 7, 4, 12, 30, tzinfo=dt.UTC)  # Paris is UTC+2


def test_a_day_is_written_jj_mm_aaaa():
    assert formatting.date(dt.date(2026, 12, 4)) == "04/12/2026"
    assert formatting.date(dt.date(1990, 3, 5)) == "05/03/1990"


def test_a_moment_gives_its_paris_day():
    assert formatting.date(dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)) == "05/12/2026"
    assert formatting.date(dt.datetime(2026, 7, 4, 21, 59, tzinfo=dt.UTC)) == "04/07/2026"
    assert formatting.date(dt.datetime(2026, 7, 4, 22, 0, tzinfo=dt.UTC)) == "05/07/2026"


def test_times_are_paris_time_in_winter_and_in_summer():
    assert formatting.time(WINTER) == "14:30"
    assert formatting.time(SUMMER) == "14:30"
    assert formatting.time(dt.datetime(2026, 12, 4, 8, 5)) == "09:05"  # naive: UTC, as the store keeps it
    assert formatting.time(dt.time(9, 5)) == "09:05"  # a bare time is not moved


@pytest.mark.parametrize(("utc", "paris"), [
    (dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC), "29/03/2026 à 01:30"),  # before the change: UTC+1
    (dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC), "29/03/2026 à 03:30"),  # after it: UTC+2
    (dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC), "25/10/2026 à 02:30"),  # back to UTC+1 at 01:00 UTC
    (dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC), "25/10/2026 à 02:30"),
])
def test_a_moment_is_shown_in_paris_across_the_daylight_saving_changes(utc, paris):
    assert formatting.datetime(utc) == paris


def test_date_and_time_together():
    assert formatting.datetime(WINTER) == "04/12/2026 à 14:30"
    assert formatting.datetime(SUMMER.astimezone(clock.PARIS)) == "04/07/2026 à 14:30"


def test_a_day_in_words():
    assert formatting.long_date(dt.date(2026, 12, 4)) == "vendredi 4 décembre"
    assert formatting.long_date(dt.date(2026, 12, 4), year=True) == "vendredi 4 décembre 2026"
    assert formatting.long_date(dt.date(2026, 8, 1)) == "samedi 1 août"
    assert formatting.long_date(dt.date(2027, 2, 15)) == "lundi 15 février"
    assert formatting.long_date(dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC)) == "vendredi 4 décembre"


def test_weekday_names_count_from_monday():
    assert [formatting.weekday(i) for i in range(7)] == \
        ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def test_the_older_names_say_the_same():
    assert formatting.date(dt.date(2026, 12, 4)) == "04/12/2026"
    assert formatting.time(SUMMER) == "14:30"
    assert formatting.datetime(WINTER) == "04/12/2026 à 14:30"
    assert long_date(dt.date(2026, 12, 1)) == "mardi 1 décembre"


def test_no_hand_written_month_or_day_names_are_left_in_the_catalogue():
    assert not [key for key in LABELS if key.startswith(("month.", "weekday."))]


def test_integers_group_thousands_with_a_narrow_no_break_space():
    assert formatting.integer(12345) == f"12{NNBSP}345"
    assert formatting.integer(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert formatting.integer(999) == "999"
    assert formatting.integer(0) == "0"


def test_decimals_have_a_comma_and_a_fixed_number_of_figures():
    assert formatting.decimal(12.5) == "12,5"
    assert formatting.decimal(10) == "10,0"
    assert formatting.decimal(12.345, 2) == "12,34"  # half to even, on the decimal value
    assert formatting.decimal(1234.5) == f"1{NNBSP}234,5"
    assert formatting.decimal(41.6, 0) == "42"


def test_percentages_never_break_before_the_sign():
    assert formatting.percent(0.125, 1) == f"12,5{NBSP}%"
    assert formatting.percent(0) == f"0{NBSP}%"
    assert formatting.percent(0.2, 1) == f"20,0{NBSP}%"
    assert formatting.percent(1 / 3) == f"33{NBSP}%"
    assert formatting.percent(12.345, 1) == f"1{NNBSP}234,5{NBSP}%"
    assert " " not in formatting.percent(0.125, 1)


def test_each_function_takes_a_locale():
    day = dt.date(2026, 12, 4)
    assert formatting.date(day, "en") == "12/4/2026"
    assert formatting.time(WINTER, "en") == f"2:30{NNBSP}PM"
    assert formatting.datetime(WINTER, "en") == f"12/4/2026, 2:30{NNBSP}PM"
    assert "December" in formatting.long_date(day, "en")
    assert formatting.weekday(0, "en") == "Monday"
    assert formatting.integer(12345, "en") == "12,345"
    assert formatting.decimal(12.5, 1, "en") == "12.5"
    assert formatting.percent(0.125, 1, "en") == "12.5%"
    assert formatting.weekday(4, "ar") == "الجمعة"
