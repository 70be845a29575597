"""appointments: types, créneaux, bookings and their append-only events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

The first diagnostic appointment type is created with its defaults (60 minutes, bookable from 1 hour
to 6 weeks ahead). Capacity is enforced by a CHECK on `slot.booked`, one upcoming booking per person and
type by a partial unique index.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage import append_only

APPEND_ONLY = ("booking_event",)  # frozen with this revision
FIRST_APPOINTMENT = {
    "code": "premier_rdv", "label": "Premier rendez-vous de diagnostic", "duration_minutes": 60,
    "min_notice_minutes": 60, "max_ahead_days": 42,
    "what_to_bring": "Une pièce d'identité. Votre dernier courrier de la CAF si vous l'avez. Un CV si vous en avez un.",
}

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appointment_type',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('max_ahead_days', sa.Integer(), nullable=False),
    sa.Column('what_to_bring', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('ends_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name='ck_slot_booked'),
    sa.CheckConstraint('capacity >= 1', name='ck_slot_capacity'),
    sa.CheckConstraint('ends_at > starts_at', name='ck_slot_period'),
    sa.ForeignKeyConstraint(['created_by'], ['professional.id'], ),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], ),
    sa.ForeignKeyConstraint(['professional_id'], ['professional.id'], ),
    sa.ForeignKeyConstraint(['type_code'], ['appointment_type.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_slot_place_start', ['place_id', 'starts_at'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=12), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('type_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_by_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("channel IN ('autonome', 'borne', 'referent', 'accueil')", name='ck_booking_channel'),
    sa.CheckConstraint("status IN ('a_venir', 'honore', 'excuse', 'annule_structure', 'absent')", name='ck_booking_status'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['slot_id'], ['slot.id'], ),
    sa.ForeignKeyConstraint(['type_code'], ['appointment_type.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index('ix_booking_slot', ['slot_id', 'status'], unique=False)
        batch_op.create_index('uq_booking_upcoming', ['beneficiary_id', 'type_code'], unique=True, sqlite_where=sa.text("status = 'a_venir'"), postgresql_where=sa.text("status = 'a_venir'"))

    op.create_table('booking_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('from_slot_id', sa.Integer(), nullable=True),
    sa.Column('to_slot_id', sa.Integer(), nullable=False),
    sa.Column('actor_kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiary.id'], ),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('booking_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_event_beneficiary_id'), ['beneficiary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_event_booking_id'), ['booking_id'], unique=False)

    op.bulk_insert(sa.table("appointment_type", *(sa.column(name) for name in FIRST_APPOINTMENT)), [FIRST_APPOINTMENT])
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    with op.batch_alter_table('booking_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_event_booking_id'))
        batch_op.drop_index(batch_op.f('ix_booking_event_beneficiary_id'))

    op.drop_table('booking_event')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_upcoming', sqlite_where=sa.text("status = 'a_venir'"), postgresql_where=sa.text("status = 'a_venir'"))
        batch_op.drop_index('ix_booking_slot')
        batch_op.drop_index(batch_op.f('ix_booking_beneficiary_id'))

    op.drop_table('booking')
    with op.batch_alter_table('slot', schema=None) as batch_op:
        batch_op.drop_index('ix_slot_place_start')
        batch_op.drop_index(batch_op.f('ix_slot_organisation_id'))

    op.drop_table('slot')
    op.drop_table('appointment_type')
