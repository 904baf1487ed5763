"""What the IMAP tests share: a config and a poller for a Dovecot mailbox, test mail, views of both sides."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from assistant.channels.imap import ImapPoller
from assistant.channels.imap.auth import PasswordLogin
from assistant.config import ImapConfig
from assistant.storage.database import Database
from assistant.storage.models import Message
from tests.conftest import INBOX
from tests.support.dovecot import DovecotServer, MailUser

SEEN = b"\\Seen"


@dataclass
class Clock:
    """A clock the test moves by hand: leases and retry delays pass without waiting."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def imap_config(dovecot: DovecotServer, user: MailUser, **changes: object) -> ImapConfig:
    settings: dict = {"enabled": True, "host": dovecot.host, "port": dovecot.port, "security": "none",
                      "username": user.username, "poll_interval": 0.5}
    settings.update(changes)
    return ImapConfig(**settings)


def poller_for(dovecot: DovecotServer, user: MailUser, db: Database, *, clock: Callable[[], datetime] | None = None,
               **changes: object) -> ImapPoller:
    config = imap_config(dovecot, user, **changes)
    return ImapPoller(config, db, credentials=PasswordLogin(user.password, config.password_env),
                      first_retry_delay=0.2, max_retry_delay=1.0, clock=clock or Clock())


def request(number: int, body: str = "Please delete my account and every piece of data about me.") -> bytes:
    return (f"From: Person {number} <person{number}@example.com>\r\nTo: {INBOX}\r\n"
            f"Subject: Request {number}\r\nMessage-ID: <imap-{number}@example.com>\r\n"
            f"Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\n{body}\r\n").encode()


def server_view(dovecot: DovecotServer, user: MailUser, folder: str = "INBOX") -> dict[bytes, bool]:
    """Each message in `folder` (its exact bytes) and whether it is \\Seen, read without changing flags.

    A folder the poller has not created yet is empty.
    """
    with dovecot.client(user) as client:
        if not client.folder_exists(folder):
            return {}
        client.select_folder(folder, readonly=True)
        uids = client.search()
        fetched = client.fetch(uids, ["BODY.PEEK[]", "FLAGS"]) if uids else {}
    return {data[b"BODY[]"]: SEEN in data[b"FLAGS"] for data in fetched.values()}


async def stored_rows(db: Database) -> list[Message]:
    async with db.session() as session:
        return list((await session.execute(select(Message).order_by(Message.id))).scalars())


async def stored_ids(db: Database) -> list[str]:
    async with db.session() as session:
        return list((await session.execute(select(Message.message_id).order_by(Message.id))).scalars())


async def wait_for_rows(db: Database, count: int, timeout: float = 10.0) -> float:
    """Seconds until `count` messages are stored."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while len(await stored_ids(db)) < count:
            await asyncio.sleep(0.05)
    return time.monotonic() - started
