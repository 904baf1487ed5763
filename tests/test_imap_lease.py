"""Several `serve` processes on one database: one polls the mailbox at a time, another takes over when it dies.

Two pollers share a real database and a real Dovecot mailbox; which one holds the folder's
lease is read from the database, and whether each has a connection open from the poller itself.
"""

from __future__ import annotations

import asyncio

import pytest

from assistant.channels.imap import ImapPoller
from assistant.storage.database import Database
from assistant.storage.models import utcnow
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
