"""sign-in limits and one-time chat form tokens

Issue 16 (attack findings): failed sign-ins counted per (address, account) and per address in
rows each attempt locks before its password is checked, and the chat form's tokens recorded when
used, so a form posts once. Only these two tables: nothing else changes.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_limits",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_sign_in_limits_last", "sign_in_limits", ["last_failure_at"])
    op.create_table(
        "chat_form_tokens",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_chat_form_tokens_used", "chat_form_tokens", ["used_at"])


def downgrade() -> None:
    op.drop_index("ix_chat_form_tokens_used", "chat_form_tokens")
    op.drop_table("chat_form_tokens")
    op.drop_index("ix_sign_in_limits_last", "sign_in_limits")
    op.drop_table("sign_in_limits")
