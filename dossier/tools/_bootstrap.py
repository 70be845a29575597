"""Bring a database to a usable state: migrations to head, then the reference lists."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from dossier.settings import get_settings
from dossier.tools._reference import load_reference
from storage.engine import get_engine, session_scope
from storage.migrate import upgrade_head


def prepare_database(engine: Engine | None = None) -> None:
    """Migrations as the tables' owner (`DOSSIER_MIGRATION_DATABASE_URL` when the app's own role owns
    nothing, see storage/roles.py), then the reference lists through the app's connection."""
    engine = engine or get_engine()
    owner_url = get_settings().migration_database_url.get_secret_value()
    upgrade_head(get_engine(owner_url) if owner_url and engine is get_engine() else engine)
    with session_scope(engine) as session:
        load_reference(session)
