"""The IMAP poller against a real Dovecot: mail is stored first, acknowledged on the server after.

Each test gets its own mailbox user; mail is APPENDed by a separate imapclient connection,
as another mail client or the hosting provider's delivery would put it there.
"""

from __future__ import annotations

import asyncio
import glob
import itertools
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient.exceptions import IMAPClientAbortError
from sqlalchemy import select

from assistant.channels import imap as imap_channel
from assistant.channels.imap import ImapPoller, Mailbox, imap_poller
from assistant.config import ConfigError, ImapConfig
from assistant.storage.database import Database
from assistant.storage.models import Message
from tests.conftest import INBOX, MESSAGES
from tests.support.cli import write_config
from tests.support.dovecot import DovecotServer, MailUser, start_dovecot

pytestmark = pytest.mark.imap

SEEN = b"\\Seen"


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    try:
        server = start_dovecot()
    except RuntimeError as why:
        pytest.skip(f"IMAP tests skipped: {why}")
    yield server
    server.stop()


@pytest.fixture
def mailbox_user(dovecot: DovecotServer) -> MailUser:
    return dovecot.add_user()


def imap_config(dovecot: DovecotServer, user: MailUser, **changes: object) -> ImapConfig:
    settings: dict = {"enabled": True, "host": dovecot.host, "port": dovecot.port, "security": "none",
                      "username": user.username, "poll_interval": 0.5}
    settings.update(changes)
    return ImapConfig(**settings)


def poller_for(dovecot: DovecotServer, user: MailUser, db: Database, **changes: object) -> ImapPoller:
    return ImapPoller(imap_config(dovecot, user, **changes), db, password=user.password,
                      first_retry_delay=0.2, max_retry_delay=1.0)


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


async def test_unseen_mail_is_stored_and_flagged_seen_only_after_storing(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = [request(1), request(2)]
    for raw in messages:
        dovecot.append(mailbox_user, raw)
    seen_while_storing: list[bool] = []
    real_accept = imap_channel.accept

    async def watching_accept(db_, raw: bytes, **kwargs):
        view = await asyncio.to_thread(server_view, dovecot, mailbox_user)
        seen_while_storing.append(view[raw])
        return await real_accept(db_, raw, **kwargs)

    monkeypatch.setattr(imap_channel, "accept", watching_accept)
    poller = poller_for(dovecot, mailbox_user, db)
    try:
        result = await poller.run_round()
    finally:
        poller.mailbox.close()

    assert (result.stored, result.duplicates) == (2, 0)
    assert seen_while_storing == [False, False]  # fetching with BODY.PEEK[] did not acknowledge
    rows = await stored_rows(db)
    assert [row.raw for row in rows] == messages  # the exact bytes, in arrival order
    assert {row.channel for row in rows} == {"imap"}
    assert {row.envelope_sender for row in rows} == {None}
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == dict.fromkeys(messages, True)


async def test_mail_already_seen_by_a_person_is_left_alone(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    dovecot.append(mailbox_user, request(1), flags=(SEEN,))
    dovecot.append(mailbox_user, request(2))
    poller = poller_for(dovecot, mailbox_user, db)
    try:
        await poller.run_round()
    finally:
        poller.mailbox.close()
    assert [row.raw for row in await stored_rows(db)] == [request(2)]


async def test_processed_folder_receives_stored_mail_and_nothing_is_deleted(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    messages = [request(1), request(2), request(3)]
    for raw in messages:
        dovecot.append(mailbox_user, raw)
    poller = poller_for(dovecot, mailbox_user, db, processed_folder="Privacy Stored")
    try:
        result = await poller.run_round()
    finally:
        poller.mailbox.close()
    assert result.stored == 3
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {}
    moved = await asyncio.to_thread(server_view, dovecot, mailbox_user, "Privacy Stored")
    assert moved == dict.fromkeys(messages, True)


async def test_storage_failure_leaves_mail_unseen_and_it_is_stored_next_round(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, tmp_path: Path
) -> None:
    dovecot.append(mailbox_user, request(1))
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'no-schema.db'}")  # no tables: every insert fails
    poller = poller_for(dovecot, mailbox_user, broken, processed_folder="Done")
    try:
        result = await poller.run_round()
    finally:
        poller.mailbox.close()
        await broken.close()
    assert result.not_stored == 1
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): False}

    poller = poller_for(dovecot, mailbox_user, db, processed_folder="Done")
    try:
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    assert [row.raw for row in await stored_rows(db)] == [request(1)]


