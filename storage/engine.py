"""Engine factory and unit-of-work sessions.

One engine per process and URL (engines pool connections and are thread-safe); one `Session` per unit
of work (sessions are not). SQLite gets WAL, foreign keys and a busy timeout on every connection.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from dossier.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # INSERT OR REPLACE must fire the append-only tables' DELETE triggers (see storage/append_only.py).
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` as given by hosting tools; we ship psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: `DATABASE_URL`)."""
    return _engine_for(normalise_url(url or get_settings().database_url.get_secret_value()))


@functools.cache
def _engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: SQL errors must never carry names, e-mails or hashes into logs.
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error."""
    session = Session(engine or get_engine(), expire_on_commit=False)
    try:
        yield session
        session.commit()
        session.info.pop(KEEP_ON_ROLLBACK, None)
    except BaseException:
        rollback_keeping(session)
        raise
    finally:
        session.close()


KEEP_ON_ROLLBACK = "keep_on_rollback"


def keep_on_rollback(session: Session, model: type, values: dict) -> None:
    """A row that must outlive its unit of work (an access-log row: a refused read raises, and the
    refusal must stay on record). It is added now and written again if the unit rolls back."""
    session.add(model(**values))
    session.info.setdefault(KEEP_ON_ROLLBACK, []).append((model, values))


@event.listens_for(Session, "after_commit")
def _kept_rows_are_written(session: Session) -> None:
    """Once committed, the kept rows are in the database: a later rollback must not write them again."""
    session.info.pop(KEEP_ON_ROLLBACK, None)


def rollback_keeping(session: Session) -> None:
    """Roll the unit of work back, then write the rows registered with `keep_on_rollback` on their own."""
    kept = session.info.pop(KEEP_ON_ROLLBACK, [])
    session.rollback()
    if kept:
        session.add_all(model(**values) for model, values in kept)
        session.commit()
