"""Requests filed through the real SMTP listener and pipeline, and the whole database read as text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update

from assistant.storage.database import Database
from assistant.storage.models import Base, Message, Ticket, User
from tests.conftest import RunningService
from tests.support.cli import write_config
from tests.test_outbox import request_mail, ticket_for


async def file_request(service: RunningService, *, address: str, marker: str, name: str = "Ann Lee") -> str:
    """An access request carrying `marker` in its subject and body; returns the ticket's reference."""
    raw = request_mail(name=name, address=address, subject=f"My data {marker}",
                       body=f"Hello, please send me a copy of all the personal data you hold about me. {marker}\n",
                       message_id=f"{marker}.{address}")  # as some mailers do
    return await ticket_for(service, raw)


async def set_times(db: Database, reference: str, *, closed_at: datetime | None = None,
                    received_at: datetime | None = None) -> None:
    """Move a ticket in time (the test's clock), as if it had been closed or received then."""
    async with db.session() as session, session.begin():
        ticket_id = (await session.execute(select(Ticket.id).where(Ticket.reference == reference))).scalar_one()
        if closed_at is not None:
            await session.execute(update(Ticket).where(Ticket.id == ticket_id).values(closed_at=closed_at))
        if received_at is not None:
            await session.execute(update(Ticket).where(Ticket.id == ticket_id).values(received_at=received_at))
            await session.execute(update(Message).where(Message.ticket_id == ticket_id)
                                  .values(received_at=received_at))


async def database_text(db: Database) -> str:
    """Every row of every table as text (bytes included), to search for what must be gone."""
    parts = []
    async with db.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


async def sqlite_config_with_account(folder: Path, name: str) -> Path:
    """A config file for the command line, on a migrated SQLite database with one console account."""
    database_url = f"sqlite+aiosqlite:///{folder / 'assistant.db'}"
    db = Database(database_url)
    await db.migrate()
    async with db.session() as session, session.begin():
        session.add(User(name=name, role="admin", password_hash="-"))
    await db.close()
    return write_config(folder, database_url)
