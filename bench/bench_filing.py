"""Filing alone: what a stored message costs `serve` once it has been read.

    python bench/bench_filing.py [--messages 320] [--dump FILE] [--profile]

Stores `--messages` bench requests (`bench_intake.request`: 2-3 KB, every one from a new sender) in
a throwaway SQLite database, reads them all first (in a thread, not measured), then files them in
the pipeline's batches of 32 exactly as `serve` does after its reading process has read them. Prints
filing messages/s (wall clock), this process's CPU a message, and the SQL statements a filed
message costs, by kind. Issue 16's drain target is 300 msg/s for the whole pipeline; this isolates
the part that runs in `serve`.

`--dump FILE` writes the tickets, drafts, events, revisions and message rows it produced, to
compare two versions of the filing code byte for byte (the output must not change when only the
speed should). `--profile` prints a cProfile of the filing, by cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import request
from sqlalchemy import event, select

from assistant.config import parse_config
from assistant.intake import accept_one, incoming
from assistant.pipeline.reading import ThreadReader
from assistant.pipeline.runner import BATCH_SIZE, file_batch, read_batch
from assistant.pipeline.tools import build_tools
from assistant.storage.database import Database
from assistant.storage.models import Draft, DraftRevision, Event, Message, Ticket


async def store(db: Database, count: int) -> list[int]:
    for number in range(count):
        await accept_one(db, await incoming(request(number, "filing"), channel="email",
                                            envelope_sender=f"p{number}@example.com",
                                            envelope_recipients=["contact-sodepac@sodepac.com"]))
    async with db.session() as session:
        return list((await session.execute(select(Message.id).order_by(Message.id))).scalars())


async def dump(db: Database, path: Path) -> None:
    """The rows filing wrote, in id order, without the timestamps a second run cannot repeat."""
    async with db.session() as session:
        async def rows(model, *columns):
            return [[str(getattr(row, column)) for column in columns]
                    for row in (await session.execute(select(model).order_by(model.id))).scalars()]
        written = {
            "tickets": await rows(Ticket, "reference", "status", "stage", "version", "intents", "primary",
                                  "needs_review", "review_reasons", "entities"),
            "drafts": await rows(Draft, "ticket_id", "status", "body", "intents"),
            "events": await rows(Event, "ticket_id", "actor", "kind", "detail"),
            "revisions": await rows(DraftRevision, "draft_id", "ticket_id", "ticket_version", "body"),
            "messages": await rows(Message, "id", "state", "ticket_id", "intents", "primary", "thread_rule",
                                   "noise_rule", "decision_rule"),
        }
    path.write_text(json.dumps(written, ensure_ascii=False, indent=0), encoding="utf-8")


async def main(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-filing-"))
    url = f"sqlite+aiosqlite:///{folder / 'db.sqlite'}"
    config = parse_config({"database": {"url": url}, "pipeline": {"workers": 0}}, base_dir=folder)
    db = Database(url)
    await db.migrate()
    tools = await asyncio.to_thread(build_tools, config)
    message_pks = await store(db, args.messages)
    reader = ThreadReader(tools)
    await read_batch(db, reader, message_pks[:1])  # warm up the model's caches on one message
    reading_wall, reading_cpu = time.perf_counter(), time.process_time()
    read = [await read_batch(db, reader, message_pks[at:at + BATCH_SIZE])
            for at in range(0, len(message_pks), BATCH_SIZE)]
    reading_wall, reading_cpu = time.perf_counter() - reading_wall, time.process_time() - reading_cpu

    statements: Counter[str] = Counter()

    def count(_connection, _cursor, statement, _parameters, _context, _executemany) -> None:
        statements[" ".join(statement.split()[:3])[:50]] += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    profile = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    if args.profile:
        profile.enable()
    for batch in read:
        await file_batch(db, tools, batch)
    profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    event.remove(db.engine.sync_engine, "before_cursor_execute", count)

    filed = len(message_pks)
    print(f"read {filed} messages (what a reading process does: MIME, classifier, entities): "
          f"{filed / reading_wall:,.0f} msg/s by the wall clock, {1000 * reading_cpu / filed:.2f} ms of CPU a message")
    print(f"filed {filed} messages in batches of {BATCH_SIZE}: {filed / wall:,.0f} msg/s by the wall clock, "
          f"{1000 * cpu / filed:.2f} ms of this process's CPU a message")
    print(f"SQL statements a filed message: {sum(statements.values()) / filed:.2f}")
    for kind, number in statements.most_common(12):
        print(f"  {number / filed:6.2f}  {kind}")
    if args.dump:
        await dump(db, args.dump)
        print(f"rows written to {args.dump}")
    if args.profile:
        pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(40)
    await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=320)
    parser.add_argument("--dump", type=Path, help="write the rows filing produced to this JSON file")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the filing")
    asyncio.run(main(parser.parse_args()))
