"""`serve` runs retention once a day, whatever the number of `serve` processes on one database.

Each tick (hourly) works out today's date in the service's time zone and claims it by inserting
its `RetentionRun` row: the day is unique, so of several processes exactly one wins and runs the
purge; the others find the day taken. The run's figures are kept on the row. If a process dies
mid-run, the purge's batches already committed stay done and the next day's run finishes the
rest (a run only selects what is not yet purged).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from assistant.config import Config
from assistant.privacy.retention import RetentionResult, run_retention
from assistant.reports.mailing import claimant
from assistant.storage.database import Database
from assistant.storage.models import RetentionRun, utcnow

log = logging.getLogger(__name__)

TICK_SECONDS = 3600.0


class RetentionScheduler:
    """The daily retention task of `serve`."""

    def __init__(self, db: Database, config: Config, *, tick_seconds: float = TICK_SECONDS,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db, self.config, self.tick_seconds, self.clock = db, config, tick_seconds, clock
        self.name = claimant()

    def today(self, now: datetime) -> str:
        return now.astimezone(ZoneInfo(self.config.service.timezone)).date().isoformat()

    async def _claim(self, day: str, now: datetime) -> int | None:
        async with self.db.session() as session:
            try:
                async with session.begin():
                    if (await session.execute(select(RetentionRun.id).where(RetentionRun.day == day))).first():
                        return None  # a cheap check first; the unique day decides at the commit
                    run = RetentionRun(day=day, claimed_by=self.name, claimed_at=now)
                    session.add(run)
            except IntegrityError:
                return None
            return run.id

    async def run_due(self) -> RetentionResult | None:
        """Today's run, if this process claims it; None when today's run belongs to another."""
        now = self.clock()
        run_id = await self._claim(self.today(now), now)
        if run_id is None:
            return None
        result = await run_retention(self.db, self.config.retention, now=now)
        async with self.db.session() as session, session.begin():
            await session.execute(update(RetentionRun).where(RetentionRun.id == run_id)
                                  .values(finished_at=self.clock(), summary=result.as_dict()))
        log.info("%s", result.summary())
        return result

    async def run_forever(self, stopping: asyncio.Event) -> None:
        log.info("retention: daily; content of tickets closed %d months ago, noise after %d days",
                 self.config.retention.months, self.config.retention.noise_days)
        while not stopping.is_set():
            try:
                await self.run_due()
            except Exception:  # a failed purge must not stop the service; tomorrow's run does what is left
                log.exception("retention: the daily run failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.tick_seconds)
