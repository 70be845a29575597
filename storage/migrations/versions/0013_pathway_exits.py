"""pathway exits: the end of the accompaniment and the person coming back, with the person's comments

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("pathway_exit", "pathway_comment")  # frozen with this revision

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pathway_exit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("exit_code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("exit_date", sa.Date(), nullable=False),
        sa.Column("contract", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("working_time", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('sortie', 'reprise')", name="ck_pathway_exit_kind"),
        sa.CheckConstraint("contract IN ('cdi', 'cdd', 'interim', 'autre')", name="ck_pathway_exit_contract"),
        sa.CheckConstraint("working_time IN ('temps_plein', 'temps_partiel')", name="ck_pathway_exit_working_time"),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiary.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["professional.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pathway_exit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pathway_exit_beneficiary_id"), ["beneficiary_id"], unique=False)
    op.create_table(
        "pathway_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exit_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiary.id"]),
        sa.ForeignKeyConstraint(["exit_id"], ["pathway_exit.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pathway_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pathway_comment_exit_id"), ["exit_id"], unique=False)
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table("pathway_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_comment_exit_id"))
    op.drop_table("pathway_comment")
    with op.batch_alter_table("pathway_exit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pathway_exit_beneficiary_id"))
    op.drop_table("pathway_exit")
