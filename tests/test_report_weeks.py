"""ISO weeks read on the Paris calendar, including the weeks the clocks change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.reports.weeks import WeekError, last_complete_week, parse_week, week_of

ZONE = "Europe/Paris"


@pytest.mark.parametrize(("label", "start", "end", "hours"), [
    ("2026-W13", "2026-03-22T23:00", "2026-03-29T22:00", 167),  # clocks forward on Sunday 29 March
    ("2026-W43", "2026-10-18T22:00", "2026-10-25T23:00", 169),  # clocks back on Sunday 25 October
    ("2026-W47", "2026-11-15T23:00", "2026-11-22T23:00", 168),
    ("2026-W53", "2026-12-27T23:00", "2027-01-03T23:00", 168),  # 2026 has 53 ISO weeks
    ("2027-W01", "2027-01-03T23:00", "2027-01-10T23:00", 168),
])
def test_week_runs_from_local_monday_midnight_to_the_next(label: str, start: str, end: str, hours: int) -> None:
    week = parse_week(label, ZONE)
    assert week.start == datetime.fromisoformat(start).replace(tzinfo=UTC)
    assert week.end == datetime.fromisoformat(end).replace(tzinfo=UTC)
    assert week.end - week.start == timedelta(hours=hours)
    assert week.label == label


@pytest.mark.parametrize(("text", "why"), [
    ("2026-47", "not an ISO week"),
    ("2026-W5", "not an ISO week"),
    ("W47", "not an ISO week"),
    ("2025-W53", "2025 has no ISO week 53"),
    ("2026-W00", "2026 has no ISO week 0"),
])
def test_a_week_that_cannot_be_read_is_refused_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(WeekError, match=why):
        parse_week(text, ZONE)


@pytest.mark.parametrize(("instant_utc", "week"), [
    ("2026-03-29T21:30", "2026-W13"),  # Sunday 23:30 in Paris (UTC+2)
    ("2026-03-29T22:30", "2026-W14"),  # Monday 00:30 in Paris
    ("2026-10-25T22:30", "2026-W43"),  # Sunday 23:30 in Paris (UTC+1)
    ("2026-10-25T23:30", "2026-W44"),  # Monday 00:30 in Paris
    ("2027-01-03T22:59", "2026-W53"),
])
def test_an_instant_belongs_to_the_week_of_its_local_date(instant_utc: str, week: str) -> None:
    instant = datetime.fromisoformat(instant_utc).replace(tzinfo=UTC)
    assert week_of(instant, ZONE).label == week
    assert parse_week(week, ZONE).contains(instant)


@pytest.mark.parametrize(("now_utc", "expected"), [
    ("2026-11-22T22:30", "2026-W46"),  # Sunday 23:30 in Paris: W47 has not ended
    ("2026-11-22T23:30", "2026-W47"),  # Monday 00:30 in Paris
    ("2027-01-04T08:00", "2026-W53"),
])
def test_default_week_is_the_last_complete_one(now_utc: str, expected: str) -> None:
    now = datetime.fromisoformat(now_utc).replace(tzinfo=UTC)
    assert last_complete_week(now, ZONE).label == expected
