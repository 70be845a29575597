"""offer of services: the data·inclusion catalogue (structures, services, their categories) and the
services put in a person's roadmap (interest, proposal, answer; append-only)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("service_request", "service_answer")  # frozen with this revision

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('catalogue_structure',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('opening_hours', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('catalogue_service',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('structure_id', sa.String(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('thematiques', sa.Text(), server_default='', nullable=False),
    sa.Column('free', sa.Boolean(), nullable=True),
    sa.Column('fees_details', sa.Text(), nullable=True),
    sa.Column('publics', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('publics_details', sa.Text(), nullable=True),
    sa.Column('access_conditions', sa.Text(), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('address_more', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('opening_hours', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('reception_modes', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('mobilisation_modes', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mobilisation_details', sa.Text(), nullable=True),
    sa.Column('mobilisation_link', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.Column('offered', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['catalogue_structure.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('catalogue_service', schema=None) as batch_op:
        batch_op.create_index('ix_catalogue_service_position', ['offered', 'latitude', 'longitude'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_service_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalogue_service_structure_id'), ['structure_id'], unique=False)

    op.create_table('catalogue_service_category',
    sa.Column('service_id', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['catalogue_service.id'], ),
    sa.PrimaryKeyConstraint('service_id', 'category')
    )
    with op.batch_alter_table('catalogue_service_category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogue_service_category_category'), ['category'], unique=False)

    op.create_table('service_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=200), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('theme_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('by_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('interet', 'proposition')", name='ck_service_request_kind'),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['catalogue_service.id'], ),
    sa.ForeignKeyConstraint(['theme_code'], ['ref_theme.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('beneficiary_id', 'service_id', 'kind', name='uq_service_request_once')
    )
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_request_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_request_service_id'), ['service_id'], unique=False)

    op.create_table('service_answer',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['request_id'], ['service_request.id'], ),
    sa.PrimaryKeyConstraint('request_id')
    )
    with op.batch_alter_table('service_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_answer_beneficiary_id'), ['beneficiary_id'], unique=False)
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table('service_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_answer_beneficiary_id'))

    op.drop_table('service_answer')
    with op.batch_alter_table('service_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_request_service_id'))
        batch_op.drop_index(batch_op.f('ix_service_request_beneficiary_id'))

    op.drop_table('service_request')
    with op.batch_alter_table('catalogue_service_category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_service_category_category'))

    op.drop_table('catalogue_service_category')
    with op.batch_alter_table('catalogue_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogue_service_structure_id'))
        batch_op.drop_index(batch_op.f('ix_catalogue_service_source'))
        batch_op.drop_index('ix_catalogue_service_position')

    op.drop_table('catalogue_service')
    op.drop_table('catalogue_structure')
