"""request lifecycle

A ticket carries its requests to fulfilment: its stage, whether identity is established,
the paused and extended clock, when it was fulfilled (GDPR Art. 12(3)-(4), (6)). Each request
on it (a follow-up adds one) has its own row and fulfilment; drafts have a kind; files attached
to a fulfilment are kept with the draft; the suppression list (Art. 21(3)) keeps the SHA-256 of
each address so that an entry outlives the erasure of the address itself; report runs gain a
kind so the daily digest is claimed like the weekly report.

Existing tickets: `answered` ones become `in_progress` (a first reply did not fulfil them),
closed and noise ones keep that stage, the rest are `new`.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("stage", sa.String(24), nullable=False, server_default="new"))
        batch.add_column(sa.Column("identity", sa.String(16), nullable=False, server_default="not_needed"))
        batch.add_column(sa.Column("paused_since", _WHEN, nullable=True))
        batch.add_column(sa.Column("paused_seconds", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("extended_months", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("fulfilled_at", _WHEN, nullable=True))
        batch.add_column(sa.Column("earlier_ticket_id", sa.Integer(), nullable=True))
        batch.create_index("ix_tickets_status_stage_due", ["status", "stage", "due_at"])
    op.execute("UPDATE tickets SET stage = 'in_progress' WHERE status = 'answered'")
    op.execute("UPDATE tickets SET stage = status WHERE status IN ('closed', 'noise')")
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("kind", sa.String(24), nullable=False, server_default="acknowledgement"))
    with op.batch_alter_table("report_runs") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="weekly"))
    op.create_table(
        "ticket_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("message_pk", sa.Integer(), sa.ForeignKey("messages.id"), nullable=True),
        sa.Column("received_at", _WHEN, nullable=False),
        sa.Column("due_at", _WHEN, nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("fulfilled_at", _WHEN, nullable=True),
    )
    op.create_index("ix_ticket_requests_ticket", "ticket_requests", ["ticket_id"])
    op.create_index("ix_ticket_requests_stage_due", "ticket_requests", ["stage", "due_at"])
    op.create_table(
        "draft_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(127), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_draft_files_draft", "draft_files", ["draft_id"])
    op.create_table(
        "suppression",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("address", sa.String(320), nullable=True),
        sa.Column("address_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("since", _WHEN, nullable=False),
        sa.Column("ticket_id", sa.Integer(), sa.ForeignKey("tickets.id"), nullable=True),
        sa.Column("removed_at", _WHEN, nullable=True),
        sa.Column("removed_by", sa.String(120), nullable=True),
        sa.Column("removed_reason", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("suppression")
    op.drop_index("ix_draft_files_draft", "draft_files")
    op.drop_table("draft_files")
    op.drop_index("ix_ticket_requests_stage_due", "ticket_requests")
    op.drop_index("ix_ticket_requests_ticket", "ticket_requests")
    op.drop_table("ticket_requests")
    with op.batch_alter_table("report_runs") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_status_stage_due")
        for column in ("earlier_ticket_id", "fulfilled_at", "extended_months", "paused_seconds", "paused_since",
                       "identity", "stage"):
            batch.drop_column(column)
