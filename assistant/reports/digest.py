"""The daily digest: what falls due within 7 days and what is overdue, by stage, to `[digest] recipients`.

A deadline missed is a breach of GDPR Art. 12(3); the digest puts the next ones in front of
the team every morning. Like the weekly report it holds references, stages and dates, never
names or message text. Each day is claimed in the database with the weekly report's mechanism
(`mailing.claim_and_queue`), so it goes out once even with several `serve` processes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.reports.mailing import automatic_mail, claim_and_queue, claimant, claimed_run, message_domain
from assistant.reports.schedule import tick_forever
from assistant.storage.database import Database
from assistant.storage.models import Ticket, utcnow
from assistant.tickets.clock import is_overdue
from assistant.tickets.stages import FINISHED_STAGES, Stage

log = logging.getLogger(__name__)

HORIZON = timedelta(days=7)
TICK_SECONDS = 60.0


@dataclass(frozen=True)
class DigestLine:
    reference: str
    stage: str
    intents: list[str]
    due_at: datetime
    overdue: bool
    paused: bool


async def digest_lines(session: AsyncSession, now: datetime) -> list[DigestLine]:
    """Unfinished tickets due before now + 7 days, earliest first (paused ones shown as such)."""
    rows = (await session.execute(
        select(Ticket).where(Ticket.stage.not_in([str(stage) for stage in FINISHED_STAGES]),
                             Ticket.due_at < now + HORIZON).order_by(Ticket.due_at, Ticket.id))).scalars()
    return [DigestLine(ticket.reference or f"#{ticket.id}", ticket.stage, list(ticket.intents), ticket.due_at,
                       is_overdue(ticket, now), ticket.paused_since is not None) for ticket in rows]


def render_digest(lines: list[DigestLine], day: date, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    overdue = [line for line in lines if line.overdue]
    soon = [line for line in lines if not line.overdue]
    out = [f"Privacy requests on {day:%A %d %B %Y}: {len(overdue)} overdue, {len(soon)} due within 7 days.", ""]
    for title, group in (("OVERDUE (GDPR Art. 12(3) deadline passed)", overdue), ("Due within 7 days", soon)):
        if not group:
            continue
        out.append(title)
        for stage in Stage:
            in_stage = [line for line in group if line.stage == stage]
            if not in_stage:
                continue
            out.append(f"  {stage.replace('_', ' ')} ({len(in_stage)})")
            for line in in_stage:
                note = " (paused: waiting for the requester)" if line.paused else ""
                out.append(f"    {line.reference}  due {line.due_at.astimezone(zone):%d %b %H:%M}  "
                           f"{', '.join(line.intents) or '-'}{note}")
        out.append("")
    if not lines:
        out.append("Nothing is overdue or due within 7 days.")
    out.append("Open the console or run `privacy-assistant tickets list` for the details.")
    return "\n".join(out) + "\n"


def digest_time(day: date, config: Config) -> datetime:
    hours, minutes = (int(part) for part in config.digest.time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(config.service.timezone)).astimezone(UTC)


async def queue_digest(db: Database, config: Config, day: date, *, now: datetime,
                       claimed_by: str | None = None) -> int | None:
    """Claim `day` and queue its digest; the outbox id, or None if that day was already sent."""
    label = day.isoformat()
    if await claimed_run(db, label) is not None:
        return None
    async with db.session() as session:
        lines = await digest_lines(session, now)
    overdue = sum(line.overdue for line in lines)
    message, message_id = automatic_mail(
        sender=config.outbound.from_address, recipients=list(config.digest.recipients), domain=message_domain(config),
        subject=f"Privacy requests {label}: {overdue} overdue, {len(lines) - overdue} due within 7 days",
        date=now, idstring="digest")
    message.set_content(render_digest(lines, day, config.service.timezone), charset="utf-8")
    return await claim_and_queue(db, label=label, kind="digest", claimed_by=claimed_by or claimant(), now=now,
                                 message=message, message_id=message_id, sender=config.outbound.from_address,
                                 recipients=list(config.digest.recipients))


class DigestScheduler:
    """The daily digest task of `serve`: today's digest once its time has passed (no catching up)."""

    def __init__(self, db: Database, config: Config, *, tick_seconds: float = TICK_SECONDS,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db, self.config, self.tick_seconds, self.clock = db, config, tick_seconds, clock
        self.name = claimant()

    async def send_due(self) -> int | None:
        now = self.clock()
        today = now.astimezone(ZoneInfo(self.config.service.timezone)).date()
        if now < digest_time(today, self.config):
            return None
        return await queue_digest(self.db, self.config, today, now=now, claimed_by=self.name)

    async def run_forever(self, stopping: asyncio.Event) -> None:
        log.info("daily digest: %s (%s) to %s", self.config.digest.time, self.config.service.timezone,
                 ", ".join(self.config.digest.recipients))
        await tick_forever(stopping, self.send_due, self.tick_seconds, "daily digest")
