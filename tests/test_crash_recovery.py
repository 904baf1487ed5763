"""SIGKILL in the middle of a batch: every message that got 250 is there exactly once and ends processed."""

from __future__ import annotations

import os
import signal
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select

from assistant.storage.database import Database
from assistant.storage.models import Message, Ticket
from tests.conftest import INBOX
from tests.support.cli import write_config

BATCH = 25


def start_service(config: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if "privacy-assistant ready" in line:
            return process
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}")
    process.kill()
    raise AssertionError("serve did not get ready in time")


def request(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"person{number}@example.com"
    message["To"] = INBOX
    message["Subject"] = f"Request {number}"
    message["Message-ID"] = f"<crash-{number}@example.com>"
    message.set_content(f"Hello, please delete my account and all my data. Customer number C{number:05d}.")
    return bytes(message)


def smtp_port(config: Path) -> int:
    import tomllib

    return tomllib.loads(config.read_text())["smtp"]["port"]


async def test_sigkill_mid_batch_loses_nothing_and_processes_each_once(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    service = start_service(config)
    acknowledged = []
    try:
        with smtplib.SMTP("127.0.0.1", smtp_port(config), timeout=30) as client:
            for number in range(BATCH):
                client.sendmail(f"person{number}@example.com", [INBOX], request(number))
                acknowledged.append(f"crash-{number}@example.com")
    finally:
        os.kill(service.pid, signal.SIGKILL)
        service.wait()
    assert len(acknowledged) == BATCH

    service = start_service(config)
    db = Database(database_url)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            async with db.session() as session:
                waiting = (await session.execute(
                    select(func.count(Message.id)).where(Message.state != "processed"))).scalar_one()
            if waiting == 0:
                break
            time.sleep(0.2)
        async with db.session() as session:
            rows = (await session.execute(select(Message.message_id, Message.state))).all()
            tickets = (await session.execute(select(func.count(Ticket.id)))).scalar_one()
    finally:
        service.send_signal(signal.SIGTERM)
        assert service.wait(timeout=60) == 0  # a clean stop exits 0
        await db.close()
    ids = [message_id for message_id, _ in rows]
    assert sorted(ids) == sorted(acknowledged)  # each exactly once
    assert {state for _, state in rows} == {"processed"}
    assert tickets == BATCH
