"""Runs stored messages through the pipeline, each exactly once, resumably.

Reading steps are CPU work and run in a thread, off the event loop. Filing steps run
in ONE transaction that starts by claiming the message (stored -> processed): a crash
anywhere rolls everything back and leaves the message `stored` for the next start, and
two workers can never both file it. A message that makes a step fail is set `failed`
with its reason and the name of the step (`failed_step`), its raw bytes kept, for
`privacy-assistant messages retry` (Mailman's shunt queue: a person sees where it broke).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.pipeline.steps.acknowledge import acknowledge_request
from assistant.pipeline.steps.checks import check_sender, check_text
from assistant.pipeline.steps.circumstances import weigh_circumstances
from assistant.pipeline.steps.classify import classify, find_entities
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

READING_STEPS = (parse, detect_machine_mail, extract_text, check_sender, check_text, classify, find_entities)
FILING_STEPS = (find_thread, prove_sender, file_into_ticket, weigh_circumstances, suppress_marketing, draft_reply,
                record_message, acknowledge_request)


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
    for step in READING_STEPS:
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
    async with db.session() as session:
        row = (await session.execute(select(Message).where(Message.id == message_pk))).scalar_one_or_none()
        if row is None or row.state != MessageState.STORED:
            return Outcome(message_pk, "skipped")
        ctx = MessageContext(message_pk=row.id, raw=row.raw, channel=row.channel,
                             envelope_sender=row.envelope_sender, received_at=row.received_at)
    try:
        await asyncio.to_thread(read_message, ctx, tools)
    except Exception as error:
        return await _fail(db, message_pk, error)
    try:
        async with db.session() as session, session.begin():
            claimed = await session.execute(
                update(Message).where(Message.id == message_pk, Message.state == MessageState.STORED)
                .values(state=MessageState.PROCESSED, attempts=Message.attempts + 1))
            if claimed.rowcount != 1:
                return Outcome(message_pk, "skipped")
            await file_message(ctx, session, tools)
    except (OperationalError, DBAPIError) as error:
        log.warning("database busy while filing message %s, will retry: %s", message_pk, error)
        return Outcome(message_pk, "deferred", detail=str(error))
    except Exception as error:
        return await _fail(db, message_pk, error)
    reference = ctx.ticket.reference if ctx.ticket else None
    log.info("message %s filed in %s%s", message_pk, reference, f" as noise ({ctx.noise.rule})" if ctx.noise else "")
    return Outcome(message_pk, MessageState.PROCESSED, reference)


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
        outcomes: list[Outcome] = []
        while True:
            batch = await pending_message_ids(self.db)
            batch = [pk for pk in batch if pk not in {o.message_pk for o in outcomes}]
            if not batch:
                return outcomes
            for pk in batch:
                outcomes.append(await process_message(self.db, self.tools, pk))

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
