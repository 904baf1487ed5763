"""Group commit at the SMTP edge: many sessions at once, each answered after its own message is committed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from email.message import EmailMessage

import aiosmtplib
import pytest
from sqlalchemy import func, select, text

from assistant.channels.smtp import start_smtp_server
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import Event, Message
from tests.conftest import INBOX, with_smtp

# A real storage failure inside the batch's transaction: the database refuses the events row,
# after the messages rows were written in the same transaction.
_REFUSE_EVENTS = {
    "sqlite": ["CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT no_such_function(); END"],
    "postgresql": [
        "CREATE FUNCTION refuse_events() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk says no'; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_events()",
    ],
}
# A unique violation for one message only (as when another process stored it a moment ago).
_REFUSE_ONE = {
    "sqlite": ["CREATE TRIGGER refuse_one BEFORE INSERT ON messages WHEN NEW.message_id = 'poison@example.com' "
               "BEGIN SELECT RAISE(ABORT, 'UNIQUE constraint failed: messages.message_id'); END"],
    "postgresql": [
        "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN IF NEW.message_id = 'poison@example.com' THEN "
        "RAISE EXCEPTION 'duplicate' USING ERRCODE = 'unique_violation'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_one BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_one()",
    ],
}
_DROP = {"sqlite": "DROP TRIGGER {name}", "postgresql": "DROP TRIGGER {name} ON {table}"}


def mail(number: int, message_id: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = f"person{number}@example.com"
    message["To"] = INBOX
    message["Subject"] = f"Delete my data ({number})"
    message["Message-ID"] = f"<{message_id or f'group-{number}@example.com'}>"
    message.set_content(f"Please delete every piece of personal data you hold about me. Customer {number}.\n" * 20)
    return bytes(message).replace(b"\n", b"\r\n")


@pytest.fixture
async def port(config: Config, db: Database) -> AsyncIterator[int]:
    server = await start_smtp_server(with_smtp(config, max_connections_per_address=100).smtp, db)
    yield server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()


async def send_all(port: int, messages: list[bytes]) -> list[str]:
    """All at once, a connection each; the reply line each session heard after its DATA."""
    async def send(raw: bytes) -> str:
        try:
            _, reply = await aiosmtplib.send(raw, sender="person@example.com", recipients=[INBOX],
                                             hostname="127.0.0.1", port=port, timeout=30)
            return "250 " + reply
        except aiosmtplib.SMTPResponseException as refused:
            return f"{refused.code} {refused.message}"

    return await asyncio.gather(*(send(raw) for raw in messages))


async def execute(db: Database, statements: list[str]) -> None:
    async with db.engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement))


async def counts(db: Database) -> tuple[int, int]:
    async with db.session() as session:
        messages = (await session.execute(select(func.count(Message.id)))).scalar_one()
        events = (await session.execute(select(func.count(Event.id)).where(Event.kind == "message_received"))
                  ).scalar_one()
    return messages, events


async def test_fifty_sessions_at_once_are_each_stored_exactly_once(port: int, db: Database) -> None:
    messages = [mail(number) for number in range(50)]
    messages[49] = messages[7]  # a duplicate sent in the same burst
    replies = await send_all(port, messages)

    assert all(reply.startswith("250 ") for reply in replies), replies
    assert await counts(db) == (49, 49)
    assert "already received" in replies[49] or "already received" in replies[7]
    async with db.session() as session:
        ids = list((await session.execute(select(Message.message_id))).scalars())
    assert sorted(ids) == sorted(f"group-{number}@example.com" for number in range(49))


async def test_a_storage_error_in_the_batch_answers_451_to_every_session_and_stores_nothing(
        port: int, db: Database) -> None:
    await execute(db, _REFUSE_EVENTS[db.dialect])
    replies = await send_all(port, [mail(number) for number in range(20)])

    assert all(reply.startswith("451 ") for reply in replies), replies
    assert await counts(db) == (0, 0)  # no message row without its event: the batch rolled back whole

    await execute(db, [_DROP[db.dialect].format(name="refuse_events", table="events")])
    replies = await send_all(port, [mail(number) for number in range(20)])  # the senders retry
    assert all(reply.startswith("250 ") for reply in replies), replies
    assert await counts(db) == (20, 20)


async def test_a_conflict_on_one_message_does_not_fail_the_others(port: int, db: Database) -> None:
    await execute(db, _REFUSE_ONE[db.dialect])
    messages = [mail(number) for number in range(20)] + [mail(99, message_id="poison@example.com")]
    replies = await send_all(port, messages)

    assert all(reply.startswith("250 ") for reply in replies[:20]), replies
    assert replies[20].startswith("451 "), replies[20]
    assert await counts(db) == (20, 20)
