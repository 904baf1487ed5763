"""Runs stored messages through the pipeline, each exactly once, resumably.

Messages go through in batches. Reading steps are CPU work and run in a thread, off the
event loop, the classifier over the whole batch at once. Filing steps run in ONE transaction
per batch that claims each message (stored -> processed): a crash anywhere rolls everything
back and leaves the messages `stored` for the next start, and two workers can never both file
one. A message that makes a step fail is set `failed` with its reason and the name of the step
(`failed_step`), its raw bytes kept, for `privacy-assistant messages retry` (Mailman's shunt
queue: a person sees where it broke).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.pipeline.steps.acknowledge import acknowledge_request
from assistant.pipeline.steps.checks import check_sender, check_text
from assistant.pipeline.steps.circumstances import weigh_circumstances
from assistant.pipeline.steps.classify import classify, classify_batch, find_entities
from assistant.pipeline.steps.draft import draft_reply
from assistant.pipeline.steps.extract import extract_text
from assistant.pipeline.steps.identity import prove_sender
from assistant.pipeline.steps.noise import detect_machine_mail
from assistant.pipeline.steps.parse import parse
from assistant.pipeline.steps.record import record_message
from assistant.pipeline.steps.suppress import suppress_marketing
from assistant.pipeline.steps.thread import find_thread
from assistant.pipeline.steps.ticket import file_into_ticket
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.storage.states import MessageState
from assistant.tickets.audit import record_event

log = logging.getLogger(__name__)

# Each message through these, then the classifier and entity extraction over the whole batch.
PREPARING_STEPS = (parse, detect_machine_mail, extract_text, check_sender, check_text)
FILING_STEPS = (find_thread, prove_sender, file_into_ticket, weigh_circumstances, suppress_marketing, draft_reply,
                record_message, acknowledge_request)
BATCH_SIZE = 32


class StepFailed(Exception):
    """A step raised: the error, and the name of the step it came from."""

    def __init__(self, step: str, error: Exception) -> None:
        super().__init__(f"{step}: {type(error).__name__}: {error}")
        self.step = step
        self.error = error


@dataclass(frozen=True)
class Outcome:
    message_pk: int
    state: str  # processed | failed | skipped (another worker had it) | deferred (database busy)
    ticket_reference: str | None = None
    detail: str = ""


def read_message(ctx: MessageContext, tools: PipelineTools) -> None:
    failures = read_messages([ctx], tools)
    if failures:
        raise failures[ctx.message_pk]


def read_messages(contexts: list[MessageContext], tools: PipelineTools) -> dict[int, Exception]:
    """The reading steps over a batch; returns the messages that made a step fail, each with its error.

    A message that breaks the batched classification is read again alone, so it fails alone.
    """
    failures: dict[int, Exception] = {}
    for ctx in contexts:
        try:
            for step in PREPARING_STEPS:
                _run_reading(step, ctx, tools)
        except StepFailed as failure:
            failures[ctx.message_pk] = failure
    readable = [ctx for ctx in contexts if ctx.message_pk not in failures]
    try:
        classify_batch(readable, tools)
    except Exception:
        for ctx in readable:
            try:
                _run_reading(classify, ctx, tools)
            except StepFailed as failure:
                failures[ctx.message_pk] = failure
    for ctx in (ctx for ctx in readable if ctx.message_pk not in failures):
        try:
            _run_reading(find_entities, ctx, tools)
        except StepFailed as failure:
            failures[ctx.message_pk] = failure
    return failures


def _run_reading(step: Callable[[MessageContext, PipelineTools], None], ctx: MessageContext,
                 tools: PipelineTools) -> None:
    try:
        step(ctx, tools)
    except Exception as error:
        raise StepFailed(step.__name__, error) from error


async def file_message(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    """The filing steps, in the claiming transaction; a busy database is not a step's failure."""
    for step in FILING_STEPS:
        try:
            await step(ctx, session, tools)
        except (OperationalError, DBAPIError):
            raise
        except Exception as error:
            raise StepFailed(step.__name__, error) from error


