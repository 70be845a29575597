"""Test set-up. The engine under test comes from TEST_DATABASE_URL (the test command sets it to a
throw-away PostgreSQL database for the second pass); without it, a fresh SQLite file.

Under pytest-xdist every worker gets its own database (its own SQLite file, or a PostgreSQL database
named after the worker, created here and dropped at the end), so workers never see each other's rows.

Markers are derived from what each test uses (see `pytest_collection_modifyitems` and the README):
`db` (the test database), `pages` (AppTest), `browser` (Chromium and a Streamlit server), plus the
declared `slow` and `engines`. On PostgreSQL only the tests that touch the database run, and pages and
browser tests only when marked `engines` (they check something that differs between the engines).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="dossier-tests-"))
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_BASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"
ON_POSTGRESQL = not _BASE_URL.startswith("sqlite")
TEST_DATABASE_URL = f"{_BASE_URL}_{_WORKER}" if ON_POSTGRESQL and _WORKER else _BASE_URL
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("DOSSIER_PEPPER", "test-pepper-not-secret")
# Cheap Argon2 for the thousands of codes the suite hashes (and for the servers it starts, which inherit
# this environment). test_deployment.py proves production parameters stay the default everywhere else.
os.environ["DOSSIER_ARGON2_PROFILE"] = "tests-only-insecure"
os.environ.pop("DOSSIER_KIOSK", None)

import pytest  # noqa: E402
from sqlalchemy import Integer, text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from dossier.settings import get_settings  # noqa: E402
from dossier.tools import prepare_database  # noqa: E402
from storage.engine import get_engine  # noqa: E402
from tests.support.messaging import smtp_server  # noqa: E402, F401 — the local SMTP server, for the tests about notices

REFERENCE_TABLES = {"ref_theme", "ref_item", "alembic_version", "appointment_type"}  # data from migrations
DEMO_MAX_AGE_S = 300  # demo rows carry "now": rebuild the snapshot when it gets older than this


# --- the database of this process ------------------------------------------------------------------


def _postgres_admin(statement: str) -> None:
    """Run CREATE/DROP DATABASE for this worker's database, from the base test database."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from storage.engine import normalise_url

    admin = create_engine(normalise_url(_BASE_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement.format(name=make_url(normalise_url(TEST_DATABASE_URL)).database)))
    finally:
        admin.dispose()


