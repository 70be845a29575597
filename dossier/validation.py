"""Parsing and checking of what people type. Each function returns a clean value or raises ValueError
with the catalogue key of the French message, so that forms, CSV imports and the CLI say the same."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from dossier import clock

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_MIN, CODE_MAX = 6, 12
PASSWORD_MIN = 12


def normalise_digits(raw: str) -> str:
    """What a phone keyboard typed, in the form we compare and store: Unicode NFKC (full-width letters and
    digits become plain ones) and every decimal digit of any script as its ASCII digit (an Arabic keyboard
    types ٧٣٩١٨٤ for 739184). Used on every code, number, date and phone field before checking it."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)


def parse_date(raw: str, *, allow_future: bool = False) -> dt.date:
    """Accept `JJ/MM/AAAA` (what people write) and `AAAA-MM-JJ` (what exports contain)."""
    text = normalise_digits(raw).strip()
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
    digits = re.sub(r"[\s.\-()]", "", normalise_digits(raw).strip())
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
    """At least 6 digits, not a run like 123456 or 000000, not the birth date. Returns the code in ASCII
    digits: the form that is hashed, whatever script it was typed in."""
    code = normalise_digits(code).strip()
    if not (code.isascii() and code.isdigit()) or len(code) < CODE_MIN:
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


# --- free text (labels of goals and actions, comments) -------------------------------------------

LABEL_MAX = 200
COMMENT_MAX = 500
SENSITIVE_PATTERNS: dict[str, re.Pattern[str]] = {
    "nir": re.compile(r"\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b",
                      re.IGNORECASE),
    "iban": re.compile(r"\bFR\s?\d{2}(?:\s?[0-9A-Z]{4}){5}\s?[0-9A-Z]{3}\b", re.IGNORECASE),
    "email": re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE),
    "phone": re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.\-]?\d{2}){4}\b"),
}


def sensitive_kind(text: str) -> str | None:
    """What personal detail `text` seems to contain (a social-security number, an IBAN, an e-mail,
    a phone number), or None. Free text is read by several people: such details belong elsewhere."""
    for kind, pattern in SENSITIVE_PATTERNS.items():
        if pattern.search(text):
            return kind
    return None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0/C1 but tab and line ends


def clean_text(raw: str) -> str:
    """Typed text as stored: control characters removed (a NUL byte is stored as is by SQLite and refused
    by PostgreSQL: removed, the engines agree), runs of spaces and line breaks made one space."""
    return " ".join(CONTROL_CHARACTERS.sub("", raw).split())


def check_free_text(raw: str, *, max_length: int = LABEL_MAX, sensitive_ok: bool = False) -> str:
    """Trimmed text of at most `max_length` characters. Text that looks like a personal detail is
    refused once with a warning; the writer may confirm it (`sensitive_ok`)."""
    text = clean_text(raw)
    if not text:
        raise ValueError("error.required")
    if len(text) > max_length:
        raise ValueError("error.text.too_long_200" if max_length == LABEL_MAX else "error.text.too_long_500")
    kind = sensitive_kind(text)
    if kind and not sensitive_ok:
        raise ValueError(f"error.text.sensitive.{kind}")
    return text


def check_siret(raw: str) -> str | None:
    """A structure's SIRET: 14 digits (spaces allowed when typed), Luhn's check digit (La Poste's
    establishments, SIREN 356000000, use a sum of digits divisible by 5 instead). Empty: None."""
    digits = "".join(normalise_digits(raw).split())
    if not digits:
        return None
    if len(digits) != 14 or not digits.isdigit():
        raise ValueError("error.siret.format")
    if digits.startswith("356000000"):
        valid = sum(int(d) for d in digits) % 5 == 0
    else:
        total = 0
        for position, digit in enumerate(reversed(digits)):
            value = int(digit) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        valid = total % 10 == 0
    if not valid:
        raise ValueError("error.siret.invalid")
    return digits
