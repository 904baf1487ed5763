"""Every message that lands in the mailbox is ingested exactly once, whatever happens to the folder.

Against a real Dovecot: a backlog drains in bounded rounds, a recreated folder (new UIDVALIDITY)
is rescanned without doubles, a connection cut in the middle of a FETCH recovers, and a message
too large to hold is reported and left on the server, never blocking the others.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from assistant.channels.imap import RoundResult
from assistant.storage.database import Database
from tests.support.cutting_proxy import CuttingProxy
from tests.support.dovecot import DovecotServer, MailUser
from tests.support.imap import Clock, poller_for, request, server_view, stored_ids, stored_rows, wait_for_rows

pytestmark = pytest.mark.imap


async def run_until_stored(poller, db: Database, count: int, timeout: float) -> list[RoundResult]:
    """Run the poller as `serve` does until `count` messages are stored; the results of its rounds."""
    rounds: list[RoundResult] = []
    real_round = poller.run_round

    async def recording_round(stopping=None) -> RoundResult:
        result = await real_round(stopping)
        rounds.append(result)
        return result

    poller.run_round = recording_round
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    try:
        await wait_for_rows(db, count, timeout=timeout)
    finally:
        stopping.set()
        await asyncio.wait_for(task, 10)
    return rounds


@pytest.mark.slow
async def test_a_backlog_of_1000_drains_in_bounded_rounds_none_lost_none_doubled(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    backlog = [request(number) for number in range(1, 1001)]
    await asyncio.to_thread(dovecot.append_many, mailbox_user, backlog[:500])
    # Half of it was already read by people in their mail client.
    with dovecot.client(mailbox_user) as client:
        client.select_folder("INBOX")
        client.add_flags(client.search()[::2], [b"\\Seen"])
    await asyncio.to_thread(dovecot.append_many, mailbox_user, backlog[500:])
    size = len(backlog[0])
    poller = poller_for(dovecot, mailbox_user, db, max_messages_per_round=100, max_bytes_per_round=40 * size)

    started = time.monotonic()
    rounds = await run_until_stored(poller, db, 1000, timeout=120)
    elapsed = time.monotonic() - started

    ids = await stored_ids(db)
    assert len(ids) == len(set(ids)) == 1000
    assert set(ids) == {f"imap-{number}@example.com" for number in range(1, 1001)}
    working = [result for result in rounds if result.bodies_fetched]
    assert len(working) >= 25  # 40 messages' worth of bytes a round
    assert max(result.bodies_fetched for result in rounds) <= 40
    assert max(result.bytes_fetched for result in rounds) <= 40 * size
    assert set((await asyncio.to_thread(server_view, dovecot, mailbox_user)).values()) == {True}
    print(f"1000-message backlog drained in {elapsed:.1f} s ({db.dialect})")


async def test_a_recreated_folder_is_rescanned_and_nothing_is_lost_or_doubled(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    folder = "Privacy"
    with dovecot.client(mailbox_user) as client:
        client.create_folder(folder)
        validity_before = client.select_folder(folder)[b"UIDVALIDITY"]
    for number in (1, 2, 3):
        dovecot.append(mailbox_user, request(number), folder=folder)
    poller = poller_for(dovecot, mailbox_user, db, folder=folder)
    try:
        assert (await poller.run_round()).stored == 3
        poller.mailbox.close()
        # Someone deletes the folder and recreates it (or the provider migrates it): UIDs restart
        # at 1, so UIDs 1-3 now name other messages; two of them were ingested already.
        await asyncio.sleep(1.1)  # Dovecot derives UIDVALIDITY from the time
        with dovecot.client(mailbox_user) as client:
            client.delete_folder(folder)
            client.create_folder(folder)
            assert client.select_folder(folder)[b"UIDVALIDITY"] != validity_before
        for number in (2, 4, 1, 5):
            dovecot.append(mailbox_user, request(number), folder=folder)
        result = await poller.run_round()
    finally:
        poller.mailbox.close()
    assert (result.stored, result.duplicates) == (2, 2)
    assert await stored_ids(db) == [f"imap-{number}@example.com" for number in (1, 2, 3, 4, 5)]
    assert "scanning it again" in caplog.text


async def test_connection_cut_in_the_middle_of_a_fetch_recovers_and_stores_once(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    scans = request(1, body="Please find my ID attached.\r\n" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY\r\n" * 100_000)
    dovecot.append(mailbox_user, scans)
    dovecot.append(mailbox_user, request(2))
    proxy = CuttingProxy((dovecot.host, dovecot.port), cut_after_bytes=1_000_000).start()
    poller = poller_for(dovecot, mailbox_user, db, port=proxy.port)
    try:
        await run_until_stored(poller, db, 2, timeout=20)
    finally:
        proxy.stop()
    assert proxy.cuts == 1 and proxy.connections >= 2  # cut once, then it reconnected
    assert [row.raw for row in await stored_rows(db)] == [scans, request(2)]
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {scans: True, request(2): True}
    assert "connection dropped while fetching it" in caplog.text


async def test_a_message_larger_than_the_limit_is_reported_left_unseen_and_does_not_block_others(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    big = request(1, body="x" * 5000)
    dovecot.append(mailbox_user, big)
    dovecot.append(mailbox_user, request(2))
    clock = Clock()
    poller = poller_for(dovecot, mailbox_user, db, clock=clock, max_message_bytes=4000)
    try:
        first = await poller.run_round()
        for _ in range(3):  # retried with growing delays, reported once
            clock.advance(3600)
            await poller.run_round()
    finally:
        poller.mailbox.close()
    assert (first.stored, first.failed) == (1, 1)
    assert [row.raw for row in await stored_rows(db)] == [request(2)]
    assert await asyncio.to_thread(server_view, dovecot, mailbox_user) == {big: False, request(2): True}
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "imap.max_message_bytes" in errors[0]


@pytest.mark.slow
async def test_a_50_mb_message_does_not_stall_the_event_loop_or_the_messages_after_it(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database
) -> None:
    line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n"
    scans = request(1, body="Scans of my documents attached.") + line * (50_000_000 // len(line))
    await asyncio.to_thread(dovecot.append, mailbox_user, scans)
    dovecot.append(mailbox_user, request(2))
    longest_gap = 0.0

    async def tick() -> None:  # what the SMTP listener and the console need: a loop that answers
        nonlocal longest_gap
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            longest_gap = max(longest_gap, time.monotonic() - before - 0.01)

    ticker = asyncio.create_task(tick())
    poller = poller_for(dovecot, mailbox_user, db)
    try:
        rounds = await run_until_stored(poller, db, 2, timeout=60)
    finally:
        ticker.cancel()
    assert [len(row.raw) for row in await stored_rows(db)] == [len(scans), len(request(2))]
    assert sum(result.bodies_fetched for result in rounds) == 2
    assert longest_gap < 1.0, f"the event loop stalled {longest_gap:.2f} s"  # it was 3 s before the fixes
    print(f"50 MB message: longest event-loop stall {longest_gap * 1000:.0f} ms ({db.dialect})")
