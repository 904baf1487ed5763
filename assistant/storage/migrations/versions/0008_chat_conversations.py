"""chat conversations

The website chat's conversations, kept in the database so that a visitor's follow-up reaches any
`serve` process, and its rate-limit counters, so that limits hold across processes. Only the
chat's own tables: nothing else changes.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the visitor's token, never the token
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("pending_text", sa.Text(), nullable=False),
        sa.Column("pending_intents", sa.JSON(), nullable=False),
        sa.Column("address", sa.String(320), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_attempts", sa.Integer(), nullable=False),
        sa.Column("tickets", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_chat_sessions_expires", "chat_sessions", ["expires_at"])
    op.create_table(
        "chat_limits",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_chat_limits_window", "chat_limits", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_chat_limits_window", "chat_limits")
    op.drop_table("chat_limits")
    op.drop_index("ix_chat_sessions_expires", "chat_sessions")
    op.drop_table("chat_sessions")
