"""retention and an append-only audit trail

Tickets learn when they were closed (`closed_at`, backfilled from their status events), and
tickets and messages when their content was purged. `retention_runs` lets one `serve` process
a day claim the daily purge. Events become append-only in the database itself: no UPDATE
may change who, what, when or which ticket, a detail may only be cut to a prefix of itself
(the retention purge's "text reduced"), and no DELETE is accepted.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_REFUSED = "events are append-only: only a purge may shorten a detail"

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    WHEN NEW.id IS NOT OLD.id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.message_pk IS NOT OLD.message_pk
      OR NEW.actor IS NOT OLD.actor OR NEW.at IS NOT OLD.at OR NEW.kind IS NOT OLD.kind
      OR substr(OLD.detail, 1, length(NEW.detail)) IS NOT NEW.detail
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END""",
    f"""CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END""",
)

_POSTGRES_TRIGGERS = (
    f"""CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id OR NEW.ticket_id IS DISTINCT FROM OLD.ticket_id
         OR NEW.message_pk IS DISTINCT FROM OLD.message_pk OR NEW.actor IS DISTINCT FROM OLD.actor
         OR NEW.at IS DISTINCT FROM OLD.at OR NEW.kind IS DISTINCT FROM OLD.kind
         OR left(OLD.detail, length(NEW.detail)) IS DISTINCT FROM NEW.detail THEN
        RAISE EXCEPTION '{_REFUSED}';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only()""",
)

# The last time each closed ticket became closed; its last change otherwise.
_BACKFILL_CLOSED_AT = """
UPDATE tickets SET closed_at = COALESCE(
    (SELECT max(events.at) FROM events WHERE events.ticket_id = tickets.id
       AND events.kind = 'status_changed' AND events.detail LIKE '% -> closed%'),
    tickets.updated_at)
WHERE tickets.status = 'closed'
"""


def upgrade() -> None:
    op.add_column("tickets", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("tickets", sa.Column("content_purged_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("messages", sa.Column("content_purged_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_tickets_closed", "tickets", ["closed_at"])
    op.execute(_BACKFILL_CLOSED_AT)
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.String(10), nullable=False, unique=True),
        sa.Column("claimed_by", sa.String(120), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
    )
    triggers = _POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_append_only ON events")
        op.execute("DROP FUNCTION events_append_only()")
    else:
        op.execute("DROP TRIGGER events_append_only_update")
        op.execute("DROP TRIGGER events_append_only_delete")
    op.drop_table("retention_runs")
    op.drop_index("ix_tickets_closed", "tickets")
    op.drop_column("messages", "content_purged_at")
    op.drop_column("tickets", "content_purged_at")
    op.drop_column("tickets", "closed_at")