async def process_message(db: Database, tools: PipelineTools, message_pk: int) -> Outcome:
    return (await process_batch(db, tools, [message_pk]))[0]


async def process_batch(db: Database, tools: PipelineTools, message_pks: list[int]) -> list[Outcome]:
    """Read a batch in one thread call (batched classification), then file it in one transaction."""
    async with db.session() as session:
        rows = {row.id: row for row in (await session.execute(
            select(Message).where(Message.id.in_(message_pks), Message.state == MessageState.STORED))).scalars()}
    contexts = _contexts(rows[pk] for pk in message_pks if pk in rows)
    failures = await asyncio.to_thread(read_messages, contexts, tools) if contexts else {}
    outcomes = {pk: Outcome(pk, "skipped") for pk in message_pks if pk not in rows}
    for pk, error in failures.items():
        outcomes[pk] = await _fail(db, pk, error)
    readable = [ctx for ctx in contexts if ctx.message_pk not in failures]
    outcomes.update((outcome.message_pk, outcome) for outcome in await _file_batch(db, tools, readable))
    return [outcomes[pk] for pk in message_pks]


async def process_next_batch(db: Database, tools: PipelineTools, limit: int = BATCH_SIZE) -> list[Outcome]:
    """PostgreSQL, several workers: lock the next stored rows with `FOR UPDATE SKIP LOCKED`, read and file
    them in that same transaction. Another process skips the locked rows and takes the next ones, so the
    workers share the backlog without reading a message twice; a crash drops the connection and its locks,
    and the rows are anyone's again at once.
    """
    failures: dict[int, Exception] = {}
    unfiled: list[MessageContext] | None = None
    try:
        async with db.session() as session, session.begin():
            next_stored = (select(Message).where(Message.state == MessageState.STORED).order_by(Message.id)
                           .limit(limit).with_for_update(skip_locked=True))
            rows = (await session.execute(next_stored)).scalars().all()
            contexts = _contexts(rows)
            failures = await asyncio.to_thread(read_messages, contexts, tools) if contexts else {}
            readable = [ctx for ctx in contexts if ctx.message_pk not in failures]
            unfiled = [_unfiled(ctx) for ctx in readable]
            outcomes = [await _file_in(session, tools, ctx) for ctx in readable]
    except Exception as error:
        if unfiled is None:
            raise  # nothing was read: the worker's loop logs it and retries
        log.info("a batch of %s messages is filed one by one after %s", len(unfiled), type(error).__name__)
        outcomes = [await _file(db, tools, ctx) for ctx in unfiled]
    else:
        for outcome in outcomes:
            _log_filed(outcome, readable)
    return outcomes + [await _fail(db, pk, error) for pk, error in failures.items()]


def _contexts(rows: Iterable[Message]) -> list[MessageContext]:
    return [MessageContext(message_pk=row.id, raw=row.raw, channel=row.channel,
                           envelope_sender=row.envelope_sender, received_at=row.received_at) for row in rows]


def _unfiled(ctx: MessageContext) -> MessageContext:
    """A copy to file again from scratch should the batch roll back (filing steps set fields)."""
    return replace(ctx, concerns=list(ctx.concerns))


async def _file_batch(db: Database, tools: PipelineTools, contexts: list[MessageContext]) -> list[Outcome]:
    """The batch's filing in ONE transaction (one fsync instead of one per message).

    Should any message make a step fail, the transaction rolls back whole and each message is
    filed again in its own transaction, so that one fails alone and the others are kept.
    """
    if len(contexts) < 2:
        return [await _file(db, tools, ctx) for ctx in contexts]
    unfiled = [_unfiled(ctx) for ctx in contexts]
    try:
        async with db.session() as session, session.begin():
            outcomes = [await _file_in(session, tools, ctx) for ctx in contexts]
    except Exception as error:
        log.info("a batch of %s messages is filed one by one after %s", len(contexts), type(error).__name__)
        return [await _file(db, tools, ctx) for ctx in unfiled]
    for outcome in outcomes:
        _log_filed(outcome, contexts)
    return outcomes


