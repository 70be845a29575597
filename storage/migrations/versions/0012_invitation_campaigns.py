"""invitation campaigns: personal links, follow-ups, SMS provider ids and opt-outs

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('confirmation', 'moved', 'cancellation', 'reminder', 'slot_cancelled')"
KINDS_AFTER = ("kind IN ('confirmation', 'moved', 'cancellation', 'reminder', 'slot_cancelled', 'invitation', "
               "'invitation_relance', 'invitation_derniere')")
STATUSES_BEFORE = "status IN ('pending', 'sent', 'failed')"
STATUSES_AFTER = "status IN ('pending', 'sent', 'failed', 'cancelled')"


def upgrade() -> None:
    op.create_table(
        "invitation_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("commune", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("entry_from", sa.Date(), nullable=True),
        sa.Column("entry_to", sa.Date(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["professional.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["beneficiary.id"]),
        sa.ForeignKeyConstraint(["campaign_id"], ["invitation_campaign.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("campaign_id", "beneficiary_id", name="uq_invitation_campaign_person"),
        sa.UniqueConstraint("token_sha256"),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_beneficiary_id"), ["beneficiary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_invitation_campaign_id"), ["campaign_id"], unique=False)
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commune", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column("sms_opt_out_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("email_opt_out_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.add_column(sa.Column("provider_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.add_column(sa.Column("delivery_status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_foreign_key("fk_outbox_message_invitation_id_invitation", "invitation", ["invitation_id"],
                                    ["id"])
        batch_op.create_index(batch_op.f("ix_outbox_message_invitation_id"), ["invitation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_provider_id"), ["provider_id"], unique=False)
        batch_op.drop_constraint("ck_outbox_kind", type_="check")
        batch_op.drop_constraint("ck_outbox_status", type_="check")
        batch_op.create_check_constraint("ck_outbox_kind", KINDS_AFTER)
        batch_op.create_check_constraint("ck_outbox_status", STATUSES_AFTER)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint("ck_outbox_status", type_="check")
        batch_op.drop_constraint("ck_outbox_kind", type_="check")
        batch_op.create_check_constraint("ck_outbox_status", STATUSES_BEFORE)
        batch_op.create_check_constraint("ck_outbox_kind", KINDS_BEFORE)
        batch_op.drop_index(batch_op.f("ix_outbox_message_provider_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_invitation_id"))
        batch_op.drop_constraint("fk_outbox_message_invitation_id_invitation", type_="foreignkey")
        for column in ("delivered_at", "delivery_status", "provider_id", "link", "invitation_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("beneficiary", schema=None) as batch_op:
        for column in ("email_opt_out_at", "sms_opt_out_at", "commune"):
            batch_op.drop_column(column)
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_invitation_beneficiary_id"))
    op.drop_table("invitation")
    op.drop_table("invitation_campaign")
