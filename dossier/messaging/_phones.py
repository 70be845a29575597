"""Phone numbers for text messages: French mobiles in E.164 (+336…, +337…), as the SMS provider wants
them. Anything else (a landline, a typo) cannot receive an SMS: it is reported, never sent."""

from __future__ import annotations

import re

from dossier.validation import normalise_digits

MOBILE = re.compile(r"^\+33[67]\d{8}$")
OVERSEAS_MOBILE = re.compile(r"^\+(262|590|594|596|269)6\d{8}$")  # Réunion, Guadeloupe, Guyane, Martinique, Mayotte


def to_e164(phone: str | None) -> str | None:
    """« 06 12 34 56 78 », « +33 6 12… », « 0033 6… » → « +33612345678 »; None when it is no mobile."""
    if not phone:
        return None
    digits = re.sub(r"[\s.\-()/]", "", normalise_digits(phone))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[67]\d{8}", digits):
        digits = "+33" + digits[1:]
    if re.fullmatch(r"33[67]\d{8}", digits):
        digits = "+" + digits
    if digits.startswith("+330"):
        digits = "+33" + digits[4:]
    return digits if MOBILE.match(digits) or OVERSEAS_MOBILE.match(digits) else None
