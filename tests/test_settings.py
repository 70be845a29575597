"""Settings that must never leak from the test suite into a deployment: the suite hashes with a cheap
Argon2 profile (tests/conftest.py); production parameters stay the default for the app, the CLI and
`make run`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dossier import secrets
from dossier.settings import ARGON2_PROFILES, get_settings

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