def pytest_configure(config) -> None:
    if ON_POSTGRESQL and _WORKER:
        _postgres_admin('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin('CREATE DATABASE "{name}"')


def pytest_unconfigure(config) -> None:
    if ON_POSTGRESQL and _WORKER:
        get_engine(TEST_DATABASE_URL).dispose()
        _postgres_admin('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- markers, derived from what each test uses -------------------------------------------------------

BROWSER_FIXTURES = {"browser", "server", "phone"}


def _uses_apptest(module) -> bool:
    """The module runs pages: it holds AppTest or the AppTest helpers of tests/support/apptest.py."""
    return any(getattr(value, "__module__", "") in ("streamlit.testing.v1.app_test", "tests.support.apptest")
               for value in vars(module).values())


def _marks_of(item) -> set[str]:
    marks = {mark.name for mark in item.iter_markers()}
    fixtures = set(getattr(item, "fixturenames", ()))
    if fixtures & BROWSER_FIXTURES:
        marks.add("browser")
    elif _uses_apptest(item.module):
        marks.add("pages")
    if "engine" in fixtures:
        marks.add("db")
    return marks


def pytest_collection_modifyitems(config, items) -> None:
    """Add the derived markers; on PostgreSQL, keep only what the engine can change."""
    kept, dropped = [], []
    for item in items:
        marks = _marks_of(item)
        for name in marks - {mark.name for mark in item.iter_markers()}:
            item.add_marker(name)
        runs_here = not ON_POSTGRESQL or "engines" in marks or (
            "db" in marks and not marks & {"pages", "browser"})
        (kept if runs_here else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def _no_unexpected_error(request, caplog):
    """Pages catch every exception so a person never sees a traceback: without this net, a page that
    crashes inside an AppTest run would read as a page that works. Any « failed unexpectedly » logged
    while a test runs fails it, unless the test is marked `unexpected_error`."""
    yield
    if request.node.get_closest_marker("unexpected_error"):
        return
    bugs = [r for r in caplog.get_records("call") if "failed unexpectedly" in r.getMessage()]
    assert not bugs, "the app hit a bug: " + "; ".join(
        f"{r.getMessage()}\n{r.exc_text or ''}" for r in bugs)


# --- database fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def engine():
    get_settings.cache_clear()
    engine = get_engine(TEST_DATABASE_URL)
    prepare_database(engine)
    return engine


def _data_tables():
    import storage.models  # noqa: F401

    return [table for table in SQLModel.metadata.sorted_tables if table.name not in REFERENCE_TABLES]


def wipe(engine) -> None:
    """Empty every table but the reference lists, children first. Append-only tables lose their
    triggers for the duration of the transaction (tests only: the app never deletes those rows)."""
    from storage import append_only

    with engine.begin() as connection:
        append_only.uninstall(connection, append_only.APPEND_ONLY_TABLES)
        for table in reversed(_data_tables()):
            connection.execute(text(f"DELETE FROM {table.name}"))
        append_only.install(connection, append_only.APPEND_ONLY_TABLES)


def _snapshot(engine) -> dict[str, list[dict]]:
    """Every data row, by table, parents first."""
    with engine.connect() as connection:
        return {table.name: [dict(row) for row in connection.execute(table.select()).mappings()]
                for table in _data_tables()}


def _restore(engine, snapshot: dict[str, list[dict]]) -> None:
    """Put the snapshot's rows back in bulk (one executemany per table) into an empty database, then move
    PostgreSQL's sequences past the restored ids so that the next insert gets a fresh one."""
    with engine.begin() as connection:
        for table in _data_tables():
            rows = snapshot[table.name]
            if rows:
                connection.execute(table.insert(), rows)
        if connection.dialect.name == "postgresql":
            for table in _data_tables():
                if ("id" in table.c and table.c.id.autoincrement and isinstance(table.c.id.type, Integer)
                        and snapshot[table.name]):  # a text id (the catalogue's) has no sequence
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT MAX(id) FROM {table.name}))"))


class DemoSnapshot:
    """The demo territory, seeded once through the app's own services and kept as rows."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] | None = None
        self.made_at = 0.0

    def load(self, engine) -> None:
        """Into an empty database: restore the rows, or seed (and keep the rows) when they got old."""
        if self.rows is None or time.monotonic() - self.made_at > DEMO_MAX_AGE_S:
            from dossier.tools import seed_demo
            from storage.engine import session_scope

            with session_scope(engine) as session:
                seed_demo(session)
            self.rows, self.made_at = _snapshot(engine), time.monotonic()
        else:
            _restore(engine, self.rows)


@pytest.fixture(scope="session")
def demo_snapshot() -> DemoSnapshot:
    return DemoSnapshot()


@pytest.fixture
def clean_db(engine):
    wipe(engine)
    return engine


@pytest.fixture
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def demo(clean_db, demo_snapshot):
    """The demo territory, committed (visible to other connections and to a running app server)."""
    demo_snapshot.load(clean_db)
    return clean_db


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    return _TMP


# --- browser tests: one Streamlit server and one Chromium per test session, a fresh phone per test ---


@pytest.fixture(scope="session")
def server():
    from tests.support.browser import streamlit_server

    with streamlit_server() as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized context (no cookies, no cache, no history) and its page."""
    from tests.support.browser import new_phone

    page = new_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def served_files(monkeypatch) -> dict[str, bytes]:
    """What AppTest's download buttons and images serve: the bytes behind each media file id (for a
    download built when tapped, the function that builds it; see `apptest.downloaded`)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = self.get_file(file_id).content
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    from streamlit.runtime.media_file_manager import MediaFileManager

    original_deferred = MediaFileManager.add_deferred

    def spy_deferred(self, data_callable, *args, **kwargs):  # built when tapped: kept as its builder
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        files[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return files
