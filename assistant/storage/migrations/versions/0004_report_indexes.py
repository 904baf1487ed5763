"""report indexes

The weekly report reads one week of messages, approvals and corrections by time. Without
these it scans whole tables; messages worst of all, since each row carries the raw mail
before the column it needs. (received_at, noise_rule) answers the noise count from the
index alone.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_messages_received_noise", "messages", ["received_at", "noise_rule"])
    op.create_index("ix_drafts_decided", "drafts", ["decided_at"])
    op.create_index("ix_corrections_at", "corrections", ["at"])


def downgrade() -> None:
    op.drop_index("ix_corrections_at", "corrections")
    op.drop_index("ix_drafts_decided", "drafts")
    op.drop_index("ix_messages_received_noise", "messages")
