"""Parsing and checking of what people type. Each function returns a clean value or raises ValueError
with the catalogue key of the French message, so that forms, CSV imports and the CLI say the same."""

from __future__ import annotations

import datetime as dt
import re

from dossier import clock

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_MIN, CODE_MAX = 6, 12
PASSWORD_MIN = 12


def parse_date(raw: str, *, allow_future: bool = False) -> dt.date:
    """Accept `JJ/MM/AAAA` (what people write) and `AAAA-MM-JJ` (what exports contain)."""
    text = raw.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    else:
        raise ValueError("error.date.format")
    if not allow_future and day > clock.today():
        raise ValueError("error.date.future")
    return day


def normalise_phone(raw: str) -> str:
    """French numbers in one form (0612345678) so that sign-in by phone finds them."""
    digits = re.sub(r"[\s.\-()]", "", raw.strip())
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9}", digits):
        raise ValueError("error.phone.format")
    return digits


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise ValueError("error.email.format")
    return email


def _is_too_simple(code: str) -> bool:
    digits = [int(c) for c in code]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    return len(set(code)) == 1 or steps in ({1}, {-1})


def check_personal_code(code: str, birth_date: dt.date | None = None) -> str:
    """At least 6 digits, not a run like 123456 or 000000, not the birth date."""
    if not code.isdigit() or len(code) < CODE_MIN:
        raise ValueError("error.code.digits")
    if len(code) > CODE_MAX:
        raise ValueError("error.code.too_long")
    if _is_too_simple(code):
        raise ValueError("error.code.too_simple")
    if birth_date is not None and code in {birth_date.strftime(f) for f in ("%d%m%Y", "%d%m%y", "%Y%m%d")}:
        raise ValueError("error.code.too_simple")
    return code


def check_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise ValueError("error.password.short")
    return password
