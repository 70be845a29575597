"""PostgreSQL roles: the app runs as a role that owns nothing.

The owner of the tables can switch the append-only protection off (`ALTER TABLE … DISABLE TRIGGER`,
`SET session_replication_role = replica`, `TRUNCATE`). So migrations run as the owner
(`DOSSIER_MIGRATION_DATABASE_URL`), and the app's processes connect as a login role that is a member of
`dossier_app`: it may read and write what the app needs, never delete or truncate an append-only table,
never alter a table (only owners may) nor change `session_replication_role` (superusers only).

`grant_app_role` runs after every migration, as the owner, so new tables are covered at once. The login
role itself is created by the database administrator (docs/deployment.md):
`CREATE ROLE dossier LOGIN PASSWORD '…' IN ROLE dossier_app;`.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.append_only import APPEND_ONLY_TABLES

APP_ROLE = "dossier_app"


def grant_app_role(connection: Connection, role: str = APP_ROLE) -> None:
    """Create the (login-less) app role when missing, and give it exactly what the app does."""
    if connection.dialect.name != "postgresql":
        return  # SQLite has no roles: one file, one machine, the triggers alone
    # Roles belong to the whole cluster: two databases migrated at once may both find it missing.
    connection.execute(text(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} NOLOGIN; END IF; "
        f"EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    for table in (*APPEND_ONLY_TABLES, "alembic_version"):
        connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}"))
    connection.execute(text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}"))
