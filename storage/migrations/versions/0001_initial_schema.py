"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("type IN ('departement', 'france_travail', 'caf', 'msa', 'mission_locale', 'cap_emploi', 'plie', 'ccas', 'association', 'siae')", name='ck_organisation_type'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    op.create_table('ref_theme',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_core', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('is_mie', sa.Boolean(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('professional',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('ref_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('theme_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('target', 'situation', 'action')", name='ck_ref_item_kind'),
    sa.ForeignKeyConstraint(['theme_code'], ['ref_theme.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code'),
    sa.UniqueConstraint('kind', 'theme_code', 'label', name='uq_ref_item_label')
    )
    with op.batch_alter_table('ref_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ref_item_theme_code'), ['theme_code'], unique=False)

    op.create_table('beneficiary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_number', sa.String(length=30), nullable=False),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('caf_number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('rsa_entry_date', sa.Date(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('referent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['referent_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dossier_number')
    )
    with op.batch_alter_table('beneficiary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_beneficiary_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_beneficiary_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_beneficiary_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_beneficiary_referent_id'), ['referent_id'], unique=False)

    op.create_table('professional_role',
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.CheckConstraint("role IN ('referent', 'accueil', 'coordinateur', 'admin')", name='ck_professional_role_role'),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('professional_id', 'role')
    )
    op.create_table('credential',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=True),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('secret_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('activation_code_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('activation_expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('activation_issued_by', sa.Integer(), nullable=True),
    sa.Column('activated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('secret_changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(beneficiary_id IS NULL) <> (professional_id IS NULL)', name='ck_credential_one_owner'),
    sa.ForeignKeyConstraint(['activation_issued_by'], ['professional.id'], ),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('beneficiary_id', name='uq_credential_beneficiary'),
    sa.UniqueConstraint('professional_id', name='uq_credential_professional')
    )


def downgrade() -> None:
    op.drop_table('credential')
    op.drop_table('professional_role')
    with op.batch_alter_table('beneficiary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_beneficiary_referent_id'))
        batch_op.drop_index(batch_op.f('ix_beneficiary_phone'))
        batch_op.drop_index(batch_op.f('ix_beneficiary_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_beneficiary_email'))

    op.drop_table('beneficiary')
    with op.batch_alter_table('ref_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ref_item_theme_code'))

    op.drop_table('ref_item')
    with op.batch_alter_table('professional', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_organisation_id'))

    op.drop_table('professional')
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_organisation_id'))

    op.drop_table('place')
    op.drop_table('ref_theme')
    op.drop_table('organisation')
