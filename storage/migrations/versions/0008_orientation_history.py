"""orientation history

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("orientation",)  # frozen with this revision

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('orientation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('referent_id', sa.Integer(), nullable=True),
    sa.Column('previous_organisation_id', sa.Integer(), nullable=True),
    sa.Column('previous_referent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('social', 'professionnel', 'socio_professionnel')", name='ck_orientation_kind'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['professional.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['previous_organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['previous_referent_id'], ['professional.id'], ),
    sa.ForeignKeyConstraint(['referent_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('orientation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orientation_beneficiary_id'), ['beneficiary_id'], unique=False)
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table('orientation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orientation_beneficiary_id'))

    op.drop_table('orientation')
