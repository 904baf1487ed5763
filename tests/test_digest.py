"""The daily digest: overdue and soon-due requests by stage, once a day even with several `serve`s."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from assistant.config import Config, DigestConfig
from assistant.reports.digest import DigestScheduler
from assistant.storage.database import Database
from assistant.storage.models import OutboxItem, ReportRun
from assistant.tickets.service import open_ticket

NOW = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)  # 08:30 in Paris, after the 08:00 digest time


async def seed(db: Database) -> dict[str, str]:
    """Tickets due at various times around NOW, in various stages; returns reference -> what it shows."""
    cases = {
        "overdue": (NOW - timedelta(days=2), "in_progress", None),
        "soon": (NOW + timedelta(days=3), "new", None),
        "paused": (NOW + timedelta(days=5), "awaiting_identity", NOW - timedelta(days=1)),
        "later": (NOW + timedelta(days=20), "new", None),
        "done": (NOW - timedelta(days=5), "fulfilled", None),
    }
    references = {}
    async with db.session() as session, session.begin():
        for name, (due, stage, paused_since) in cases.items():
            ticket = await open_ticket(
                session, requester=f"{name}@example.com", requester_name="Secret Person", subject="Secret subject",
                channel="email", status="open", received_at=due - timedelta(days=30), due_at=due,
                intents=["access"], primary="access", language="en", scores={}, needs_review=False,
                review_reasons=[], entities={}, stage=stage)
            ticket.paused_since = paused_since
            await session.flush()
            references[name] = ticket.reference
    return references


def digest_config(config: Config) -> Config:
    return replace(config, digest=DigestConfig(recipients=["dpo@sodepac.com"], time="08:00"))


async def queued_digests(db: Database) -> list[OutboxItem]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxItem).join(ReportRun, ReportRun.outbox_id == OutboxItem.id)
                                           .where(ReportRun.kind == "digest"))).scalars())


async def test_digest_lists_overdue_and_soon_due_by_stage_without_names(db: Database, config: Config) -> None:
    references = await seed(db)
    scheduler = DigestScheduler(db, digest_config(config), clock=lambda: NOW)
    assert await scheduler.send_due() is not None
    [item] = await queued_digests(db)
    mail = message_from_bytes(item.raw, policy=policy.default)
    text = mail.get_body(("plain",)).get_content()
    assert mail["Subject"] == "Privacy requests 2026-11-20: 1 overdue, 2 due within 7 days"
    overdue_part, soon_part = text.split("Due within 7 days")
    assert references["overdue"] in overdue_part and "in progress" in overdue_part
    assert references["soon"] in soon_part and references["paused"] in soon_part and "paused" in soon_part
    assert references["later"] not in text and references["done"] not in text
    assert "Secret" not in text and "@example.com" not in text
    assert item.recipients == ["dpo@sodepac.com"]


async def test_digest_goes_out_once_a_day_even_with_two_processes(db: Database, config: Config) -> None:
    await seed(db)
    first = DigestScheduler(db, digest_config(config), clock=lambda: NOW)
    second = DigestScheduler(db, digest_config(config), clock=lambda: NOW + timedelta(minutes=1))
    results = await asyncio.gather(first.send_due(), second.send_due())
    assert len([result for result in results if result is not None]) == 1
    assert await first.send_due() is None  # a restart the same day sends nothing
    assert len(await queued_digests(db)) == 1
    tomorrow = DigestScheduler(db, digest_config(config), clock=lambda: NOW + timedelta(days=1))
    assert await tomorrow.send_due() is not None


async def test_no_digest_before_its_time(db: Database, config: Config) -> None:
    early = DigestScheduler(db, digest_config(config), clock=lambda: NOW - timedelta(hours=1))  # 07:30 in Paris
    assert await early.send_due() is None
    assert await queued_digests(db) == []
