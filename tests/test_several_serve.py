"""Two real `serve` processes on one PostgreSQL database share the work, each piece done once:
mail sent to both SMTP ports is filed once, each approved reply leaves once, the week's report once."""

from __future__ import annotations

import asyncio
import smtplib
import time
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.storage.database import Database
from assistant.storage.models import Draft, Message, Ticket
from tests.conftest import INBOX
from tests.support.cli import add_staff, start_serve, write_config
from tests.support.relay import RelaySink
from tests.test_outbox_crash import approve_as_staff, wait_until
from tests.test_reading_processes import request

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
MESSAGES = 12
APPROVED = 3


def serve_config(folder: Path, database_url: str, relay: RelaySink) -> Path:
    folder.mkdir()
    return write_config(folder, database_url, outbound=f"port = {relay.port}\nretry_base_seconds = 0.5",
                        reports='recipients = ["dpo@sodepac.com"]\nweekday = "monday"\ntime = "00:00"')


def send_all(configs: list[Path]) -> None:
    """Message n to process n % 2, as an MTA spreading its deliveries over two next hops."""
    for index, config in enumerate(configs):
        with smtplib.SMTP("127.0.0.1", tomllib.loads(config.read_text())["smtp"]["port"], timeout=60) as client:
            for number in range(index, MESSAGES, len(configs)):
                client.sendmail(f"person{number}@example.com", [INBOX], request(number))


async def filed(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return {
            "processed": (await session.execute(
                select(func.count(Message.id)).where(Message.state == "processed"))).scalar_one(),
            "messages": (await session.execute(select(func.count(Message.id)))).scalar_one(),
            "tickets": (await session.execute(select(func.count(Ticket.id)))).scalar_one(),
            "drafts": (await session.execute(select(func.count(Draft.id)))).scalar_one(),
        }


async def all_filed(db: Database, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while (await filed(db))["processed"] < MESSAGES and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


async def references(db: Database) -> list[str]:
    async with db.session() as session:
        return list((await session.execute(select(Ticket.reference).order_by(Ticket.id))).scalars())


async def test_two_serve_processes_file_send_and_report_each_once(tmp_path: Path, pg_cluster) -> None:
    database_url = pg_cluster.create_database("two_serves")
    relay = RelaySink().start()
    configs = [serve_config(tmp_path / name, database_url, relay) for name in ("one", "two")]
    db = Database(database_url)
    await db.migrate()
    services = await asyncio.gather(*(asyncio.to_thread(start_serve, config) for config in configs))
    try:
        await asyncio.to_thread(send_all, configs)
        await all_filed(db)
        assert await filed(db) == {"processed": MESSAGES, "messages": MESSAGES, "tickets": MESSAGES,
                                   "drafts": MESSAGES}
        await asyncio.to_thread(add_staff, configs[0], "alice")
        approved = (await references(db))[:APPROVED]
        for index, reference in enumerate(approved):  # approved through either process's configuration
            await asyncio.to_thread(approve_as_staff, configs[index % 2], reference)
        await asyncio.to_thread(wait_until, lambda: len(relay.handler.received) >= APPROVED + 1, 120,
                                "the replies and the report at the relay")
        await asyncio.sleep(2)  # time for a second copy to arrive, if either process were to send one
    finally:
        for service in services:
            service.terminate()
        for service in services:
            assert service.wait(timeout=60) == 0
        relay.stop()
        await db.close()
    subjects = [received.message["Subject"] for received in relay.handler.received]
    replies = [subject for subject in subjects if any(reference in subject for reference in approved)]
    assert sorted(replies) == sorted(set(replies)) and len(replies) == APPROVED, subjects
    assert len(subjects) == APPROVED + 1, subjects  # and one weekly report
