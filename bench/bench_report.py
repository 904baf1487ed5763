"""Benchmark the weekly report on a year of data: 100,000 tickets in a throwaway SQLite database.

Builds the database through the real migrations, bulk-inserts a year of tickets (with their
messages, drafts, events and corrections, in the proportions a busy inbox would have), then
times the report of the newest week: the SQL aggregation alone (target: under 2 s), and the
JSON and HTML forms end to end (the HTML draws the chart).

    python bench/bench_report.py [--tickets 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, insert  # noqa: E402

from assistant.reports.chart import render_chart  # noqa: E402
from assistant.reports.queries import weekly_figures  # noqa: E402
from assistant.reports.render import data_uri, render_html, render_json  # noqa: E402
from assistant.reports.weeks import parse_week  # noqa: E402
from assistant.storage.database import Database  # noqa: E402
from assistant.storage.models import Correction, Draft, Event, Message, Ticket  # noqa: E402
from intents.types import LABELS  # noqa: E402

ZONE = "Europe/Paris"
WEEK = "2026-W47"
TARGET_SECONDS = 2.0
PRIMARY_WEIGHTS = {"access": 22, "deletion": 25, "opt_out": 20, "complaint": 6, "rectification": 6,
                   "portability": 2, "objection": 4, "question": 8, "other": 7}
NOISE_RULES = ("auto-submitted", "precedence", "mailer-daemon", "null-sender", "mailing-list")
RAW = b"From: someone@example.org\r\nSubject: a request\r\n\r\n" + b"x" * 1500 + b"\r\n"


def build_rows(count: int, end: datetime, rng: random.Random) -> dict[str, list[dict]]:
    """A year of activity ending at `end`, as rows for bulk insert."""
    rows: dict[str, list[dict]] = {"tickets": [], "messages": [], "drafts": [], "events": [], "corrections": []}
    labels, weights = list(PRIMARY_WEIGHTS), list(PRIMARY_WEIGHTS.values())
    start = end - timedelta(days=365)
    span = (end - start).total_seconds()
    for ticket_id in range(1, count + 1):
        received = start + timedelta(seconds=rng.random() * span)
        noise = rng.random() < 0.08
        primary = None if noise else rng.choices(labels, weights)[0]
        intents = [] if noise else [primary]
        if primary not in (None, "other") and rng.random() < 0.2:
            intents.append(rng.choice([label for label in LABELS if label not in (primary, "other")]))
        answered = not noise and rng.random() < 0.9
        approved_at = received + timedelta(hours=rng.lognormvariate(3.2, 0.9)) if answered else None
        status = "noise" if noise else ("answered" if answered and approved_at < end else "awaiting_approval")
        rows["tickets"].append(dict(
            id=ticket_id, reference=f"PRV-{ticket_id:07d}", requester=f"r{ticket_id}@example.org",
            requester_name="", subject="", channel=rng.choice(("email", "email", "pipe", "imap", "chat")),
            status=status, intents=intents, primary=primary, language=rng.choice(("en", "fr", "fr")), scores={},
            needs_review=not noise and rng.random() < 0.1, review_reasons=[], entities={},
            noise_rule=rng.choice(NOISE_RULES) if noise else None, received_at=received,
            due_at=received + timedelta(days=30), created_at=received, updated_at=received))
        rows["messages"].append(dict(
            channel="email", envelope_recipients=[], raw=RAW, message_id=f"m{ticket_id}@example.org",
            message_id_derived=False, content_hash=f"{ticket_id:064x}", received_at=received, state="processed",
            attempts=1, ticket_id=ticket_id, attachments=[], defects=[],
            noise_rule=rows["tickets"][-1]["noise_rule"]))
        rows["events"].append(dict(ticket_id=ticket_id, actor="system", at=received, kind="ticket_opened",
                                   detail="status awaiting_approval"))
        if noise:
            continue
        edited = rng.random() < 0.3
        drafts = 2 if rng.random() < 0.1 else 1
        for number in range(drafts):
            last = number == drafts - 1
            decided = approved_at if (last and answered) else received + timedelta(hours=2)
            rows["drafts"].append(dict(
                ticket_id=ticket_id, status=("sent" if answered else "pending") if last else "rejected",
                language="en", intents=intents, subject="Re: your request", body="Body." + (" Edited." * edited),
                html="", original_body="Body.", message_id=f"d{ticket_id}-{number}@sodepac.com", created_at=received,
                decided_at=decided if (answered or not last) else None))
            rows["events"].append(dict(ticket_id=ticket_id, actor="system", at=received, kind="draft_created",
                                       detail="draft"))
        if answered:
            rows["events"].append(dict(ticket_id=ticket_id, actor="staff", at=approved_at, kind="draft_approved",
                                       detail="draft"))
            rows["events"].append(dict(ticket_id=ticket_id, actor="staff", at=approved_at, kind="status_changed",
                                       detail="awaiting_approval -> open"))
        elif rng.random() < 0.3:
            rows["events"].append(dict(ticket_id=ticket_id, actor="staff", at=received + timedelta(days=3),
                                       kind="status_changed", detail="awaiting_approval -> closed"))
        if rows["tickets"][-1]["needs_review"]:
            rows["events"].append(dict(ticket_id=ticket_id, actor="system", at=received, kind="needs_review",
                                       detail="low confidence"))
        if rng.random() < 0.04:
            corrected = rng.choice([label for label in labels if label != primary])
            rows["corrections"].append(dict(ticket_id=ticket_id, predicted_intents=intents, predicted_primary=primary,
                                            intents=[corrected], primary=corrected, by="staff",
                                            at=received + timedelta(hours=5)))
    return rows


async def migrate(url: str) -> None:
    db = Database(url)
    await db.migrate()
    await db.close()


def bulk_insert(path: Path, rows: dict[str, list[dict]]) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        for model in (Ticket, Message, Draft, Event, Correction):
            table = model.__table__
            batch = rows[table.name]
            for offset in range(0, len(batch), 20_000):
                connection.execute(insert(table), batch[offset:offset + 20_000])
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()


async def time_report(url: str, runs: int) -> dict[str, list[float]]:
    week = parse_week(WEEK, ZONE)
    timings: dict[str, list[float]] = {"figures": [], "json": [], "html": []}
    db = Database(url)
    try:
        for _ in range(runs):
            began = time.perf_counter()
            figures = await weekly_figures(db, week)
            timings["figures"].append(time.perf_counter() - began)
            render_json(figures)
            timings["json"].append(time.perf_counter() - began)
            render_html(figures, chart_src=data_uri(render_chart(figures)))
            timings["html"].append(time.perf_counter() - began)
    finally:
        await db.close()
    print(f"  week {WEEK}: {figures.opened} opened, {figures.answered} answered, {figures.overdue} overdue, "
          f"{figures.noise} noise, median {figures.median_hours_to_reply:.1f} h")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report-bench.db"
    path.unlink(missing_ok=True)
    url = f"sqlite+aiosqlite:///{path}"

    began = time.perf_counter()
    asyncio.run(migrate(url))
    end = parse_week(WEEK, ZONE).end + timedelta(days=1)
    rows = build_rows(args.tickets, end.astimezone(UTC), random.Random(47))
    bulk_insert(path, rows)
    size = path.stat().st_size / 1e6
    print(f"built {len(rows['tickets']):,} tickets, {len(rows['messages']):,} messages, "
          f"{len(rows['drafts']):,} drafts, "
          f"{len(rows['events']):,} events, {len(rows['corrections']):,} corrections over a year "
          f"in {time.perf_counter() - began:.1f} s ({size:.0f} MB, {path})")

    timings = asyncio.run(time_report(url, args.runs))
    for name, label in (("figures", "SQL aggregation"), ("json", "report --format json"),
                        ("html", "report --format html (with chart)")):
        values = timings[name]
        print(f"  {label:<36} first {values[0]:.3f} s, median {statistics.median(values):.3f} s "
              f"over {len(values)} runs")
    worst = max(timings["figures"])
    verdict = "OK" if worst < TARGET_SECONDS else "TOO SLOW"
    print(f"target: SQL aggregation under {TARGET_SECONDS:.0f} s on SQLite: worst {worst:.3f} s -> {verdict}")
    if not args.keep:
        for suffix in ("", "-wal", "-shm", ".migrate-lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        folder.rmdir()
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
