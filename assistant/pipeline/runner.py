"""Runs stored messages through the pipeline, each exactly once, resumably.

Messages go through in batches. Reading steps are CPU work and run off the event loop, in a
thread or in reading processes (`reading.py`), the classifier over the whole batch at once;
the next batches are read while one is filed. Filing steps run in ONE transaction
per batch that claims its messages in one statement (stored -> processed): a crash anywhere rolls
everything back and leaves the messages `stored` for the next start, and two workers can never
both file one. The rows the steps add are written together by one flush at the end of the batch
(`storage/batching.py`: about one SQL statement a message instead of twelve). A message that
makes a step fail is set `failed` with its reason and the name of the step (`failed_step`), its
raw bytes kept, for `privacy-assistant messages retry` (Mailman's shunt queue: a person sees where
it broke).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.pipeline.reading import Reader, StepFailed, ThreadReader
from assistant.pipeline.steps.acknowledge import acknowledge_request
from assistant.pipeline.steps.circumstances import weigh_circumstances
from assistant.pipeline.steps.draft import draft_reply
from assistant.pipeline.steps.identity import prove_sender
from assistant.pipeline.steps.record import record_message
from assistant.pipeline.steps.suppress import suppress_marketing
from assistant.pipeline.steps.thread import find_thread, read_senders_tickets
from assistant.pipeline.steps.ticket import file_into_ticket
from assistant.storage.batching import begin_batch
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.storage.states import MessageState
from assistant.tickets.audit import record_event

log = logging.getLogger(__name__)

FILING_STEPS = (find_thread, prove_sender, file_into_ticket, weigh_circumstances, suppress_marketing, draft_reply,
                record_message, acknowledge_request)
# Run once for the batch's claimed messages, before the filing steps: one query instead of one a message.
BATCH_STEPS = (read_senders_tickets,)
BATCH_SIZE = 32


@dataclass(frozen=True)
class Outcome:
    message_pk: int
    state: str  # processed | failed | skipped (another worker had it) | deferred (database busy)
    ticket_reference: str | None = None
    detail: str = ""


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


@dataclass
class ReadBatch:
    """A batch read and not yet filed: what was read, what failed, which ids were no longer stored."""

    message_pks: list[int]
    contexts: list[MessageContext]
    failures: dict[int, Exception]


async def read_batch(db: Database, reader: Reader, message_pks: list[int]) -> ReadBatch:
    """Load the stored rows of a batch and read them (in a thread or a reading process)."""
    async with db.session() as session:
        rows = {row.id: row for row in (await session.execute(
            select(Message).where(Message.id.in_(message_pks), Message.state == MessageState.STORED))).scalars()}
    contexts = _contexts(rows[pk] for pk in message_pks if pk in rows)
    contexts, failures = await reader.read(contexts) if contexts else (contexts, {})
    return ReadBatch(message_pks, contexts, failures)


async def file_batch(db: Database, tools: PipelineTools, batch: ReadBatch) -> list[Outcome]:
    """File what was read in one transaction; set `failed` what could not be read."""
    read = {ctx.message_pk for ctx in batch.contexts}
    outcomes = {pk: Outcome(pk, "skipped") for pk in batch.message_pks if pk not in read}
    for pk, error in batch.failures.items():
        outcomes[pk] = await _fail(db, pk, error)
    readable = [ctx for ctx in batch.contexts if ctx.message_pk not in batch.failures]
    outcomes.update((outcome.message_pk, outcome) for outcome in await _file_batch(db, tools, readable))
    return [outcomes[pk] for pk in batch.message_pks]


async def process_batch(db: Database, tools: PipelineTools, message_pks: list[int],
                        reader: Reader | None = None) -> list[Outcome]:
    """Read a batch in one call (batched classification), then file it in one transaction."""
    return await file_batch(db, tools, await read_batch(db, reader or ThreadReader(tools), message_pks))


async def process_next_batch(db: Database, tools: PipelineTools, limit: int = BATCH_SIZE,
                             reader: Reader | None = None) -> list[Outcome]:
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
            contexts, failures = await (reader or ThreadReader(tools)).read(_contexts(rows)) if rows else ([], {})
            readable = [ctx for ctx in contexts if ctx.message_pk not in failures]
            unfiled = [_unfiled(ctx) for ctx in readable]
            outcomes = await _file_in(session, tools, readable)
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
            outcomes = await _file_in(session, tools, contexts)
    except Exception as error:
        log.info("a batch of %s messages is filed one by one after %s", len(contexts), type(error).__name__)
        return [await _file(db, tools, ctx) for ctx in unfiled]
    for outcome in outcomes:
        _log_filed(outcome, contexts)
    return outcomes


async def _file(db: Database, tools: PipelineTools, ctx: MessageContext) -> Outcome:
    try:
        async with db.session() as session, session.begin():
            [outcome] = await _file_in(session, tools, [ctx])
    except (OperationalError, DBAPIError) as error:
        log.warning("database busy while filing message %s, will retry: %s", ctx.message_pk, error)
        return Outcome(ctx.message_pk, "deferred", detail=str(error))
    except Exception as error:
        return await _fail(db, ctx.message_pk, error)
    _log_filed(outcome, [ctx])
    return outcome


async def _file_in(session: AsyncSession, tools: PipelineTools, contexts: list[MessageContext]) -> list[Outcome]:
    """Claim the messages (stored -> processed) in one statement and file those claimed, in the caller's
    transaction: only the ids the claim returns are filed, so another worker's are never filed twice.

    The rows the steps add are written together by one flush at the end (`storage/batching.py`)."""
    if not contexts:
        return []
    claimed = set((await session.execute(
        update(Message).where(Message.id.in_([ctx.message_pk for ctx in contexts]),
                              Message.state == MessageState.STORED)
        .values(state=MessageState.PROCESSED, attempts=Message.attempts + 1).returning(Message.id))).scalars())
    begin_batch(session)  # the claim holds SQLite's write lock until the commit
    filed = [ctx for ctx in contexts if ctx.message_pk in claimed]
    for prepare in BATCH_STEPS:
        await prepare(filed, session, tools)
    outcomes = []
    for ctx in contexts:
        if ctx.message_pk not in claimed:
            outcomes.append(Outcome(ctx.message_pk, "skipped"))
            continue
        await file_message(ctx, session, tools)
        outcomes.append(Outcome(ctx.message_pk, MessageState.PROCESSED, ctx.ticket.reference if ctx.ticket else None))
    await _write(session)
    return outcomes


async def _write(session: AsyncSession) -> None:
    """The batch's one flush; a row the database cannot take fails like a step, a busy database defers."""
    try:
        await session.flush()
    except (OperationalError, DBAPIError):
        raise
    except Exception as error:
        raise StepFailed("write", error) from error


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


