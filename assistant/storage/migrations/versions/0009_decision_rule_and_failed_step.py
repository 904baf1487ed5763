"""decisions that name their rule

Two columns on `messages`, both NULL for messages filed before: `decision_rule`, the rule of
`intents/primary.py` that chose the message's primary intent (as `noise_rule` names the noise
rule that fired), and `failed_step`, the pipeline step that failed on a `failed` message.
Only these two columns: nothing else changes.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("decision_rule", sa.String(64), nullable=True))
        batch.add_column(sa.Column("failed_step", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("failed_step")
        batch.drop_column("decision_rule")
