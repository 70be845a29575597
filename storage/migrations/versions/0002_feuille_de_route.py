"""feuille de route

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Goals, actions, comments, diagnostic situations, the append-only history, confirmations and
engagements (validated snapshots). History, confirmations and engagements refuse UPDATE and DELETE
through triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("roadmap_event", "roadmap_confirmation", "engagement")  # frozen with this revision

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('engagement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('snapshot_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('person_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('person_channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('referent_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('referent_id', sa.Integer(), nullable=True),
    sa.Column('validated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['referent_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('beneficiary_id', 'revision', name='uq_engagement_revision')
    )
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_beneficiary_id'), ['beneficiary_id'], unique=False)

    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('theme_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('ref_code', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('en_cours', 'realise', 'abandonne')", name='ck_goal_status'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['ref_code'], ['ref_item.code'], ),
    sa.ForeignKeyConstraint(['theme_code'], ['ref_theme.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_beneficiary_id'), ['beneficiary_id'], unique=False)

    op.create_table('roadmap',
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('validated_revision', sa.Integer(), nullable=True),
    sa.Column('first_validated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_validated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.PrimaryKeyConstraint('beneficiary_id')
    )
    op.create_table('roadmap_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('side', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('autonome', 'borne', 'en_presence')", name='ck_roadmap_confirmation_channel'),
    sa.CheckConstraint("side IN ('personne', 'referent')", name='ck_roadmap_confirmation_side'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_confirmation', schema=None) as batch_op:
        batch_op.create_index('ix_roadmap_confirmation_person_revision', ['beneficiary_id', 'revision'], unique=False)

    op.create_table('roadmap_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('actor_role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('in_presence', sa.Boolean(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_event', schema=None) as batch_op:
        batch_op.create_index('ix_roadmap_event_person_at', ['beneficiary_id', 'at'], unique=False)

    op.create_table('situation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('ref_code', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('theme_code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('removed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("source IN ('personne', 'professionnel')", name='ck_situation_source'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['ref_code'], ['ref_item.code'], ),
    sa.ForeignKeyConstraint(['theme_code'], ['ref_theme.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('situation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_situation_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index('uq_situation_current', ['beneficiary_id', 'ref_code'], unique=True, sqlite_where=sa.text('removed_at IS NULL'), postgresql_where=sa.text('removed_at IS NULL'))

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('ref_code', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('carrier', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('partner_organisation_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("carrier <> 'partenaire' OR partner_organisation_id IS NOT NULL", name='ck_action_partner'),
    sa.CheckConstraint("carrier IN ('personne', 'referent', 'partenaire')", name='ck_action_carrier'),
    sa.CheckConstraint("status IN ('en_projet', 'en_cours', 'en_attente', 'realisee', 'abandonnee', 'annulee')", name='ck_action_status'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ),
    sa.ForeignKeyConstraint(['partner_organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['ref_code'], ['ref_item.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_goal_id'), ['goal_id'], unique=False)

    op.create_table('roadmap_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('author_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(goal_id IS NULL) <> (action_id IS NULL)', name='ck_roadmap_comment_target'),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], ),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('roadmap_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_comment_beneficiary_id'), ['beneficiary_id'], unique=False)

    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table('roadmap_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_comment_beneficiary_id'))

    op.drop_table('roadmap_comment')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_goal_id'))
        batch_op.drop_index(batch_op.f('ix_action_beneficiary_id'))

    op.drop_table('action')
    with op.batch_alter_table('situation', schema=None) as batch_op:
        batch_op.drop_index('uq_situation_current', sqlite_where=sa.text('removed_at IS NULL'), postgresql_where=sa.text('removed_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_situation_beneficiary_id'))

    op.drop_table('situation')
    with op.batch_alter_table('roadmap_event', schema=None) as batch_op:
        batch_op.drop_index('ix_roadmap_event_person_at')

    op.drop_table('roadmap_event')
    with op.batch_alter_table('roadmap_confirmation', schema=None) as batch_op:
        batch_op.drop_index('ix_roadmap_confirmation_person_revision')

    op.drop_table('roadmap_confirmation')
    op.drop_table('roadmap')
    with op.batch_alter_table('goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_beneficiary_id'))

    op.drop_table('goal')
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_beneficiary_id'))

    op.drop_table('engagement')
