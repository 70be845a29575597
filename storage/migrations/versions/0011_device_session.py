"""device sessions: signed-in browsers that survive a reload (cookie digest, idle and absolute expiry)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

END_REASONS = "('signed_out', 'other_devices', 'from_list', 'secret_changed', 'deactivated')"


def upgrade() -> None:
    op.create_table(
        "device_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=True),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column("id_sha256", sa.String(length=64), nullable=True),
        sa.Column("claim_sha256", sa.String(length=64), nullable=True),
        sa.Column("claim_expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("persistent", sa.Boolean(), nullable=False),
        sa.Column("device_label", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("idle_expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ended_reason", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.CheckConstraint("(beneficiary_id IS NULL) <> (professional_id IS NULL)",
                           name="ck_device_session_one_owner"),
        sa.CheckConstraint(f"ended_reason IS NULL OR ended_reason IN {END_REASONS}",
                           name="ck_device_session_ended_reason"),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiary.id"]),
        sa.ForeignKeyConstraint(["professional_id"], ["professional.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("id_sha256"),
        sa.UniqueConstraint("claim_sha256"),
    )
    with op.batch_alter_table("device_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_session_beneficiary_id"), ["beneficiary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_device_session_professional_id"), ["professional_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("device_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_session_professional_id"))
        batch_op.drop_index(batch_op.f("ix_device_session_beneficiary_id"))
    op.drop_table("device_session")
