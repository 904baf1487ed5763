"""The IMAP poller against a real Dovecot: mail is stored first, acknowledged on the server after.

Each test gets its own mailbox user; mail is APPENDed by a separate imapclient connection,
as another mail client or the hosting provider's delivery would put it there.
"""

from __future__ import annotations

import asyncio
import glob
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from imapclient.exceptions import IMAPClientAbortError

from assistant.channels.imap import ImapPoller, Mailbox, MailboxRefused, imap_poller
from assistant.channels.imap import poller as poller_module
from assistant.channels.imap.auth import PasswordLogin
from assistant.config import ConfigError, ImapConfig
from assistant.storage.database import Database
from tests.conftest import INBOX, MESSAGES
from tests.support.cli import write_config
from tests.support.dovecot import DovecotServer, MailUser
from tests.support.imap import (
    SEEN,
    Clock,
    imap_config,
    poller_for,
    request,
    server_view,
    stored_rows,
    wait_for_rows,
)

pytestmark = pytest.mark.imap


async def test_unseen_mail_is_stored_and_flagged_seen_only_after_storing(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = [request(1), request(2)]
    for raw in messages:
        dovecot.append(mailbox_user, raw)
    seen_while_storing: list[bool] = []
    real_accept = poller_module.accept

    async def watching_accept(db_, raw: bytes, **kwargs):
        view = await asyncio.to_thread(server_view, dovecot, mailbox_user)
        seen_while_storing.append(view[raw])
        return await real_accept(db_, raw, **kwargs)

    monkeypatch.setattr(poller_module, "accept", watching_accept)
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


async def test_mail_a_person_opened_before_the_service_polled_is_ingested(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    """Issue 15: in a shared mailbox, a message staff read first (\\Seen) was never ingested."""
    dovecot.append(mailbox_user, request(1), flags=(SEEN,))
    dovecot.append(mailbox_user, request(2))
    poller = poller_for(dovecot, mailbox_user, db)
    try:
        assert (await poller.run_round()).stored == 2
        # A person marks both unread again in their client: they are not ingested twice.
        with dovecot.client(mailbox_user) as client:
            client.select_folder("INBOX")
            client.remove_flags(client.search(), [SEEN])
        result = await poller.run_round()
    finally:
        poller.mailbox.close()
    assert (result.stored, result.duplicates) == (0, 0)
    assert [row.raw for row in await stored_rows(db)] == [request(1), request(2)]
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): False, request(2): False}


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


async def test_storage_failure_leaves_mail_unseen_is_reported_once_and_retried(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    dovecot.append(mailbox_user, request(1))
    dovecot.append(mailbox_user, request(2))
    real_accept = poller_module.accept

    async def failing_for_the_first(db_, raw: bytes, **kwargs):
        if raw == request(1):
            raise OSError("disk full")
        return await real_accept(db_, raw, **kwargs)

    clock = Clock()
    poller = poller_for(dovecot, mailbox_user, db, clock=clock, processed_folder="Done")
    try:
        with monkeypatch.context() as patch:
            patch.setattr(poller_module, "accept", failing_for_the_first)
            first = await poller.run_round()
            assert (first.stored, first.failed) == (1, 1)  # the failure did not block the next message
            assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): False}
            second = await poller.run_round()  # the first retry comes at once
            third = await poller.run_round()  # then it waits its delay
            assert (second.failed, third.failed) == (1, 0)
        clock.advance(31)
        assert (await poller.run_round()).stored == 1
    finally:
        poller.mailbox.close()
    assert [row.raw for row in await stored_rows(db)] == [request(2), request(1)]
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user, "Done") == dict.fromkeys(
        [request(1), request(2)], True)
    reports = [r for r in caplog.records if r.levelno == logging.ERROR and "could not be ingested" in r.getMessage()]
    assert len(reports) == 1 and "disk full" in reports[0].getMessage()  # reported once, with the reason


