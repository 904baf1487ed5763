"""imap folder state

The IMAP poller used to read only UNSEEN mail, so a message a person opened in their own
mail client before the service polled was never ingested. It now remembers, per folder and
UIDVALIDITY (RFC 3501 §2.3.1.1), the highest UID it has ingested, the messages it could not
ingest yet (retried with backoff), and which `serve` process holds the folder's lease.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imap_folders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("username", sa.String(320), nullable=False),
        sa.Column("folder", sa.String(255), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("highest_uid", sa.BigInteger(), nullable=False),
        sa.Column("lease_holder", sa.String(200), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("host", "username", "folder", name="uq_imap_folders_mailbox"),
    )
    op.create_table(
        "imap_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("folder_id", sa.Integer(), sa.ForeignKey("imap_folders.id", ondelete="CASCADE"), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("folder_id", "uidvalidity", "uid", name="uq_imap_failures_uid"),
    )


def downgrade() -> None:
    op.drop_table("imap_failures")
    op.drop_table("imap_folders")
