"""Bring a database to a usable state: migrations to head, then the reference lists."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from dossier.reference import load_reference
from storage.engine import get_engine, session_scope
from storage.migrate import upgrade_head


def prepare_database(engine: Engine | None = None) -> None:
    engine = engine or get_engine()
    upgrade_head(engine)
    with session_scope(engine) as session:
        load_reference(session)
