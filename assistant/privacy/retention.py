"""Storage limitation (GDPR Art. 5(1)(e)) for the assistant itself.

    closed ticket, closed_at older than [retention] months   -> content purged, record kept
    noise ticket, received more than noise_days ago           -> content purged, record kept
    noise message, received more than noise_days ago, in
    no ticket or in a closed one                               -> content purged
    a failed message filed in no ticket, received more
    than [retention] months ago (never retried since)          -> content purged
    every other ticket (awaiting_approval, open, answered)    -> never touched
    a sign-in attempt older than sign_in_days                 -> deleted (a security log, kept that long)
    a sign-in counter with no failure for a day               -> deleted (its wait ended long ago)

A run is idempotent: what was purged carries `content_purged_at` and is not selected again.
Each purged ticket gets a `content_purged` event, and each run one `retention_run` event with
its figures: the audit trail shows when content went, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import RetentionConfig
from assistant.privacy.purge import CONTENT_PURGED, PurgeCounts, purge_messages, purge_tickets, reduce_events
from assistant.storage.database import Database
from assistant.storage.models import Message, SignInAttempt, SignInLimit, Ticket
from assistant.storage.states import MessageState, TicketStatus
from assistant.tickets.audit import record_event

BATCH = 200  # tickets per transaction: a large first run never holds the database for long
MESSAGE_BATCH = 1000
SIGN_IN_COUNTER_AGE = timedelta(days=1)  # far past any wait (`web/sign_in_limits.py`)


class RetentionEvent(StrEnum):
    RUN = "retention_run"


@dataclass(frozen=True)
class Cutoffs:
    closed_before: datetime
    noise_before: datetime

    @classmethod
    def at(cls, now: datetime, retention: RetentionConfig) -> Cutoffs:
        return cls(closed_before=now - relativedelta(months=retention.months),
                   noise_before=now - timedelta(days=retention.noise_days))


@dataclass
class RetentionResult:
    """What a run purged (or, with dry_run, would purge)."""

    cutoffs: Cutoffs
    dry_run: bool
    tickets: list[str] = field(default_factory=list)  # closed tickets, by reference
    noise_tickets: list[str] = field(default_factory=list)
    noise_messages: list[int] = field(default_factory=list)  # noise outside those tickets, by id
    failed_messages: list[int] = field(default_factory=list)  # never filed, by id
    counts: PurgeCounts = field(default_factory=PurgeCounts)
    sign_ins: int = 0  # sign-in log rows and counters deleted (or, with dry_run, that would be)

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "closed_before": self.cutoffs.closed_before.isoformat(),
                "noise_before": self.cutoffs.noise_before.isoformat(), "tickets": self.tickets,
                "noise_tickets": self.noise_tickets, "noise_messages": self.noise_messages,
                "failed_messages": self.failed_messages, "purged": self.counts.as_dict(),
                "sign_ins": self.sign_ins}

    def summary(self) -> str:
        verb = "would purge" if self.dry_run else "purged"
        return (f"retention {verb} {len(self.tickets)} closed ticket(s), {len(self.noise_tickets)} noise "
                f"ticket(s), {len(self.noise_messages)} other noise message(s) and {len(self.failed_messages)} "
                f"failed message(s) never filed")


def _expired_tickets(cutoffs: Cutoffs):
    closed = (Ticket.status == TicketStatus.CLOSED) & (Ticket.closed_at < cutoffs.closed_before)
    noise = (Ticket.status == TicketStatus.NOISE) & (Ticket.received_at < cutoffs.noise_before)
    return (select(Ticket.id, Ticket.reference, Ticket.status)
            .where(Ticket.content_purged_at.is_(None), or_(closed, noise)).order_by(Ticket.id))


def _expired_noise_messages(cutoffs: Cutoffs):
    settled = select(Ticket.id).where(Ticket.status == TicketStatus.CLOSED)  # a noise ticket goes whole, above
    return (select(Message.id).where(
        Message.content_purged_at.is_(None), Message.noise_rule.is_not(None),
        Message.received_at < cutoffs.noise_before,
        or_(Message.ticket_id.is_(None), Message.ticket_id.in_(settled))).order_by(Message.id))


def _expired_failed_messages(cutoffs: Cutoffs):
    return (select(Message.id).where(
        Message.content_purged_at.is_(None), Message.state == MessageState.FAILED, Message.ticket_id.is_(None),
        Message.received_at < cutoffs.closed_before).order_by(Message.id))


async def run_retention(db: Database, retention: RetentionConfig, *, now: datetime, dry_run: bool = False,
                        actor: str = "system") -> RetentionResult:
    """Purge what has expired at `now`, in batches, each batch its own transaction."""
    result = RetentionResult(Cutoffs.at(now, retention), dry_run)
    query = _expired_tickets(result.cutoffs)
    while True:
        async with db.session() as session, session.begin():
            found = (await session.execute(query if dry_run else query.limit(BATCH))).all()
            done = found if dry_run or not found else await _purge_batch(session, found, result, now=now, actor=actor)
            for _, reference, status in done:
                (result.noise_tickets if status == TicketStatus.NOISE else result.tickets).append(reference)
        if dry_run or len(found) < BATCH:
            break
    async with db.session() as session:
        result.noise_messages = list((await session.execute(_expired_noise_messages(result.cutoffs))).scalars())
        result.failed_messages = list((await session.execute(_expired_failed_messages(result.cutoffs))).scalars())
    async with db.session() as session, session.begin():
        result.sign_ins = await _forget_sign_ins(session, now=now, retention=retention, dry_run=dry_run)
    if dry_run:
        return result
    message_ids = result.noise_messages + result.failed_messages
    for start in range(0, len(message_ids), MESSAGE_BATCH):  # a bound list: databases cap a statement's values
        chunk = message_ids[start:start + MESSAGE_BATCH]
        async with db.session() as session, session.begin():
            result.counts.messages += await purge_messages(session, chunk, now=now)
            result.counts.events += await reduce_events(session, ticket_ids=[], message_ids=chunk)
    async with db.session() as session, session.begin():
        record_event(session, actor=actor, kind=RetentionEvent.RUN, detail=result.summary())
    return result


async def _purge_batch(session: AsyncSession, rows: list, result: RetentionResult, *, now: datetime,
                       actor: str) -> list:
    """Purge a batch; returns the rows this run purged, each with its `content_purged` event."""
    counts, stripped = await purge_tickets(session, [row[0] for row in rows], now=now)
    result.counts.add(counts)
    purged = [row for row in rows if row[0] in set(stripped)]
    for ticket_id, _, status in purged:
        why = (f"noise received before {result.cutoffs.noise_before:%Y-%m-%d}" if status == TicketStatus.NOISE
               else f"closed before {result.cutoffs.closed_before:%Y-%m-%d}")
        record_event(session, ticket_id=ticket_id, actor=actor, kind=CONTENT_PURGED, detail=f"retention: {why}")
    return purged


async def _forget_sign_ins(session: AsyncSession, *, now: datetime, retention: RetentionConfig, dry_run: bool) -> int:
    """Sign-in logs name people and addresses: kept `sign_in_days` for investigations, then deleted."""
    expired = [(SignInAttempt, SignInAttempt.at < now - timedelta(days=retention.sign_in_days)),
               (SignInLimit, SignInLimit.last_failure_at < now - SIGN_IN_COUNTER_AGE)]
    if dry_run:
        return sum([(await session.execute(select(func.count()).select_from(table).where(old))).scalar_one()
                    for table, old in expired])
    return sum([(await session.execute(delete(table).where(old))).rowcount or 0 for table, old in expired])