async def _file(db: Database, tools: PipelineTools, ctx: MessageContext) -> Outcome:
    try:
        async with db.session() as session, session.begin():
            outcome = await _file_in(session, tools, ctx)
    except (OperationalError, DBAPIError) as error:
        log.warning("database busy while filing message %s, will retry: %s", ctx.message_pk, error)
        return Outcome(ctx.message_pk, "deferred", detail=str(error))
    except Exception as error:
        return await _fail(db, ctx.message_pk, error)
    _log_filed(outcome, [ctx])
    return outcome


async def _file_in(session: AsyncSession, tools: PipelineTools, ctx: MessageContext) -> Outcome:
    """Claim the message (stored -> processed) and run the filing steps, in the caller's transaction."""
    claimed = await session.execute(
        update(Message).where(Message.id == ctx.message_pk, Message.state == MessageState.STORED)
        .values(state=MessageState.PROCESSED, attempts=Message.attempts + 1))
    if claimed.rowcount != 1:
        return Outcome(ctx.message_pk, "skipped")
    await file_message(ctx, session, tools)
    return Outcome(ctx.message_pk, MessageState.PROCESSED, ctx.ticket.reference if ctx.ticket else None)


def _log_filed(outcome: Outcome, contexts: list[MessageContext]) -> None:
    if outcome.state != MessageState.PROCESSED:
        return
    ctx = next(ctx for ctx in contexts if ctx.message_pk == outcome.message_pk)
    log.info("message %s filed in %s%s", ctx.message_pk, outcome.ticket_reference,
             f" as noise ({ctx.noise.rule})" if ctx.noise else "")


async def _fail(db: Database, message_pk: int, error: Exception) -> Outcome:
    step, cause = (error.step, error.error) if isinstance(error, StepFailed) else (None, error)
    log.exception("message %s failed in the pipeline (step %s); kept for retry", message_pk, step, exc_info=cause)
    reason = f"{type(cause).__name__}: {cause}"[:2000]
    async with db.session() as session, session.begin():
        await session.execute(update(Message).where(Message.id == message_pk, Message.state == MessageState.STORED)
                              .values(state=MessageState.FAILED, error=reason, failed_step=step,
                                      attempts=Message.attempts + 1))
        record_event(session, message_pk=message_pk, actor="system", kind="message_failed",
                     detail=f"step {step}: {reason}" if step else reason)
    return Outcome(message_pk, MessageState.FAILED, detail=reason)


async def pending_message_ids(db: Database, limit: int = 100) -> list[int]:
    async with db.session() as session:
        return list((await session.execute(
            select(Message.id).where(Message.state == MessageState.STORED).order_by(Message.id).limit(limit)
        )).scalars())


class PipelineWorker:
    """Processes what is stored, woken by the channels in this process or by polling for others."""

    def __init__(self, db: Database, tools: PipelineTools) -> None:
        self.db = db
        self.tools = tools
        self._wakeup = asyncio.Event()

    def notify(self) -> None:
        self._wakeup.set()

    async def run_pending(self) -> list[Outcome]:
        if self.db.dialect == "postgresql":
            return await self._run_claimed()
        outcomes: list[Outcome] = []  # SQLite: one writer at a time, the state claim keeps it exactly once
        while True:
            batch = await pending_message_ids(self.db)
            batch = [pk for pk in batch if pk not in {o.message_pk for o in outcomes}]
            if not batch:
                return outcomes
            for first in range(0, len(batch), BATCH_SIZE):
                outcomes += await process_batch(self.db, self.tools, batch[first:first + BATCH_SIZE])

    async def _run_claimed(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while batch := await process_next_batch(self.db, self.tools):
            outcomes += batch
            if all(outcome.state in ("deferred", "skipped") for outcome in batch):
                break  # the database is busy: the next round retries
        return outcomes

    async def run_forever(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            self._wakeup.clear()
            try:
                await self.run_pending()
            except Exception:
                log.exception("pipeline worker error; retrying shortly")
            waiters = {asyncio.ensure_future(self._wakeup.wait()), asyncio.ensure_future(stopping.wait())}
            _, pending = await asyncio.wait(waiters, timeout=self.tools.config.pipeline.poll_interval,
                                            return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()
