"""Test set-up. The engine under test comes from TEST_DATABASE_URL (the test command sets it to a
throw-away PostgreSQL database for the second pass); without it, a fresh SQLite file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="dossier-tests-"))
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("DOSSIER_PEPPER", "test-pepper-not-secret")
os.environ.pop("DOSSIER_KIOSK", None)

import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from dossier.bootstrap import prepare_database  # noqa: E402
from dossier.settings import get_settings  # noqa: E402
from storage.engine import get_engine  # noqa: E402

REFERENCE_TABLES = {"ref_theme", "ref_item", "alembic_version", "appointment_type"}  # data from migrations


@pytest.fixture(scope="session")
def engine():
    get_settings.cache_clear()
    engine = get_engine(TEST_DATABASE_URL)
    prepare_database(engine)
    return engine


def wipe(engine) -> None:
    """Empty every table but the reference lists, children first. Append-only tables lose their
    triggers for the duration of the transaction (tests only: the app never deletes those rows)."""
    import storage.models  # noqa: F401
    from storage import append_only

    with engine.begin() as connection:
        append_only.uninstall(connection, append_only.APPEND_ONLY_TABLES)
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(text(f"DELETE FROM {table.name}"))
        append_only.install(connection, append_only.APPEND_ONLY_TABLES)


@pytest.fixture
def clean_db(engine):
    wipe(engine)
    return engine


@pytest.fixture
def session(clean_db):
    with Session(clean_db, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def demo(clean_db):
    """The demo territory, committed (visible to other connections and to a running app server)."""
    from dossier.demo import seed_demo
    from storage.engine import session_scope

    with session_scope(clean_db) as session:
        seed_demo(session)
    return clean_db


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    return _TMP


# --- browser tests: one Streamlit server and one Chromium per test module, a fresh phone per test ---


@pytest.fixture(scope="module")
def server():
    from tests.browser import streamlit_server

    with streamlit_server() as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized context (no cookies, no cache, no history) and its page."""
    from tests.browser import new_phone

    page = new_phone(browser)
    yield page
    page.context.close()


@pytest.fixture
def served_files(monkeypatch) -> dict[str, bytes]:
    """What AppTest's download buttons and images serve: the bytes behind each media file id."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = self.get_file(file_id).content
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files
