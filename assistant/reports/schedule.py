"""`serve` sends each week's report once, at `[reports] weekday`/`time`, and catches up after downtime.

At start and at every tick the scheduler works out which weeks are due (their send time has
passed) and not yet claimed, and queues them oldest first through `queue_report`, whose claim
in the database makes "once" hold across restarts, crashes and several `serve` processes.
A long outage does not flood the recipients: at most `MAX_CATCH_UP` missed weeks are sent,
older ones are logged. A database that never sent a report starts with the newest due week.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from assistant.config import WEEKDAYS, Config, ReportsConfig
from assistant.reports.mailing import claimant, latest_claimed_week, queue_report
from assistant.reports.weeks import Week, last_complete_week, parse_week
from assistant.storage.database import Database
from assistant.storage.models import utcnow

log = logging.getLogger(__name__)

MAX_CATCH_UP = 4
TICK_SECONDS = 60.0


def send_time(week: Week, reports: ReportsConfig) -> datetime:
    """When `week`'s report is due: the configured day and time of the FOLLOWING week, local time."""
    day = week.monday + timedelta(days=7 + WEEKDAYS.index(reports.weekday.lower()))
    hours, minutes = (int(part) for part in reports.time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(reports.timezone)).astimezone(UTC)


def due_weeks(now: datetime, last_sent: str | None, reports: ReportsConfig) -> tuple[list[Week], list[Week]]:
    """(weeks to send now, oldest first; missed weeks too old to send)."""
    newest = last_complete_week(now, reports.timezone)
    if send_time(newest, reports) > now:
        newest = newest.shifted(-1)
    if last_sent is None:
        return [newest], []
    last = parse_week(last_sent, reports.timezone)
    missing: list[Week] = []
    week = newest
    while week.monday > last.monday:
        missing.append(week)
        week = week.shifted(-1)
    missing.reverse()
    return missing[-MAX_CATCH_UP:], missing[:-MAX_CATCH_UP]


class ReportScheduler:
    """The weekly report task of `serve`."""

    def __init__(self, db: Database, config: Config, *, tick_seconds: float = TICK_SECONDS,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db, self.config, self.tick_seconds, self.clock = db, config, tick_seconds, clock
        self.name = claimant()

    async def send_due(self) -> list[str]:
        """Queue every due, unclaimed week; returns the weeks this process queued."""
        now = self.clock()
        to_send, too_old = due_weeks(now, await latest_claimed_week(self.db), self.config.reports)
        if too_old:
            log.warning("weekly report: %d missed weeks not sent (%s to %s); produce them with "
                        "`privacy-assistant report --week ...`", len(too_old), too_old[0].label, too_old[-1].label)
        queued = []
        for week in to_send:
            result = await queue_report(self.db, self.config, week, claimed_by=self.name, now=now)
            if result is not None:
                queued.append(result.week)
        return queued

    async def run_forever(self, stopping: asyncio.Event) -> None:
        log.info("weekly report: %s %s (%s) to %s", self.config.reports.weekday, self.config.reports.time,
                 self.config.reports.timezone, ", ".join(self.config.reports.recipients))
        await tick_forever(stopping, self.send_due, self.tick_seconds, "weekly report")


async def tick_forever(stopping: asyncio.Event, work: Callable[[], Awaitable[object]], tick_seconds: float,
                       what: str) -> None:
    """Run `work` now and every tick until `stopping`; a failure is logged and the next tick retries,
    so a broken report never stops the service."""
    while not stopping.is_set():
        try:
            await work()
        except Exception:
            log.exception("%s: could not queue it", what)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), tick_seconds)
