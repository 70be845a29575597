"""append-only tables also refuse TRUNCATE

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Reinstalls the append-only triggers with their current definitions: on PostgreSQL this adds a
statement-level trigger refusing TRUNCATE (row triggers do not see it). Dropping first makes the
step safe on a database created by 0002 before or after this change.
"""

from __future__ import annotations

from alembic import op

from storage import append_only

APPEND_ONLY = ("roadmap_event", "roadmap_confirmation", "engagement")  # frozen with this revision

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    append_only.uninstall(op.get_bind(), APPEND_ONLY)
    append_only.install(op.get_bind(), APPEND_ONLY)


def downgrade() -> None:
    """Nothing to undo: the triggers stay as 0002 now installs them."""
