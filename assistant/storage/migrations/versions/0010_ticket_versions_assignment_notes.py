"""ticket versions, assignment, draft history, notes, presence, snippets

Issue 17 (first half): a version number on tickets for optimistic locking, the assignee, every
draft text kept (draft_revisions), internal notes with @mentions, who is viewing or editing a
ticket (ticket_presence), and the canned snippets for free replies. Only these tables and
columns: nothing else changes.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as tickets:
        tickets.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        tickets.add_column(sa.Column("assignee", sa.String(120), nullable=True))
    op.create_table(
        "draft_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("ticket_version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("by", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_draft_revisions_ticket", "draft_revisions", ["ticket_id", "id"])
    op.create_table(
        "ticket_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ticket_notes_ticket", "ticket_notes", ["ticket_id", "id"])
    op.create_table(
        "ticket_presence",
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_name", sa.String(120), primary_key=True),
        sa.Column("activity", sa.String(16), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "snippets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("snippets")
    op.drop_table("ticket_presence")
    op.drop_index("ix_ticket_notes_ticket", "ticket_notes")
    op.drop_table("ticket_notes")
    op.drop_index("ix_draft_revisions_ticket", "draft_revisions")
    op.drop_table("draft_revisions")
    with op.batch_alter_table("tickets") as tickets:
        tickets.drop_column("assignee")
        tickets.drop_column("version")