async def test_crash_between_storing_and_flagging_refetches_and_stores_once(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dovecot.append(mailbox_user, request(1))

    def connection_dies(self: Mailbox, uid: int) -> None:
        raise IMAPClientAbortError("socket error: connection reset")

    clock = Clock()
    with monkeypatch.context() as patch:
        patch.setattr(Mailbox, "mark_processed", connection_dies)
        crashed = poller_for(dovecot, mailbox_user, db, clock=clock)
        with pytest.raises(IMAPClientAbortError):
            await crashed.run_round()
        crashed.mailbox.close()
    assert len(await stored_rows(db)) == 1
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {request(1): False}

    clock.advance(61)  # the crashed process's lease expires
    restarted = poller_for(dovecot, mailbox_user, db, clock=clock)
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
    # The first message's file, found by its Message-ID: Maildir names need not sort in arrival order.
    unreadable = next(path for path in glob.glob(f"{dovecot.root}/home/{mailbox_user.username}/Maildir/*/*")
                      if os.path.isfile(path) and b"<imap-1@example.com>" in Path(path).read_bytes())
    os.chmod(unreadable, 0)  # Dovecot answers its FETCH with an internal error and BYE
    clock = Clock()
    poller = poller_for(dovecot, mailbox_user, db, clock=clock)
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    try:
        await wait_for_rows(db, 1)
        assert [row.raw for row in await stored_rows(db)] == [request(2)]
        assert "UID 1" in caplog.text

        # Dovecot renames the file (new/ to cur/, flags in its name): find it by its unique prefix.
        prefix = Path(unreadable).name.split(":")[0]
        for path in glob.glob(f"{dovecot.root}/home/{mailbox_user.username}/Maildir/*/{prefix}*"):
            os.chmod(path, 0o600)  # readable again: the next retry gets it
        clock.advance(3600)
        await wait_for_rows(db, 2)
    finally:
        stopping.set()
        await asyncio.wait_for(task, 10)
    assert [row.raw for row in await stored_rows(db)] == [request(2), request(1)]


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
    poller = ImapPoller(config, db, credentials=PasswordLogin("not-the-password", config.password_env),
                        first_retry_delay=0.5, max_retry_delay=30)
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
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []
    real_sleep = poller_module._sleep_unless

    def refuse(self: Mailbox) -> None:
        attempts.append("login")
        raise MailboxRefused("IMAP login refused")

    async def recorded_sleep(stopping: asyncio.Event, seconds: float) -> None:
        if seconds == config.lease_seconds / 3:  # the lease keeper's renewal, beside the retries
            return await real_sleep(stopping, seconds)
        attempts.append(f"wait {seconds:g}")
        await real_sleep(stopping, 0.01)  # the delays asked for are what matters, not a loaded clock

    config = ImapConfig(enabled=True, host="imap.example.com", username="privacy@example.com")
    monkeypatch.setattr(Mailbox, "open", refuse)
    monkeypatch.setattr(poller_module, "_sleep_unless", recorded_sleep)
    poller = ImapPoller(config, db, credentials=PasswordLogin("s", config.password_env),
                        first_retry_delay=0.2, max_retry_delay=0.8)
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    for _ in range(500):
        if len(attempts) >= 10:
            break
        await asyncio.sleep(0.01)
    stopping.set()
    await asyncio.wait_for(task, 5)
    # Every refusal waits before the next login, doubling from first_retry_delay, capped at max_retry_delay.
    assert attempts[:10] == ["login", "wait 0.2", "login", "wait 0.4", "login", "wait 0.8",
                             "login", "wait 0.8", "login", "wait 0.8"]


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


async def test_a_refused_move_does_not_stop_the_messages_after_it(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    poller = poller_for(dovecot, mailbox_user, db, processed_folder="Stored")
    try:
        await poller.run_round()  # connects and creates "Stored"
        with dovecot.client(mailbox_user) as client:
            client.delete_folder("Stored")  # someone tidies the mailbox: MOVE now fails (TRYCREATE)
        dovecot.append(mailbox_user, request(1))
        dovecot.append(mailbox_user, request(2))
        result = await poller.run_round()
        again = await poller.run_round()
    finally:
        poller.mailbox.close()
    assert (result.stored, again.stored, again.duplicates) == (2, 0, 0)
    assert [row.raw for row in await stored_rows(db)] == [request(1), request(2)]
    assert "refused to flag or move it" in caplog.text
