"""The pipeline works by batch (one classifier call, one transaction) and one bad message still fails alone."""

from __future__ import annotations

import asyncio
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from assistant.intake import accept
from assistant.pipeline import runner
from assistant.pipeline.context import PipelineTools
from assistant.pipeline.runner import PipelineWorker
from assistant.storage.database import Database
from assistant.storage.models import Draft, Message, Ticket
from tests.conftest import INBOX

POISON = "poison-customer"


def request(number: int, customer: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = f"person{number}@example.com"
    message["To"] = INBOX
    message["Subject"] = f"Delete my data ({number})"
    message["Message-ID"] = f"<batch-{number}@example.com>"
    message.set_content(f"Hello, please delete my account and all my personal data. {customer or number}")
    return bytes(message)


async def store(db: Database, count: int, poison_at: int | None = None) -> list[int]:
    stored = [await accept(db, request(n, POISON if n == poison_at else ""), channel="email",
                           envelope_sender=f"person{n}@example.com") for n in range(count)]
    return [item.message_pk for item in stored]


async def states(db: Database) -> dict[int, str]:
    async with db.session() as session:
        return dict((await session.execute(select(Message.id, Message.state))).all())


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count(model.id)))).scalar_one()


async def test_a_backlog_drains_each_message_once_with_a_ticket_and_a_draft(db: Database, tools: PipelineTools) -> None:
    pks = await store(db, 40)
    outcomes = await PipelineWorker(db, tools).run_pending()

    assert sorted(outcome.message_pk for outcome in outcomes) == pks
    assert {outcome.state for outcome in outcomes} == {"processed"}
    assert set((await states(db)).values()) == {"processed"}
    assert await count(db, Ticket) == 40 and await count(db, Draft) == 40
    assert len({outcome.ticket_reference for outcome in outcomes}) == 40


async def test_a_message_that_breaks_the_classifier_fails_alone(db: Database, tools: PipelineTools,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    pks = await store(db, 10, poison_at=4)
    real = tools.classifier.classify_many

    def fragile(items: list[tuple[str, str]]):
        if any(POISON in body for _, body in items):
            raise RuntimeError("model exploded")
        return real(items)

    monkeypatch.setattr(tools.classifier, "classify_many", fragile)
    await PipelineWorker(db, tools).run_pending()

    assert [(await states(db))[pk] for pk in pks] == ["processed"] * 4 + ["failed"] + ["processed"] * 5
    assert await count(db, Draft) == 9


async def test_a_message_that_breaks_filing_fails_alone_and_the_batch_is_kept(
        db: Database, tools: PipelineTools, monkeypatch: pytest.MonkeyPatch) -> None:
    pks = await store(db, 10, poison_at=6)

    async def refuse_poison(ctx, session, tools) -> None:
        if POISON in ctx.new_text:
            raise RuntimeError("cannot file this one")

    monkeypatch.setattr(runner, "FILING_STEPS", (*runner.FILING_STEPS, refuse_poison))
    await PipelineWorker(db, tools).run_pending()

    assert [(await states(db))[pk] for pk in pks] == ["processed"] * 6 + ["failed"] + ["processed"] * 3
    assert await count(db, Ticket) == 9 and await count(db, Draft) == 9  # nothing of the failed one kept


async def test_two_workers_on_one_database_share_the_backlog_each_message_once(
        db: Database, tools: PipelineTools, database_url: str) -> None:
    """Two workers with their own engines, as two `serve` processes: 200 messages, each filed exactly once."""
    pks = await store(db, 200)
    other = Database(database_url)
    try:
        first, second = await asyncio.gather(PipelineWorker(db, tools).run_pending(),
                                             PipelineWorker(other, tools).run_pending())
    finally:
        await other.close()

    processed = [[o.message_pk for o in outcomes if o.state == "processed"] for outcomes in (first, second)]
    assert sorted(processed[0] + processed[1]) == pks  # none twice, none skipped
    assert set((await states(db)).values()) == {"processed"}
    assert await count(db, Ticket) == 200 and await count(db, Draft) == 200
    if db.dialect == "postgresql":  # SKIP LOCKED: the second worker takes the next rows instead of waiting
        assert processed[0] and processed[1]


async def test_a_message_whose_rows_cannot_be_written_fails_alone_in_the_write_step(
        db: Database, tools: PipelineTools, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's rows are written by one flush at its end: a row the database driver cannot take
    (here a value JSON cannot encode) fails its message alone, named as the `write` step."""
    pks = await store(db, 10, poison_at=3)

    async def unwritable(ctx, session, tools) -> None:
        if POISON in ctx.new_text:
            ctx.ticket.entities = {"unreadable": object()}

    monkeypatch.setattr(runner, "FILING_STEPS", (*runner.FILING_STEPS, unwritable))
    await PipelineWorker(db, tools).run_pending()

    assert [(await states(db))[pk] for pk in pks] == ["processed"] * 3 + ["failed"] + ["processed"] * 6
    async with db.session() as session:
        failed = await session.get(Message, pks[3])
    assert failed.failed_step == "write" and "not JSON serializable" in failed.error
    assert await count(db, Ticket) == 9 and await count(db, Draft) == 9
