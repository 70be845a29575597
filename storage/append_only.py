"""Append-only tables, enforced by the database: triggers refuse UPDATE, DELETE and TRUNCATE on them.

The app never changes these rows; the triggers make sure that no code path (nor a hand-typed SQL
statement through the app's connection) can either. Migrations call `install` with the tables they
create; `APPEND_ONLY_TABLES` lists them all, for tests that must empty the database.

PostgreSQL also refuses TRUNCATE. On SQLite, INSERT OR REPLACE deletes the row it replaces without
firing DELETE triggers unless `recursive_triggers` is on: the engine turns it on for every connection.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

APPEND_ONLY_TABLES = ("roadmap_event", "roadmap_confirmation", "engagement", "consent_notice", "consent",
                      "consent_withdrawal", "exceptional_access", "access_log", "booking_event", "orientation",
                      "pathway_exit", "pathway_comment", "employment_check_in", "service_request",
                      "service_answer")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _statements(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()"]
    return [f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only'); END"
            for verb in ("UPDATE", "DELETE")]


def _drop_statements(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {table}_no_{verb}" for verb in ("update", "delete")]


def install(connection: Connection, tables: Iterable[str]) -> None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text(PG_FUNCTION))
    for table in tables:
        for statement in _statements(dialect, table):
            connection.execute(text(statement))


def uninstall(connection: Connection, tables: Iterable[str]) -> None:
    for table in tables:
        for statement in _drop_statements(connection.dialect.name, table):
            connection.execute(text(statement))
