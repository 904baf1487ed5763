"""`serve` reads mail in a reading process of its own: messages still end as drafts, and a reading
process killed mid-backlog is started again without losing or doubling a message."""

from __future__ import annotations

import contextlib
import os
import signal
import smtplib
import subprocess
import time
import tomllib
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.storage.database import Database
from assistant.storage.models import Draft, Message, Ticket
from tests.conftest import INBOX
from tests.support.cli import start_serve, write_config


@contextlib.asynccontextmanager
async def serving(config: Path, database_url: str) -> AsyncIterator[tuple[subprocess.Popen, Database]]:
    """`serve` and a connection to its database; on leaving, a SIGTERM that must end it cleanly."""
    service = start_serve(config)
    db = Database(database_url)
    try:
        yield service, db
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0
        await db.close()


def serve_log(config: Path) -> str:
    return config.with_name("serve.log").read_text()


def readers(serve_pid: int) -> list[int]:
    """The reading processes `serve` started (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{serve_pid}/task/{serve_pid}/children").read_text().split()
    return [int(pid) for pid in children
            if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]


def request(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"Person {number} <person{number}@example.com>"
    message["To"] = INBOX
    message["Subject"] = f"My data ({number})"
    message["Message-ID"] = f"<reading-{number}@example.com>"
    message.set_content(f"Hello, please delete my account and all my data. Customer number C{number:05d}.")
    return bytes(message)


def send(config: Path, numbers: range) -> None:
    port = tomllib.loads(config.read_text())["smtp"]["port"]
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        for number in numbers:
            client.sendmail(f"person{number}@example.com", [INBOX], request(number))


async def wait_filed(db: Database, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        async with db.session() as session:
            filed = (await session.execute(
                select(func.count(Message.id)).where(Message.state == "processed"))).scalar_one()
        if filed >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"only {filed} of {count} messages filed")


async def filed_once(db: Database, count: int) -> None:
    """Every message stored once, processed, in a ticket of its own with one pending draft."""
    async with db.session() as session:
        states = (await session.execute(select(Message.message_id, Message.state))).all()
        tickets = (await session.execute(select(func.count(Ticket.id)))).scalar_one()
        drafts = (await session.execute(select(func.count(Draft.id)).where(Draft.status == "pending"))).scalar_one()
    assert sorted(mid for mid, _ in states) == sorted(f"reading-{n}@example.com" for n in range(count))
    assert {state for _, state in states} == {"processed"}
    assert tickets == drafts == count


async def test_serve_reads_in_its_own_process_and_drafts_every_message(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url, pipeline="workers = 1")
    async with serving(config, database_url) as (service, db):
        [reader] = readers(service.pid)
        send(config, range(6))
        await wait_filed(db, 6)
        await filed_once(db, 6)
    assert not running(reader), "the reading process outlives serve"
    assert "Traceback" not in serve_log(config) and "ERROR" not in serve_log(config)


@pytest.mark.slow
async def test_a_killed_reading_process_is_restarted_and_loses_nothing(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url, pipeline="workers = 1")
    async with serving(config, database_url) as (service, db):
        [reader] = readers(service.pid)
        send(config, range(40))  # a backlog: the reader is busy with it when killed
        os.kill(reader, signal.SIGKILL)
        await wait_filed(db, 40)
        await filed_once(db, 40)
        [restarted] = readers(service.pid)
        assert restarted != reader
        send(config, range(40, 42))  # and the new reader keeps reading
        await wait_filed(db, 42)
    assert "a reading process died; starting the reading processes again" in serve_log(config)


def test_readers_leave_when_serve_is_killed(tmp_path: Path) -> None:
    """A SIGKILLed `serve` cannot stop its readers: they notice and exit, holding no model in memory."""
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}", pipeline="workers = 1")
    service = start_serve(config)
    [reader] = readers(service.pid)
    service.kill()
    service.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while running(reader) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(reader)


def running(pid: int) -> bool:
    """Alive, not a zombie waiting for whoever adopted it to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
