"""The SQLModel schema. Every change here goes with a new Alembic revision in `storage/migrations/`.

Datetimes are timezone-aware and stored in UTC (SQLModel's UTCDateTime); `dossier.clock` converts them
to Paris time for display.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

ORGANISATION_TYPES = (
    "departement",
    "france_travail",
    "caf",
    "msa",
    "mission_locale",
    "cap_emploi",
    "plie",
    "ccas",
    "association",
    "siae",
)
PROFESSIONAL_ROLES = ("referent", "accueil", "coordinateur", "admin")
REFERENCE_KINDS = ("target", "situation", "action")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(_in("type", ORGANISATION_TYPES), name="ck_organisation_type"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    name: str = Field(max_length=200)
    type: str = Field(max_length=20)
    created_at: dt.datetime


class Place(SQLModel, table=True):
    """A lieu where people are received (an MIE, an agency, a CCAS office)."""

    __tablename__ = "place"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(max_length=300)
    postcode: str = Field(max_length=5)
    city: str = Field(max_length=100)
    step_free: bool = False
    is_mie: bool = False
    phone: str | None = Field(default=None, max_length=20)
    created_at: dt.datetime


class Professional(SQLModel, table=True):
    __tablename__ = "professional"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False))
    active: bool = True
    created_at: dt.datetime


class ProfessionalRole(SQLModel, table=True):
    __tablename__ = "professional_role"
    __table_args__ = (CheckConstraint(_in("role", PROFESSIONAL_ROLES), name="ck_professional_role_role"),)

    professional_id: int = Field(foreign_key="professional.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=20)


class Beneficiary(SQLModel, table=True):
    """The person accompanied. `organisation_id` is the structure référente (public-service mission)."""

    __tablename__ = "beneficiary"

    id: int | None = Field(default=None, primary_key=True)
    dossier_number: str = Field(sa_column=Column(String(30), unique=True, nullable=False))
    last_name: str = Field(max_length=100)
    first_name: str = Field(max_length=100)
    birth_date: dt.date
    phone: str | None = Field(default=None, max_length=20, index=True)
    email: str | None = Field(default=None, max_length=254, index=True)
    caf_number: str | None = Field(default=None, max_length=20)
    rsa_entry_date: dt.date | None = None
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    referent_id: int | None = Field(default=None, foreign_key="professional.id", index=True)
    created_at: dt.datetime
    updated_at: dt.datetime


class Credential(SQLModel, table=True):
    """The secret of one account (a person or a professional), its lockout state and its activation code.

    Kept apart from the identity tables so that reading a dossier never loads a hash.
    """

    __tablename__ = "credential"
    __table_args__ = (
        CheckConstraint(
            "(beneficiary_id IS NULL) <> (professional_id IS NULL)", name="ck_credential_one_owner"
        ),
        UniqueConstraint("beneficiary_id", name="uq_credential_beneficiary"),
        UniqueConstraint("professional_id", name="uq_credential_professional"),
    )

    id: int | None = Field(default=None, primary_key=True)
    beneficiary_id: int | None = Field(default=None, foreign_key="beneficiary.id")
    professional_id: int | None = Field(default=None, foreign_key="professional.id")
    secret_hash: str | None = Field(default=None, max_length=255)
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    activation_code_hash: str | None = Field(default=None, max_length=255)
    activation_expires_at: dt.datetime | None = None
    activation_issued_by: int | None = Field(default=None, foreign_key="professional.id")
    activated_at: dt.datetime | None = None
    secret_changed_at: dt.datetime | None = None


class ReferenceTheme(SQLModel, table=True):
    """A thématique of the référentiel; `is_core` marks the ten social/professional core ones."""

    __tablename__ = "ref_theme"

    code: str = Field(primary_key=True, max_length=60)
    label: str = Field(max_length=200)
    position: int
    is_core: bool = False


class ReferenceItem(SQLModel, table=True):
    """An objectif (target), a situation (frein) or an action of the référentiel."""

    __tablename__ = "ref_item"
    __table_args__ = (
        CheckConstraint(_in("kind", REFERENCE_KINDS), name="ck_ref_item_kind"),
        UniqueConstraint("kind", "theme_code", "label", name="uq_ref_item_label"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=Column(String(80), unique=True, nullable=False))
    kind: str = Field(max_length=10)
    theme_code: str = Field(foreign_key="ref_theme.code", index=True, max_length=60)
    label: str = Field(max_length=300)
    position: int