async def test_crash_between_storing_and_flagging_refetches_and_stores_once(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dovecot.append(mailbox_user, request(1))

    def connection_dies(self: Mailbox, uid: int) -> None:
        raise IMAPClientAbortError("socket error: connection reset")

    with monkeypatch.context() as patch:
        patch.setattr(Mailbox, "mark_processed", connection_dies)
        crashed = poller_for(dovecot, mailbox_user, db)
        with pytest.raises(IMAPClientAbortError):
            await crashed.run_round()
        crashed.mailbox.close()
    assert len(await stored_rows(db)) == 1
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): False}

    restarted = poller_for(dovecot, mailbox_user, db)
    try:
        result = await restarted.run_round()
    finally:
        restarted.mailbox.close()
    assert (result.stored, result.duplicates) == (0, 1)
    assert [row.raw for row in await stored_rows(db)] == [request(1)]  # stored once
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): True}


def huge_message() -> bytes:
    """12 MB: larger than the SMTP listener accepts, but a hosted mailbox may hold it."""
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n"
    return (b"From: big@example.com\r\nTo: " + INBOX.encode() + b"\r\nSubject: scans\r\n"
            b"Message-ID: <huge-1@example.com>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + line * (12_000_000 // len(line)))


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param((MESSAGES / "binary_junk.bin").read_bytes(), id="binary_junk"),
        pytest.param((MESSAGES / "en_broken_mime.eml").read_bytes(), id="broken_mime"),
        pytest.param((MESSAGES / "en_no_message_id.eml").read_bytes(), id="no_message_id"),
        pytest.param(huge_message(), id="huge"),
    ],
)
async def test_bad_mail_is_stored_like_any_other(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, raw: bytes
) -> None:
    dovecot.append(mailbox_user, raw)
    on_server = next(iter(await asyncio.to_thread(server_view, dovecot, mailbox_user)))
    poller = poller_for(dovecot, mailbox_user, db)
    try:
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    rows = await stored_rows(db)
    assert [row.raw for row in rows] == [on_server]  # what the server holds, byte for byte
    assert rows[0].state == "stored"  # the pipeline, not the channel, decides what it is
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {on_server: True}


