"""sharing: consents, the access log, exceptional access

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Consent receipts (terms never change), their final withdrawals, the notices they reference, the
access log and exceptional accesses: all append-only, enforced by triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("consent_notice", "consent", "consent_withdrawal", "exceptional_access", "access_log")  # frozen

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consent_notice',
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('recipient_organisation_id', sa.Integer(), nullable=True),
    sa.Column('recipient_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('legal_basis', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('valid_from', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('valid_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('notice_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('captured_by_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('captured_by_id', sa.Integer(), nullable=True),
    sa.Column('captured_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("category IN ('identite_contact', 'situation', 'feuille_de_route', 'rendez_vous', 'sante')", name='ck_consent_category'),
    sa.CheckConstraint("channel IN ('autonome', 'borne', 'en_presence')", name='ck_consent_channel'),
    sa.CheckConstraint('(recipient_organisation_id IS NULL) <> (recipient_type IS NULL)', name='ck_consent_one_recipient'),
    sa.CheckConstraint('valid_until > valid_from', name='ck_consent_period'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['notice_sha256'], ['consent_notice.sha256'], ),
    sa.ForeignKeyConstraint(['recipient_organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['supersedes_id'], ['consent.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('supersedes_id')
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index('ix_consent_person', ['beneficiary_id', 'category'], unique=False)

    op.create_table('exceptional_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('exceptional_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exceptional_access_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index('ix_exceptional_access_lookup', ['professional_id', 'beneficiary_id', 'ends_at'], unique=False)

    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('professional_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('exceptional_access_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['exceptional_access_id'], ['exceptional_access.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index('ix_access_log_person_at', ['beneficiary_id', 'at'], unique=False)

    op.create_table('consent_withdrawal',
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('withdrawn_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['consent_id'], ['consent.id'], ),
    sa.PrimaryKeyConstraint('consent_id')
    )
    with op.batch_alter_table('consent_withdrawal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_withdrawal_beneficiary_id'), ['beneficiary_id'], unique=False)

    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table('consent_withdrawal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_withdrawal_beneficiary_id'))

    op.drop_table('consent_withdrawal')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index('ix_access_log_person_at')

    op.drop_table('access_log')
    with op.batch_alter_table('exceptional_access', schema=None) as batch_op:
        batch_op.drop_index('ix_exceptional_access_lookup')
        batch_op.drop_index(batch_op.f('ix_exceptional_access_beneficiary_id'))

    op.drop_table('exceptional_access')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_person')

    op.drop_table('consent')
    op.drop_table('consent_notice')
