"""the person's language: their chosen language on beneficiary, and the language a consent notice was shown in

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

Plain ADD COLUMN with a constant default on both engines: existing rows read « fr » (what they were shown
and sent until now), and `consent` keeps its append-only triggers (no table rebuild).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("beneficiary", sa.Column("language", sa.String(length=5), nullable=False, server_default="fr"))
    op.add_column("consent", sa.Column("language", sa.String(length=5), nullable=False, server_default="fr"))


def downgrade() -> None:
    op.drop_column("consent", "language")  # SQLite ≥ 3.35 drops a column in place: the triggers stay
    op.drop_column("beneficiary", "language")
