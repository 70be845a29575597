"""Hashing of personal codes, passwords and activation codes: Argon2id through passlib (libpass).

Every secret is first mixed with the server-side pepper (HMAC-SHA256), so that a copy of the database
alone is not enough to brute-force six-digit codes offline.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import secrets
import string

from passlib.context import CryptContext

from dossier.settings import get_settings
from dossier.validation import normalise_digits

log = logging.getLogger(__name__)

ACTIVATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or from a letter
ACTIVATION_LENGTH = 8


def build_context(**params: object) -> CryptContext:
    """Argon2id with the configured cost (`DOSSIER_ARGON2_PROFILE`), overridden by `params`. Hashes
    made with other parameters still verify, and are re-hashed at the next successful sign-in."""
    return CryptContext(schemes=["argon2"], deprecated="auto", **{**get_settings().argon2_params, **params})


@functools.cache
def _context_for(profile: str) -> CryptContext:
    if profile != "production":
        log.warning("Argon2 profile %r in use: for tests only, never for real accounts.", profile)
    return build_context()


def context() -> CryptContext:
    """The context of the current settings (built once per profile)."""
    return _context_for(get_settings().argon2_profile)


def _peppered(secret: str) -> str:
    pepper = get_settings().pepper.get_secret_value().encode()
    return hmac.new(pepper, secret.encode(), hashlib.sha256).hexdigest()


def token_digest(token: str) -> str:
    """The stored form of a long random token (a hand-off link): peppered SHA-256 is enough for 256
    random bits, and lets the store find the row by its digest."""
    return _peppered(token)


def hash_secret(secret: str, with_context: CryptContext | None = None) -> str:
    return (with_context or context()).hash(_peppered(secret))


def verify_secret(secret: str, stored_hash: str) -> tuple[bool, str | None]:
    """(matches, new hash when the stored one uses outdated parameters)."""
    return context().verify_and_update(_peppered(secret), stored_hash)


def dummy_verify() -> None:
    """Spend the time of a real check, so that an unknown identifier answers as slowly as a known one."""
    context().dummy_verify()


def new_activation_code() -> str:
    return "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(ACTIVATION_LENGTH))


def normalise_activation_code(raw: str) -> str:
    """Accept lower case, spaces and dashes as printed on the letter ("VERT-2345"), and digits or
    full-width letters from any keyboard."""
    return "".join(ch for ch in normalise_digits(raw).upper() if ch in string.ascii_uppercase + string.digits)


def format_activation_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
