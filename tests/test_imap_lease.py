"""Several `serve` processes on one database: one polls the mailbox at a time, another takes over when it dies.

Two pollers share a real database and a real Dovecot mailbox; which one holds the folder's
lease is read from the database, and whether each has a connection open from the poller itself.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.channels.imap import ImapPoller
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from tests.support.cli import write_config
from tests.support.dovecot import DovecotServer, MailUser
from tests.support.imap import Clock, poller_for, request, stored_ids, wait_for_rows

pytestmark = pytest.mark.imap


def dies_without_releasing(poller: ImapPoller) -> None:
    """A crash: the process is gone, its lease row still names it until the lease expires."""

    async def nothing() -> None:
        return None

    poller._release_lease = nothing


async def test_two_pollers_never_both_poll_and_the_second_takes_over_when_the_first_dies(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    # The real clock: the lease of the process that dies must expire in real time.
    first = poller_for(dovecot, mailbox_user, db, lease_seconds=3, poll_interval=0.3, clock=utcnow)
    second = poller_for(dovecot, mailbox_user, db, lease_seconds=3, poll_interval=0.3, clock=utcnow)
    both_connected = 0
    stopping_first, stopping_second = asyncio.Event(), asyncio.Event()
    first_task = asyncio.create_task(first.run_forever(stopping_first))
    await asyncio.sleep(0.5)  # the first process started first
    second_task = asyncio.create_task(second.run_forever(stopping_second))

    async def watch() -> None:
        nonlocal both_connected
        while True:
            both_connected += first.mailbox.is_open and second.mailbox.is_open
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    try:
        for number in (1, 2, 3):
            await asyncio.to_thread(dovecot.append, mailbox_user, request(number))
        await wait_for_rows(db, 3)
        await asyncio.sleep(1.5)  # the second has tried to claim the lease a few times by now
        assert first.holds_lease and not second.holds_lease
        assert not second.mailbox.is_open

        dies_without_releasing(first)
        stopping_first.set()
        await asyncio.wait_for(first_task, 10)
        await asyncio.to_thread(dovecot.append, mailbox_user, request(4))
        assert await wait_for_rows(db, 4, timeout=10) >= 1.0  # only once the dead one's lease expired
        assert second.holds_lease and second.mailbox.is_open
    finally:
        watcher.cancel()
        stopping_first.set()
        stopping_second.set()
        await asyncio.wait_for(asyncio.gather(first_task, second_task), 10)
    assert both_connected == 0
    assert await stored_ids(db) == [f"imap-{number}@example.com" for number in (1, 2, 3, 4)]


async def test_a_poller_whose_lease_was_taken_stops_and_saves_nothing(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    clock = Clock()
    paused = poller_for(dovecot, mailbox_user, db, clock=clock)
    other = poller_for(dovecot, mailbox_user, db, clock=clock)
    dovecot.append(mailbox_user, request(1))
    try:
        assert (await paused.run_round()).stored == 1
        assert (await other.run_round()).not_holder  # the lease is held: the other does nothing
        clock.advance(61)  # the first process hangs longer than its lease
        dovecot.append(mailbox_user, request(2))
        assert (await other.run_round()).stored == 1
        assert (await paused.run_round()).not_holder  # it wakes up: the lease is not its own any more
        assert not paused.mailbox.is_open
    finally:
        paused.mailbox.close()
        other.mailbox.close()
    assert await stored_ids(db) == ["imap-1@example.com", "imap-2@example.com"]


async def test_a_clean_stop_hands_the_lease_over_at_once(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    clock = Clock()
    leaving = poller_for(dovecot, mailbox_user, db, clock=clock)
    staying = poller_for(dovecot, mailbox_user, db, clock=clock)
    stopping = asyncio.Event()
    task = asyncio.create_task(leaving.run_forever(stopping))
    async with asyncio.timeout(10):
        while not leaving.holds_lease:
            await asyncio.sleep(0.05)
    stopping.set()
    await asyncio.wait_for(task, 10)
    dovecot.append(mailbox_user, request(1))
    try:
        assert (await staying.run_round()).stored == 1  # no waiting for the lease to expire
    finally:
        staying.mailbox.close()


def start_poller_process(config: Path, user: MailUser) -> subprocess.Popen:
    env = {**os.environ, "PRIVACY_ASSISTANT_IMAP_PASSWORD": user.password}
    return subprocess.Popen([sys.executable, "-m", "tests.support.poller_process", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def logins(dovecot: DovecotServer, user: MailUser) -> int:
    return sum("Login: " in line and f"user=<{user.username}>" in line for line in dovecot.log().splitlines())


def test_two_processes_on_one_database_one_polls_and_the_other_takes_over_when_it_is_killed(
    dovecot: DovecotServer, mailbox_user: MailUser, database_url: str, tmp_path: Path
) -> None:
    config = write_config(tmp_path, database_url, imap="\n".join([
        "enabled = true", f'host = "{dovecot.host}"', f"port = {dovecot.port}", 'security = "none"',
        f'username = "{mailbox_user.username}"', "poll_interval = 0.3", "lease_seconds = 3"]))
    dovecot.append(mailbox_user, request(1))
    processes = [start_poller_process(config, mailbox_user), start_poller_process(config, mailbox_user)]
    try:
        polling = wait_for_the_one_polling(processes, timeout=60)
        waiting = next(process for process in processes if process is not polling)
        time.sleep(2)  # the other one keeps trying to claim the lease meanwhile
        assert waiting.poll() is None
        assert logins(dovecot, mailbox_user) == 2  # our APPEND, and one poller: the other never logged in

        polling.send_signal(signal.SIGKILL)
        polling.wait(10)
        dovecot.append(mailbox_user, request(2))
        assert wait_for_the_one_polling([waiting], timeout=20) is waiting
        deadline = time.monotonic() + 20
        while asyncio.run(_stored(database_url)) < 2:
            assert time.monotonic() < deadline, "the second process never took over"
            time.sleep(0.2)
    finally:
        for process in processes:
            process.kill()
            process.wait(10)
    assert asyncio.run(_stored_ids(database_url)) == ["imap-1@example.com", "imap-2@example.com"]


def wait_for_the_one_polling(processes: list[subprocess.Popen], timeout: float) -> subprocess.Popen:
    """The process that printed "polling" (the other one prints nothing while it waits for the lease)."""
    streams = {process.stdout: process for process in processes}
    ready, _, _ = select.select(list(streams), [], [], timeout)
    assert ready, "no poller process took the lease: " + " / ".join(
        (process.stderr.read() if process.poll() is not None and process.stderr else "running")
        for process in processes)
    process = streams[ready[0]]
    assert ready[0].readline().strip() == "polling"
    return process


async def _stored(url: str) -> int:
    return len(await _stored_ids(url))


async def _stored_ids(url: str) -> list[str]:
    db = Database(url)
    try:
        return await stored_ids(db)
    finally:
        await db.close()
