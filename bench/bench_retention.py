"""Time the daily retention purge on SQLite: tickets closed long ago, each with its mail, draft,
reply and events, among as many that must be left alone.

    python bench/bench_retention.py [--tickets 20000]

Prints the seconds to purge half of them (the first run after years without retention) and the
seconds a second run takes to find nothing (every later day).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.config import RetentionConfig  # noqa: E402
from assistant.privacy.retention import run_retention  # noqa: E402
from assistant.storage.database import Database  # noqa: E402
from assistant.storage.models import Draft, Event, Message, OutboxItem, Ticket, utcnow  # noqa: E402

RAW = (b"From: Person <person@example.com>\r\nTo: contact-sodepac@sodepac.com\r\nSubject: my data\r\n\r\n"
       + b"Please delete everything you hold about me. " * 40)


def _rows(number: int, old: bool) -> dict[str, list[dict]]:
    now = utcnow()
    closed_at = now - relativedelta(months=40 if old else 2)
    ticket = {"id": number, "reference": f"PRIV-2022-{number:06d}", "requester": f"p{number}@example.com",
              "requester_name": "Person", "subject": "my data", "channel": "email", "status": "closed",
              "intents": ["deletion"], "primary": "deletion", "language": "en", "scores": {}, "needs_review": False,
              "review_reasons": [], "entities": {}, "received_at": closed_at, "due_at": closed_at,
              "closed_at": closed_at, "created_at": closed_at, "updated_at": closed_at}
    message = {"id": number, "channel": "email", "envelope_sender": f"p{number}@example.com", "envelope_recipients": [],
               "raw": RAW, "message_id": f"m{number}@example.com", "content_hash": f"{number:064d}",
               "received_at": closed_at, "state": "processed", "ticket_id": number,
               "from_address": f"p{number}@example.com", "subject": "my data", "body_text": RAW.decode(),
               "new_text": RAW.decode(), "attachments": [], "defects": [], "attempts": 1, "message_id_derived": False}
    draft = {"id": number, "ticket_id": number, "status": "sent", "language": "en", "intents": ["deletion"],
             "subject": "Re: my data", "body": "Dear Person, done." * 20, "html": "", "original_body": "Dear",
             "message_id": f"d{number}@sodepac.com", "created_at": closed_at, "decided_by": "ada"}
    outbox = {"id": number, "kind": "reply", "ticket_id": number, "draft_id": number,
              "message_id": f"d{number}@sodepac.com", "sender": "contact-sodepac@sodepac.com",
              "recipients": [f"p{number}@example.com"], "raw": RAW, "state": "sent", "attempts": 1,
              "next_attempt_at": closed_at, "created_at": closed_at}
    events = [{"ticket_id": number, "actor": "ada", "at": closed_at, "kind": kind, "detail": detail}
              for kind, detail in (("ticket_opened", "status awaiting_approval"), ("draft_approved", "draft #1"),
                                   ("status_changed", "answered -> closed: settled by phone"))]
    return {"tickets": [ticket], "messages": [message], "drafts": [draft], "outbox": [outbox], "events": events}


async def seed(db: Database, count: int) -> None:
    tables = {"tickets": Ticket, "messages": Message, "drafts": Draft, "outbox": OutboxItem, "events": Event}
    for start in range(1, count + 1, 5000):
        batch: dict[str, list[dict]] = {name: [] for name in tables}
        for number in range(start, min(start + 5000, count + 1)):
            for name, rows in _rows(number, old=number % 2 == 0).items():
                batch[name] += rows
        async with db.session() as session, session.begin():
            for name, model in tables.items():
                await session.execute(model.__table__.insert(), batch[name])


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
        await db.migrate()
        await seed(db, count)
        for label in ("first run", "second run"):
            started = time.perf_counter()
            result = await run_retention(db, RetentionConfig(), now=utcnow())
            elapsed = time.perf_counter() - started
            print(f"{label}: purged {len(result.tickets):,} of {count:,} closed tickets in {elapsed:.2f} s "
                  f"({result.counts.as_dict()})")
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().tickets))
