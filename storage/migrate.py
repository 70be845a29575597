"""Apply Alembic migrations programmatically (at app start and from the CLI)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from dossier.settings import PROJECT_ROOT
from storage.roles import grant_app_role


def alembic_config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def upgrade_head(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it already is), then give the app role what
    it needs on every table (PostgreSQL; `storage/roles.py`)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        grant_app_role(connection)
