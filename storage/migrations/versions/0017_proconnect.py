"""ProConnect: structures' SIRET and password switch, linked identities, requests, the session's ID token

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

STATUSES = "('ouverte', 'acceptee', 'refusee')"


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("siret", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True))
        batch_op.add_column(sa.Column("password_sign_in", sa.Boolean(), server_default=sa.text("true"),
                                      nullable=False))
        batch_op.create_unique_constraint("uq_organisation_siret", ["siret"])
    with op.batch_alter_table("device_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proconnect_id_token", sa.Text(), nullable=True))
    op.create_table(
        "proconnect_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("professional_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["linked_by_id"], ["professional.id"]),
        sa.ForeignKeyConstraint(["professional_id"], ["professional.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "professional_id", name="uq_proconnect_identity_account"),
        sa.UniqueConstraint("provider", "subject", name="uq_proconnect_identity_subject"),
    )
    with op.batch_alter_table("proconnect_identity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proconnect_identity_professional_id"), ["professional_id"], unique=False)
    op.create_table(
        "proconnect_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("given_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("usual_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("siret", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"status IN {STATUSES}", name="ck_proconnect_request_status"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["professional.id"]),
        sa.ForeignKeyConstraint(["professional_id"], ["professional.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proconnect_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proconnect_request_subject"), ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("proconnect_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proconnect_request_subject"))
    op.drop_table("proconnect_request")
    with op.batch_alter_table("proconnect_identity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proconnect_identity_professional_id"))
    op.drop_table("proconnect_identity")
    with op.batch_alter_table("device_session", schema=None) as batch_op:
        batch_op.drop_column("proconnect_id_token")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint("uq_organisation_siret", type_="unique")
        batch_op.drop_column("password_sign_in")
        batch_op.drop_column("siret")
