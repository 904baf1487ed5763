"""console sessions and queue indexes

Server-side sessions let "sign out" end a session for good (a signed cookie alone would
stay valid until it expires). The indexes keep the console's queue fast at 100,000 tickets:
it is read in due-date order, within and across statuses, and the audit log by time.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token, never the token
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("address", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_sessions_user", "staff_sessions", ["user_id"])
    op.create_index("ix_tickets_due_id", "tickets", ["due_at", "id"])
    op.create_index("ix_tickets_status_due_id", "tickets", ["status", "due_at", "id"])
    op.create_index("ix_events_kind_at", "events", ["kind", "at"])
    op.create_index("ix_events_actor_at", "events", ["actor", "at"])


def downgrade() -> None:
    op.drop_index("ix_events_actor_at", "events")
    op.drop_index("ix_events_kind_at", "events")
    op.drop_index("ix_tickets_status_due_id", "tickets")
    op.drop_index("ix_tickets_due_id", "tickets")
    op.drop_index("ix_staff_sessions_user", "staff_sessions")
    op.drop_table("staff_sessions")
