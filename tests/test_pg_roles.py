"""Wave-2 defect 16: on PostgreSQL the app runs as a role that owns nothing (storage/roles.py), so it
cannot switch the append-only protection off; migrations run as the owner. PostgreSQL only: SQLite has
no roles (one file on one machine, the triggers alone)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from dossier import accounts, roadmap
from dossier.tools import DEMO_PERSON_CODE
from storage.engine import normalise_url, session_scope
from storage.models import AccessLog
from storage.roles import APP_ROLE
from tests.conftest import ON_POSTGRESQL, TEST_DATABASE_URL
from tests.support.domain import DAVID, JULIE, person_by_number, pro_actor

pytestmark = pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL roles; SQLite has none")

INSUFFICIENT_PRIVILEGE = "42501"  # "permission denied …", "must be owner of …"
FORBIDDEN = [
    "DELETE FROM access_log",
    "TRUNCATE access_log",
    "UPDATE consent SET purpose = 'autre chose'",
    "DELETE FROM roadmap_event",
    "ALTER TABLE access_log DISABLE TRIGGER ALL",
    "ALTER TABLE consent DISABLE TRIGGER consent_append_only",
    "SET session_replication_role = replica",
    "DROP TABLE access_log",
    "UPDATE alembic_version SET version_num = '0001'",
]


@pytest.fixture
def app_engine(demo):
    """A login role of the kind docs/deployment.md asks the administrator to create, IN ROLE dossier_app."""
    login = f"dossier_test_{uuid.uuid4().hex[:8]}"
    with demo.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"CREATE ROLE {login} LOGIN IN ROLE {APP_ROLE}"))
    engine = create_engine(make_url(normalise_url(TEST_DATABASE_URL)).set(username=login))
    try:
        yield engine
    finally:
        engine.dispose()
        with demo.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f"DROP ROLE {login}"))


@pytest.mark.parametrize("statement", FORBIDDEN)
def test_the_app_role_cannot_switch_the_protection_off(app_engine, demo, statement):
    with demo.connect() as owner:
        before = owner.execute(select(func.count()).select_from(AccessLog)).scalar_one()
    with pytest.raises(DBAPIError) as refused, app_engine.begin() as connection:
        connection.execute(text(statement))
    assert refused.value.orig.sqlstate == INSUFFICIENT_PRIVILEGE, refused.value.orig
    with demo.connect() as owner:
        assert owner.execute(select(func.count()).select_from(AccessLog)).scalar_one() == before


def test_the_app_does_its_work_as_that_role(app_engine):
    """Sign-in (updates, the throttle's insert and delete), a logged read, a goal written with its event."""
    with session_scope(app_engine) as session:
        with pytest.raises(accounts.SignInFailed):  # a failure: the throttle's row is written
            accounts.sign_in_person(session, DAVID, "999999")
        assert accounts.sign_in_person(session, DAVID, DEMO_PERSON_CODE).kind == "beneficiary"
    with session_scope(app_engine) as session:
        david = person_by_number(session, DAVID)
        roadmap.load_roadmap(session, pro_actor(session, JULIE), david.id)
        goal = roadmap.add_goal(session, accounts.actor_for_beneficiary(david), david.id, theme_code="mobilite",
                                label="Passer le permis")
    assert goal
