"""Settings that must never leak from the test suite into a deployment: the suite hashes with a cheap
Argon2 profile (tests/conftest.py); production parameters stay the default for the app, the CLI and
`make run`."""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.accounts import _secrets as secrets
from dossier.settings import ARGON2_PROFILES, SecretUrl, get_settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_PREFIX = "$argon2id$v=19$m=65536,t=3,p=2$"


@pytest.fixture
def production_environment(monkeypatch):
    """The environment of a real deployment: no Argon2 profile set."""
    monkeypatch.delenv("DOSSIER_ARGON2_PROFILE", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_production_parameters_are_the_default(production_environment):
    assert get_settings().argon2_profile == "production"
    assert get_settings().argon2_params == ARGON2_PROFILES["production"]
    assert secrets.hash_secret("482915").startswith(PRODUCTION_PREFIX)


def test_the_suite_itself_runs_with_the_cheap_profile():
    """The other side of the switch: without it the suite would spend minutes in Argon2."""
    assert os.environ["DOSSIER_ARGON2_PROFILE"] == "tests-only-insecure"
    assert not secrets.hash_secret("482915").startswith(PRODUCTION_PREFIX)


def test_an_unknown_profile_is_refused(monkeypatch):
    monkeypatch.setenv("DOSSIER_ARGON2_PROFILE", "fast")
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="DOSSIER_ARGON2_PROFILE"):
            get_settings()
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_cli_and_make_run_hash_with_production_parameters(tmp_path):
    """`python -m dossier` in a deployment's environment writes production hashes, and `make run` (the
    README's command) sets no profile of its own: it runs that same CLI, then `streamlit run server.py`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}", DOSSIER_PEPPER_FILE=str(tmp_path / "pepper"))
    result = subprocess.run([sys.executable, "-m", "dossier", "seed-demo"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(tmp_path / "prod.db") as connection:
        rows = connection.execute("SELECT secret_hash FROM credential WHERE secret_hash IS NOT NULL")
        hashes = [row[0] for row in rows]
    assert hashes and all(h.startswith(PRODUCTION_PREFIX) for h in hashes), {h[:32] for h in hashes}

    plan = subprocess.run(["make", "-n", "run", "PY=python"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60).stdout
    assert "python -m dossier migrate" in plan and "streamlit run server.py" in plan, plan
    assert "ARGON2" not in plan and "ARGON2" not in (ROOT / "Makefile").read_text()


# --- secrets never show (issue 16 §4) ------------------------------------------------------------------

PEPPER = "pepper-value-7f3a9c"
SMTP_PASSWORD = "smtp-password-b81e44"
DB_PASSWORD = "db-password-c5d2e1"
OWNER_PASSWORD = "owner-password-94aa07"


@pytest.fixture
def secret_environment(monkeypatch):
    """A PostgreSQL deployment's environment, every secret set (nothing connects: settings only)."""
    monkeypatch.setenv("DATABASE_URL", f"postgresql://dossier_app:{DB_PASSWORD}@db.example.invalid:5432/dossier")
    monkeypatch.setenv("DOSSIER_MIGRATION_DATABASE_URL",
                       f"postgresql://dossier_owner:{OWNER_PASSWORD}@db.example.invalid/dossier")
    monkeypatch.setenv("DOSSIER_PEPPER", PEPPER)
    monkeypatch.setenv("SMTP_USER", "relais")
    monkeypatch.setenv("SMTP_PASSWORD", SMTP_PASSWORD)
    get_settings.cache_clear()
    yield get_settings()
    monkeypatch.undo()
    get_settings.cache_clear()


def test_no_secret_shows_in_repr_str_format_or_logs(secret_environment, caplog):
    settings = secret_environment
    caplog.set_level(logging.INFO)
    logging.getLogger("tests.settings").info("settings: %s %r", settings, settings)
    shown = [repr(settings), str(settings), f"{settings}", f"{settings!r}", caplog.text,
             *(f"{getattr(settings, f.name)}" for f in dataclasses.fields(settings)),
             *(repr(getattr(settings, f.name)) for f in dataclasses.fields(settings)),
             repr(dataclasses.asdict(settings)), str(vars(settings))]
    for secret in (PEPPER, SMTP_PASSWORD, DB_PASSWORD, OWNER_PASSWORD):
        assert not [text for text in shown if secret in text], secret


def test_the_code_that_needs_a_secret_still_gets_it(secret_environment):
    settings = secret_environment
    assert settings.pepper.get_secret_value() == PEPPER
    assert settings.smtp_password.get_secret_value() == SMTP_PASSWORD
    assert DB_PASSWORD in settings.database_url.get_secret_value()
    assert OWNER_PASSWORD in settings.migration_database_url.get_secret_value()
    assert not settings.is_sqlite


def test_a_database_url_shows_everything_but_its_password(secret_environment):
    settings = secret_environment
    assert str(settings.database_url) == "postgresql://dossier_app:***@db.example.invalid:5432/dossier"
    assert "postgresql://dossier_owner:***@db.example.invalid/dossier" in repr(settings)
    in_query = SecretUrl(f"postgresql://app@db/dossier?password={DB_PASSWORD}&sslmode=require")
    assert DB_PASSWORD not in repr(in_query) and "sslmode=require" in str(in_query)
    assert DB_PASSWORD not in str(SecretUrl(f"not a url {DB_PASSWORD}"))
    assert str(SecretUrl("")) == "" and str(SecretUrl("sqlite:///data/dossier.db")) == "sqlite:///data/dossier.db"
