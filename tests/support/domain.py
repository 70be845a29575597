"""Helpers for the tests that call the services and the store without Streamlit (page and browser tests
use them too): the demo people and texts by name, their actors, rows read back, the clock, a créneau,
and the check that an append-only table refuses a write."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from dossier import appointments, clock
from dossier.accounts import actor_for_beneficiary, actor_for_professional
from dossier.actor import Actor
from dossier.appointments import Batch
from dossier.errors import PermissionDenied
from dossier.policy import Category
from storage.engine import session_scope
from storage.models import (
    Beneficiary,
    Booking,
    Consent,
    Credential,
    Goal,
    Organisation,
    Place,
    Professional,
    Slot,
)

# --- the demo territory (dossier.demo) ------------------------------------------------------------

DAVID = "D2026-0001"  # CD-VV, référente Claire; seeded roadmap and engagement; gives identity and roadmap to FT-VV
NICOLAS = "D2026-0002"  # FT-VV, référente Julie; gives his situation to every mission locale (demo)
YANIS = "D2026-0003"  # ML-RIV, référent Théo; shares nothing
NEWCOMER = "D2026-0041"  # entered RSA recently: no structure, no référent, no appointment yet
CLAIRE = "claire.morel@cd-vv.demo"  # référente at CD-VV (David's structure)
JULIE = "julie.roux@ft-vv.demo"  # référente at France Travail (FT-VV)
THEO = "theo.garnier@ml-riv.demo"  # référent at the mission locale (ML-RIV)
NADIA = "nadia.haddad@asso-pas.demo"  # référente at an association (ASSO-PAS)
LUCAS = "lucas.petit@cd-vv.demo"  # accueil at CD-VV
MARC = "marc.fontaine@cd-vv.demo"  # coordinateur: publishes créneaux for every structure's places
ADMIN = "admin@cd-vv.demo"  # administrateur and coordinateur

# The same people by the part they play, for the tests that need "a person", "her référent"...
PERSON = DAVID
REFERENT = CLAIRE
ACCUEIL = LUCAS
COORDINATOR = MARC

FRANCE_TRAVAIL = "FT-VV"  # David shares « Qui je suis » and « Ma feuille de route » with it
JOB_GOAL = "Convaincre et recruter en entretien"  # David's goals (demo)
MOVE_GOAL = "Passer le permis B"
PERMIT_SITUATION = "Permis et/ou code en cours"  # David's declared situation (demo)
HEALTH_GOAL = "Prendre soin de ma santé"
EXCEPTIONAL_REASON = "Appel du centre d'hébergement ce matin pour une mise à l'abri urgente"
ORIENTATION_REASON = "Projet professionnel clair, besoin d'un accompagnement vers l'emploi"
NEW_CODE = "572816"  # the personal code an invited person chooses when activating their account


# --- people and actors ----------------------------------------------------------------------------


def person_by_number(session: Session, number: str) -> Beneficiary:
    return session.exec(select(Beneficiary).where(Beneficiary.dossier_number == number)).one()


def person(engine, number: str) -> Beneficiary:
    """The person's row, read in a session of its own (usable after it is closed)."""
    with Session(engine, expire_on_commit=False) as session:
        return person_by_number(session, number)


def person_id(engine, number: str) -> int:
    with Session(engine) as session:
        return person_by_number(session, number).id


def goal_row(engine, label: str, number: str = PERSON) -> Goal:
    """The person's goal with this label, as stored (read in a session of its own)."""
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Goal).join(Beneficiary, Goal.beneficiary_id == Beneficiary.id)
                            .where(Beneficiary.dossier_number == number, Goal.label == label)).one()


def me(session: Session, number: str) -> Actor:
    """The actor of the person with this dossier number."""
    return actor_for_beneficiary(person_by_number(session, number))


def pro_actor(session: Session, email: str) -> Actor:
    return actor_for_professional(session, session.exec(select(Professional).where(Professional.email == email)).one())


def pro_actor_from_engine(engine, email: str) -> Actor:
    """`pro_actor` for a caller holding no session: read in a session of its own."""
    with Session(engine) as session:
        return pro_actor(session, email)


def credential(engine, number: str) -> Credential | None:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(
            select(Credential).join(Beneficiary, Credential.beneficiary_id == Beneficiary.id)
            .where(Beneficiary.dossier_number == number)
        ).first()


