"""Time the console's queue query at 100,000 tickets on SQLite.

Seeds a throwaway database (a quarter awaiting approval, the rest open, a few closed; some
French, some needing review), then times, for the first, a middle and the last page, with and
without filters: the query staff wait for on every visit to the queue.

    python bench/bench_console.py [--tickets 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.storage.database import Database  # noqa: E402
from assistant.storage.models import Ticket, utcnow  # noqa: E402
from assistant.web.ticket_queue import QueueFilters, queue_page  # noqa: E402


async def seed(db: Database, count: int) -> None:
    now = utcnow()
    statuses = ("awaiting_approval", "open", "open", "open", "closed")
    batch = []
    for number in range(1, count + 1):
        batch.append({
            "reference": f"PRIV-2026-{number:06d}", "requester": f"person{number}@example.com",
            "requester_name": f"Person {number}", "subject": f"request number {number}", "channel": "email",
            "status": statuses[number % len(statuses)], "intents": ["deletion"] if number % 3 else ["access"],
            "primary": "deletion" if number % 3 else "access", "language": "fr" if number % 7 == 0 else "en",
            "scores": {}, "needs_review": number % 11 == 0, "review_reasons": [], "entities": {},
            "received_at": now, "due_at": now + timedelta(minutes=(number * 7919) % 86_400 - 20_000),
            "created_at": now, "updated_at": now,
        })
        if len(batch) == 10_000:
            async with db.session() as session, session.begin():
                await session.execute(Ticket.__table__.insert(), batch)
            batch = []
    if batch:
        async with db.session() as session, session.begin():
            await session.execute(Ticket.__table__.insert(), batch)


async def main(count: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await db.migrate()
        started = time.perf_counter()
        await seed(db, count)
        print(f"seeded {count:,} tickets in {time.perf_counter() - started:.1f} s")
        cases = [
            ("active, page 1", QueueFilters(), 1),
            ("active, page 1,000", QueueFilters(), 1_000),
            ("active, last page", QueueFilters(), None),
            ("all statuses, last page", QueueFilters(status="all"), None),
            ("intent=access, page 1", QueueFilters(intent="access"), 1),
            ("language=fr + needs_review", QueueFilters(language="fr", needs_review=True), 1),
            ("overdue, page 1", QueueFilters(overdue=True), 1),
            ("search 'person4242'", QueueFilters(search="person4242"), 1),
        ]
        print(f"{'query':<30} {'page':>6} {'rows':>5} {'total':>8} {'median ms':>10} {'max ms':>8}")
        async with db.session() as session:
            for name, filters, page in cases:
                if page is None:
                    page = (await queue_page(session, filters, page=1)).pages
                timings = []
                for _ in range(repeat):
                    begun = time.perf_counter()
                    result = await queue_page(session, filters, page=page)
                    timings.append((time.perf_counter() - begun) * 1000)
                print(f"{name:<30} {page:>6} {len(result.rows):>5} {result.total:>8,} "
                      f"{statistics.median(timings):>10.1f} {max(timings):>8.1f}")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.tickets, arguments.repeat))
