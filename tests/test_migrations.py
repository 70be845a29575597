"""Alembic migrations: from an empty database to head on the engine under test, schema == models."""

from __future__ import annotations

import re
import uuid
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, select

import storage.models  # noqa: F401
from dossier.tools import prepare_database
from dossier.tools._reference import load_reference, read_rows
from storage.engine import get_engine
from storage.migrate import upgrade_head
from storage.models import ReferenceItem, ReferenceTheme
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.db  # every test here reads or creates a database of the engine under test


@contextmanager
def empty_database(tmp_path):
    """A brand-new empty database on the same engine kind as the suite."""
    url = make_url(TEST_DATABASE_URL)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        get_engine(url.set(database=name).render_as_string(hide_password=False)).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_all_migrations_apply_to_an_empty_database_and_match_the_models(tmp_path):
    with empty_database(tmp_path) as url:
        engine = get_engine(url)
        assert inspect(engine).get_table_names() == []
        upgrade_head(engine)
        with engine.connect() as connection:
            diffs = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                     SQLModel.metadata)
        assert diffs == []
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
        upgrade_head(engine)  # running again at start is a no-op
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_the_check_constraints_built_from_the_vocabulary_are_the_ones_the_migrations_wrote(tmp_path):
    """compare_metadata ignores CHECK constraints: an enum member added, renamed or reordered in
    storage.vocabulary without a migration shows here. PostgreSQL rewrites the text, so the quoted words
    are compared on both engines and the whole text on SQLite (which keeps it as written)."""
    models = {(table.name, c.name): str(c.sqltext) for table in SQLModel.metadata.sorted_tables
              for c in table.constraints if isinstance(c, CheckConstraint)}
    with empty_database(tmp_path) as url:
        engine = get_engine(url)
        upgrade_head(engine)
        inspector = inspect(engine)
        stored = {(table, c["name"]): c["sqltext"] for table in inspector.get_table_names()
                  for c in inspector.get_check_constraints(table)}
        sqlite = engine.dialect.name == "sqlite"
    assert set(stored) == set(models)
    for key, sqltext in models.items():
        assert re.findall(r"'([^']*)'", stored[key]) == re.findall(r"'([^']*)'", sqltext), key
        if sqlite:
            assert stored[key] == sqltext, key


def test_sqlite_connections_use_wal_and_foreign_keys(engine):
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_reference_lists_are_loaded_once_and_idempotently(engine, session):
    rows = read_rows()
    expected = {kind: sum(1 for r in rows if r.kind == kind) for kind in ("target", "situation", "action")}
    assert expected == {"target": 58, "situation": 88, "action": 134}
    themes = session.exec(select(ReferenceTheme).order_by(ReferenceTheme.position)).all()
    assert len(themes) == 16 and sum(t.is_core for t in themes) == 10
    assert themes[0].code == "logement" and themes[0].is_core and not themes[-1].is_core
    before = {i.code: i.id for i in session.exec(select(ReferenceItem))}
    assert len(before) == 280
    load_reference(session)
    session.commit()
    after = {i.code: i.id for i in session.exec(select(ReferenceItem))}
    assert after == before  # same codes, same ids: nothing duplicated or renumbered
    prepare_database(engine)
