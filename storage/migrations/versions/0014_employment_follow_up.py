"""follow-up in employment: the end date on an exit to lasting work, the check-ins (append-only)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("employment_check_in",)  # frozen with this revision

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pathway_exit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_until", sa.Date(), nullable=True))
    op.create_table(
        "employment_check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exit_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("milestone", sa.Integer(), nullable=True),
        sa.Column("still_employed", sa.Boolean(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_by_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('note_referent', 'tout_va_bien', 'rappel_demande')",
                           name="ck_employment_check_in_kind"),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiary.id"]),
        sa.ForeignKeyConstraint(["exit_id"], ["pathway_exit.id"]),
        sa.ForeignKeyConstraint(["written_by_id"], ["professional.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("employment_check_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employment_check_in_beneficiary_id"), ["beneficiary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_employment_check_in_exit_id"), ["exit_id"], unique=False)
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table("employment_check_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employment_check_in_exit_id"))
        batch_op.drop_index(batch_op.f("ix_employment_check_in_beneficiary_id"))
    op.drop_table("employment_check_in")
    # SQLite drops a column by copying the table, which loses its triggers: put 0013's back afterwards.
    append_only.uninstall(op.get_bind(), ("pathway_exit",))
    with op.batch_alter_table("pathway_exit", schema=None) as batch_op:
        batch_op.drop_column("follow_up_until")
    append_only.install(op.get_bind(), ("pathway_exit",))
