"""Benchmark the IMAP poller: a backlog drained in bounded rounds, and one very large message.

Starts a throwaway Dovecot (the tests' own, so it needs `dovecot-imapd` and `openssl`), APPENDs
a backlog of distinct 2 KB requests, then runs the poller as `serve` does until all are stored
in a throwaway SQLite database. Reports messages per second, rounds, the process's peak memory
(traced Python memory for the large message) and the longest the event loop went unanswered.

    python bench/bench_imap.py [--messages 1000] [--big-mb 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.storage.database import Database  # noqa: E402
from tests.support.dovecot import start_dovecot  # noqa: E402
from tests.support.imap import poller_for, request, stored_ids  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def drain(poller, db: Database, count: int) -> tuple[float, int, float]:
    """Seconds until `count` messages are stored, rounds run, longest event-loop stall (s)."""
    rounds = 0
    real_round = poller.run_round

    async def counting(stopping=None):
        nonlocal rounds
        rounds += 1
        return await real_round(stopping)

    poller.run_round = counting
    longest = 0.0

    async def tick() -> None:
        nonlocal longest
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.01)
            longest = max(longest, time.monotonic() - before - 0.01)

    stopping = asyncio.Event()
    ticker = asyncio.create_task(tick())
    task = asyncio.create_task(poller.run_forever(stopping))
    started = time.monotonic()
    while len(await stored_ids(db)) < count:
        await asyncio.sleep(0.1)
    elapsed = time.monotonic() - started
    stopping.set()
    await task
    ticker.cancel()
    return elapsed, rounds, longest


async def main(messages: int, big_mb: int, database_url: str | None) -> None:
    dovecot = start_dovecot()
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = Database(database_url or f"sqlite+aiosqlite:///{folder}/bench.db")
            await db.migrate()
            user = dovecot.add_user()
            started = time.monotonic()
            dovecot.append_many(user, [request(number) for number in range(1, messages + 1)])
            print(f"appended {messages} messages in {time.monotonic() - started:.1f} s")
            before = peak_rss_mb()
            poller = poller_for(dovecot, user, db, max_messages_per_round=100)
            elapsed, rounds, stall = await drain(poller, db, messages)
            print(f"backlog: {messages} stored in {elapsed:.1f} s ({messages / elapsed:.0f} messages/s), "
                  f"{rounds} rounds, peak RSS {before:.0f} -> {peak_rss_mb():.0f} MB, longest loop stall "
                  f"{stall * 1000:.0f} ms")
            if big_mb:
                user = dovecot.add_user()
                line = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n"
                big = request(messages + 1, body="Scans attached.") + line * (big_mb * 1_000_000 // len(line))
                dovecot.append(user, big)
                del big
                # The RSS peak already holds the bench's own copies of the message: trace the poller's.
                tracemalloc.start()
                poller = poller_for(dovecot, user, db)
                elapsed, _, stall = await drain(poller, db, messages + 1)
                peak = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
                print(f"one {big_mb} MB message: stored in {elapsed:.1f} s, peak Python memory while ingesting it "
                      f"{peak:.0f} MB, longest loop stall {stall * 1000:.0f} ms")
            await db.close()
    finally:
        dovecot.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--big-mb", type=int, default=50)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.messages, arguments.big_mb, arguments.database_url))
