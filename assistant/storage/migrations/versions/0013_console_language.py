"""each member of staff's console language

One nullable column on `users`: `console_language`, "en" or "fr", set when the person picks a
language in the console's header. NULL (every existing account) means "follow the browser's
Accept-Language, else web.default_language". Only this column: nothing else changes.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("console_language", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("console_language")
