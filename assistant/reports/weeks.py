"""ISO weeks as instants: Monday 00:00 to the next Monday 00:00 in a time zone.

Managers read "last week" on their local calendar: a ticket received at 23:30 on Sunday in
Paris belongs to that week although it is already Sunday 21:30 or 22:30 UTC, and one at
00:30 on Monday to the next. The boundaries are computed in the zone and then converted to
UTC, which keeps the daylight-saving weeks right (they last 167 or 169 hours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


class WeekError(ValueError):
    """A week that cannot be read, said so a person can type a right one."""


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week (ISO 8601 numbering: weeks start on Monday, week 1 holds the first Thursday)."""

    year: int
    number: int
    zone: str

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        """Monday 00:00 local time, as an aware UTC datetime."""
        return _local_midnight(self.monday, self.zone)

    @property
    def end(self) -> datetime:
        """The next Monday 00:00 local time (exclusive), as an aware UTC datetime."""
        return _local_midnight(self.monday + timedelta(days=7), self.zone)

    def shifted(self, weeks: int) -> Week:
        return week_of_date(self.monday + timedelta(weeks=weeks), self.zone)

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


def _local_midnight(day: date, zone: str) -> datetime:
    # Midnight always exists in Europe/Paris (the changes happen at 02:00/03:00); fold=0 picks
    # the first of two if some zone repeats it.
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def parse_week(text: str, zone: str) -> Week:
    """`2026-W47` -> that week in `zone`."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise WeekError(f"week {text!r} is not an ISO week like 2026-W47")
    year, number = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise WeekError(f"{year} has no ISO week {number}") from None
    return Week(year, number, zone)


def week_of_date(day: date, zone: str) -> Week:
    year, number, _ = day.isocalendar()
    return Week(year, number, zone)


def week_of(instant: datetime, zone: str) -> Week:
    """The week an instant falls in, read on the local calendar of `zone`."""
    return week_of_date(instant.astimezone(ZoneInfo(zone)).date(), zone)


def last_complete_week(now: datetime, zone: str) -> Week:
    """The week before the one `now` falls in: the newest week that has ended."""
    return week_of(now, zone).shifted(-1)