@pytest.mark.skipif(os.geteuid() != 0, reason="makes one message unreadable to Dovecot's mail user (needs root)")
async def test_message_the_server_cannot_give_is_skipped_and_the_rest_stored(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    dovecot.append(mailbox_user, request(1))
    dovecot.append(mailbox_user, request(2))
    unreadable = sorted(glob.glob(f"{dovecot.root}/home/{mailbox_user.username}/Maildir/*/*"))[0]
    os.chmod(unreadable, 0)  # Dovecot answers its FETCH with an internal error and BYE
    poller = poller_for(dovecot, mailbox_user, db)
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    try:
        await wait_for_rows(db, 1)
        assert [row.raw for row in await stored_rows(db)] == [request(2)]
        assert "UID 1" in caplog.text

        # Dovecot renames the file (new/ to cur/, flags in its name): find it by its unique prefix.
        prefix = Path(unreadable).name.split(":")[0]
        for path in glob.glob(f"{dovecot.root}/home/{mailbox_user.username}/Maildir/*/{prefix}*"):
            os.chmod(path, 0o600)  # readable again: the next round gets it
        await wait_for_rows(db, 2)
    finally:
        stopping.set()
        await asyncio.wait_for(task, 10)
    assert [row.raw for row in await stored_rows(db)] == [request(2), request(1)]


async def wait_for_rows(db: Database, count: int, timeout: float = 10.0) -> float:
    """Seconds until `count` messages are stored."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while len(await stored_rows(db)) < count:
            await asyncio.sleep(0.05)
    return time.monotonic() - started


@pytest.mark.parametrize(("use_idle", "poll_interval"), [(True, 600.0), (False, 0.3)], ids=["idle", "polling"])
async def test_mail_appended_by_another_client_is_picked_up_within_seconds(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, use_idle: bool, poll_interval: float
) -> None:
    poller = poller_for(dovecot, mailbox_user, db, use_idle=use_idle, poll_interval=poll_interval)
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    try:
        async with asyncio.timeout(10):
            while not poller.mailbox.is_open:
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # into IDLE (or the timer): 600 s of it, were IDLE not reporting
        assert poller.mailbox.idles is use_idle
        await asyncio.to_thread(dovecot.append, mailbox_user, request(1))
        assert await wait_for_rows(db, 1, timeout=5) < 5
    finally:
        stopping.set()
        started = time.monotonic()
        await asyncio.wait_for(task, 10)
    assert time.monotonic() - started < 3  # leaves IDLE and logs out promptly on stop
    assert not poller.mailbox.is_open


async def test_wrong_password_is_a_clear_error_and_no_crash(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    config = imap_config(dovecot, mailbox_user)
    poller = ImapPoller(config, db, password="not-the-password", first_retry_delay=0.5, max_retry_delay=30)
    stopping = asyncio.Event()
    caplog.set_level(logging.INFO, logger="assistant.channels.imap")
    task = asyncio.create_task(poller.run_forever(stopping))
    async with asyncio.timeout(10):
        while not any(record.levelno == logging.ERROR for record in caplog.records):
            await asyncio.sleep(0.05)
    assert not task.done()  # still running, waiting to retry
    stopping.set()
    await asyncio.wait_for(task, 10)

    message = next(record for record in caplog.records if record.levelno == logging.ERROR).getMessage()
    assert mailbox_user.username in message and "imap.username" in message
    assert "$PRIVACY_ASSISTANT_IMAP_PASSWORD" in message and "imap.password_env" in message
    assert "Traceback" not in caplog.text
    assert "not-the-password" not in caplog.text


async def test_refused_logins_are_retried_with_growing_delays_not_in_a_tight_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[float] = []

    def refuse(self: Mailbox) -> None:
        attempts.append(time.monotonic())
        raise imap_channel.MailboxRefused("IMAP login refused")

    monkeypatch.setattr(Mailbox, "open", refuse)
    config = ImapConfig(enabled=True, host="imap.example.com", username="privacy@example.com")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    poller = ImapPoller(config, db, password="s", first_retry_delay=0.2, max_retry_delay=0.8)
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    await asyncio.sleep(2.5)
    stopping.set()
    await asyncio.wait_for(task, 5)
    await db.close()
    gaps = [round(later - earlier, 1) for earlier, later in itertools.pairwise(attempts)]
    assert gaps[:4] == [0.2, 0.4, 0.8, 0.8]  # doubling from first_retry_delay, capped at max_retry_delay


def test_missing_password_variable_is_a_config_error_naming_it(tmp_path: Path) -> None:
    config = ImapConfig(enabled=True, host="imap.example.com", username="privacy@example.com",
                        password_env="SODEPAC_IMAP_SECRET")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    with pytest.raises(ConfigError, match=r"imap\.password_env.*\$SODEPAC_IMAP_SECRET"):
        imap_poller(config, db, environ={})
    assert imap_poller(config, db, environ={"SODEPAC_IMAP_SECRET": "s"}) is not None
    assert imap_poller(ImapConfig(), db, environ={}) is None  # disabled: no poller, no password needed


def test_serve_stores_mail_from_the_imap_mailbox_and_stops_cleanly(
    dovecot: DovecotServer, mailbox_user: MailUser, tmp_path: Path
) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}"
    config = write_config(tmp_path, database, imap="\n".join([
        "enabled = true", f'host = "{dovecot.host}"', f"port = {dovecot.port}", 'security = "none"',
        f'username = "{mailbox_user.username}"', 'processed_folder = "Stored"', "poll_interval = 600.0"]))
    env = {**os.environ, "PRIVACY_ASSISTANT_IMAP_PASSWORD": mailbox_user.password}
    service = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert service.stdout is not None
        if "privacy-assistant ready" not in service.stdout.readline():
            service.kill()
            pytest.fail(f"serve did not start: {service.communicate()[1][-1500:]}")
        dovecot.append(mailbox_user, request(7))
        deadline = time.monotonic() + 30
        while server_view(dovecot, mailbox_user, "Stored") != {request(7): True}:
            assert time.monotonic() < deadline, "the message never reached the Stored folder"
            time.sleep(0.1)
    finally:
        service.terminate()
        stderr = service.communicate(timeout=30)[1]
    assert service.returncode == 0, stderr
    rows = asyncio.run(_rows_of(database))
    assert [(raw, channel) for raw, channel in rows] == [(request(7), "imap")]


async def _rows_of(url: str) -> list[tuple[bytes, str]]:
    db = Database(url)
    try:
        return [(row.raw, row.channel) for row in await stored_rows(db)]
    finally:
        await db.close()
