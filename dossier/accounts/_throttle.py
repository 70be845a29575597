"""Failed sign-ins counted per typed identifier, so the person is told where they stand: how many tries
are left, and once the limit is reached that sign-in is paused until HH:MM — the same answer for a known
account and an unknown identifier, so nothing leaks.

The credential's own counter (`accounts._attempt`) stays the protection of a known account (it also
counts the code typed on a référent's screen); this one decides what the sign-in page says. Both count
the same failures of the same identifier, so they pause together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, delete, update
from sqlmodel import Session

from dossier import clock
from dossier.accounts import _secrets
from dossier.settings import get_settings
from dossier.validation import normalise_digits
from storage.models import SignInThrottle
from storage.upsert import dialect_insert


@dataclass(frozen=True)
class Standing:
    """Where an identifier stands after a failure: tries left before the pause, or the pause's end."""

    attempts_left: int | None = None
    paused_until: dt.datetime | None = None


def identifier_key(kind: str, identifier: str) -> str:
    """The stored form of a typed identifier: peppered digest of its normalised text (any digit script,
    any letter case, spaces around), by kind of account ("person", "pro")."""
    return _secrets.token_digest(f"{kind}:{normalise_digits(identifier).strip().casefold()}")


def paused_until(session: Session, key: str) -> dt.datetime | None:
    row = session.get(SignInThrottle, key)
    if row is None or row.locked_until is None or row.locked_until <= clock.now():
        return None
    return row.locked_until


def count_failure(session: Session, key: str) -> Standing:
    """One more failure, counted by one atomic upsert (parallel failures all count); a count older than
    the pause length starts again; at the threshold the identifier is paused. Commits."""
    settings = get_settings()
    now = clock.now()
    window = dt.timedelta(minutes=settings.lockout_minutes)
    table = SignInThrottle.__table__
    insert = dialect_insert(session)
    stale = table.c.window_started_at < now - window
    statement = insert(table).values(identifier_sha256=key, failures=1, window_started_at=now).on_conflict_do_update(
        index_elements=[table.c.identifier_sha256],
        set_={"failures": case((stale, 1), else_=table.c.failures + 1),
              "window_started_at": case((stale, now), else_=table.c.window_started_at)},
    ).returning(table.c.failures)
    failures = session.execute(statement).scalar_one()
    standing = Standing(attempts_left=settings.lockout_threshold - failures)
    if failures >= settings.lockout_threshold:
        until = now + window
        session.execute(update(table).where(table.c.identifier_sha256 == key)
                        .values(failures=0, window_started_at=now, locked_until=until))
        standing = Standing(paused_until=until)
    session.commit()
    return standing


def forget(session: Session, key: str) -> None:
    """A successful sign-in: the identifier's failures are over."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.identifier_sha256 == key))