async def pending_message_ids(db: Database, limit: int = 100, *, after: int = 0) -> list[int]:
    """The oldest stored messages (above id `after`): what the pipeline has still to file."""
    async with db.session() as session:
        return list((await session.execute(
            select(Message.id).where(Message.state == MessageState.STORED, Message.id > after)
            .order_by(Message.id).limit(limit)
        )).scalars())


class PipelineWorker:
    """Processes what is stored, woken by the channels in this process or by polling for others."""

    def __init__(self, db: Database, tools: PipelineTools, reader: Reader | None = None) -> None:
        self.db = db
        self.tools = tools
        self.reader = reader or ThreadReader(tools)
        self._wakeup = asyncio.Event()

    def notify(self) -> None:
        self._wakeup.set()

    async def run_pending(self) -> list[Outcome]:
        if self.db.dialect == "postgresql":
            return await self._run_claimed()
        return await self._read_ahead()  # SQLite: one writer at a time, the state claim keeps it exactly once

    async def _read_ahead(self) -> list[Outcome]:
        """File each batch while the next ones are read: with reading processes, both cores work.

        The backlog is fetched four batches at a time, above the last id taken, as the reading needs
        them: reading goes on across fetches instead of waiting for each fetch to be filed.
        """
        ahead = max(1, self.tools.config.pipeline.workers)
        reading: list[asyncio.Future[ReadBatch]] = []
        queued: list[list[int]] = []
        last_taken, exhausted = 0, False
        outcomes: list[Outcome] = []

        async def read_more() -> None:
            nonlocal queued, last_taken, exhausted
            while len(reading) < ahead and not exhausted:
                if not queued:
                    pending = await pending_message_ids(self.db, limit=4 * BATCH_SIZE, after=last_taken)
                    exhausted = not pending
                    queued = [pending[at:at + BATCH_SIZE] for at in range(0, len(pending), BATCH_SIZE)]
                    last_taken = pending[-1] if pending else last_taken
                    continue
                reading.append(asyncio.ensure_future(read_batch(self.db, self.reader, queued.pop(0))))

        try:
            await read_more()
            while reading:
                read = await reading.pop(0)
                await read_more()  # the next batches are read while this one is filed
                outcomes += await file_batch(self.db, self.tools, read)
            return outcomes
        finally:
            for unfiled in reading:  # an error stopped the round: what was being read stays stored
                unfiled.cancel()

    async def _run_claimed(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        while batch := await process_next_batch(self.db, self.tools, reader=self.reader):
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