# --- rows read back -------------------------------------------------------------------------------


def organisation(engine, code: str) -> Organisation:
    with Session(engine, expire_on_commit=False) as session:
        return session.exec(select(Organisation).where(Organisation.code == code)).one()


def organisation_name(engine, code: str) -> str:
    return organisation(engine, code).name


def count(engine, model, *where) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def bookings_of(engine, number: str) -> list[Booking]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(Booking).join(Beneficiary, Booking.beneficiary_id == Beneficiary.id)
                                 .where(Beneficiary.dossier_number == number).order_by(Booking.id)))


def consents(engine, number: str, category: Category, org: Organisation | None = None,
             kind: str | None = None) -> list[Consent]:
    """The person's receipts for one category and recipient, oldest first."""
    with Session(engine, expire_on_commit=False) as session:
        query = select(Consent).where(Consent.beneficiary_id == person(engine, number).id,
                                      Consent.category == category.value)
        if org is not None:
            query = query.where(Consent.recipient_organisation_id == org.id)
        if kind is not None:
            query = query.where(Consent.recipient_type == kind)
        return list(session.exec(query.order_by(Consent.id)))


def reads(engine, actor: Actor, read, number: str) -> bool:
    """One unit of work, as a page runs it: True when the read went through, False on PermissionDenied."""
    try:
        with session_scope(engine) as unit:
            read(unit, actor, person_by_number(unit, number).id)
    except PermissionDenied:
        return False
    return True


# --- the clock and the agenda ---------------------------------------------------------------------


def expected_consultation_cards(engine, number: str) -> list[tuple[str, str, str, str]]:
    """« Qui a consulté », as the page must show it: (who and when, parts, purpose, verdict) of each visit
    the domain counts (`dossier.sharing`; its grouping has its own tests), newest first."""
    from dossier.labels import t
    from dossier.sharing import consultation_heading, consultation_parts, consultations

    with Session(engine) as session:
        visits = consultations(session, me(session, number), limit=10_000)
    return [(consultation_heading(c), consultation_parts(c), t("consulted.purpose", purpose=c.purpose),
             t("consulted.allowed") if c.allowed else t("consulted.denied")) for c in visits]


def set_clock(monkeypatch, moment: dt.datetime) -> None:
    """Services call `clock.now()` through the module: every read and write sees `moment`."""
    monkeypatch.setattr(clock, "now", lambda: moment)


def free_slots_by_day(session: Session, place_id: int) -> dict[dt.date, list]:
    """The oracle of the booking page's days: every free créneau of the place read, grouped in Python by
    its Paris day (what `appointments.free_day_counts` counts in SQL)."""
    days: dict[dt.date, list] = {}
    for slot in appointments.free_slots(session, place_id=place_id):
        days.setdefault(clock.as_paris(slot.starts_at).date(), []).append(slot)
    return days


def mie(session: Session) -> Place:
    return session.exec(select(Place).where(Place.is_mie.is_(True)).order_by(Place.id)).first()


def one_slot(session: Session, *, capacity: int = 1, days_ahead: int = 7, hour: int = 14) -> int:
    """A créneau `days_ahead` days from now at the MIE, in the afternoon (the demo publishes mornings),
    published through the service."""
    day = clock.today() + dt.timedelta(days=days_ahead)
    accueil = pro_actor(session, LUCAS)
    batch = Batch(mie(session).id, frozenset({day.weekday()}), dt.time(hour), dt.time(hour + 1), 60, day, day,
                  capacity)
    assert appointments.publish(session, accueil, batch) == 1
    return session.exec(select(Slot.id).order_by(Slot.id.desc())).first()


# --- append-only tables ---------------------------------------------------------------------------


def all_rows(engine, table: str) -> list[tuple]:
    keys = ", ".join(c.name for c in SQLModel.metadata.tables[table].primary_key.columns)
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY {keys}"))]


def assert_refused(engine, table: str, statement: str) -> None:
    """The statement fails on the app's own engine with the trigger's message, and a fresh connection
    sees the rows unchanged."""
    rows = all_rows(engine, table)
    assert rows  # something to protect: the caller seeds at least one row
    with engine.connect() as connection:
        with pytest.raises(DBAPIError) as caught:
            connection.execute(text(statement))
        connection.rollback()
    assert f"{table} is append-only" in str(caught.value.orig)
    assert all_rows(engine, table) == rows
