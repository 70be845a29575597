"""INSERT … ON CONFLICT DO NOTHING on both stores: the database, not a read-then-write, decides
whether a row already exists, so two writers racing for the same slot cannot both win."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session


def dialect_insert(session: Session) -> Any:
    """The INSERT construct of the session's engine (both have ON CONFLICT, with their own classes)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def insert_unless_exists(session: Session, model: Any, values: dict[str, Any], *, index_elements: list[str],
                         index_where: Any = None, returning: Any = None) -> Any:
    """Insert one row unless the unique index (optionally partial) already holds one; with
    `returning`, the new row's column, or None when nothing was inserted.

    The partial index's predicate is written into the SQL text: PostgreSQL matches ON CONFLICT to the
    index by proving the predicate, which it cannot do from a bound parameter once psycopg has
    prepared the statement and the server uses a generic plan."""
    dialect = session.get_bind().dialect
    insert = dialect_insert(session)
    if index_where is not None:
        index_where = text(str(index_where.compile(dialect=dialect, compile_kwargs={"literal_binds": True})))
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=index_elements,
                                                                      index_where=index_where)
    if returning is None:
        session.execute(statement)
        return None
    return session.execute(statement.returning(returning)).scalar_one_or_none()


def insert_many_unless_exist(session: Session, model: Any, rows: list[dict[str, Any]], *,
                             index_elements: list[str]) -> int:
    """`insert_unless_exists` for many rows in one executemany (a campaign's messages); returns how many
    rows were given (the database skips the ones that exist)."""
    if not rows:
        return 0
    statement = dialect_insert(session)(model).on_conflict_do_nothing(index_elements=index_elements)
    session.execute(statement, rows)
    return len(rows)
