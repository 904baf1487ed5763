"""The weekly report goes out once a week, by itself: on time, after downtime, and across several `serve`s."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from assistant.config import Config, ReportsConfig, parse_config
from assistant.reports.schedule import ReportScheduler, due_weeks, send_time
from assistant.reports.weeks import parse_week
from assistant.storage.database import Database
from assistant.storage.models import OutboxItem, ReportRun
from tests.support.cli import write_config
from tests.support.ports import free_port

PARIS = ZoneInfo("Europe/Paris")
MONDAY_8 = ReportsConfig(recipients=["dpo@sodepac.com"])


def paris(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS).astimezone(UTC)


@pytest.mark.parametrize(("week", "reports", "expected"), [
    ("2026-W47", MONDAY_8, "2026-11-23T08:00"),
    ("2026-W47", ReportsConfig(weekday="Friday", time="17:30"), "2026-11-27T17:30"),
    ("2026-W12", MONDAY_8, "2026-03-23T08:00"),  # before the clocks change: UTC+1
    ("2026-W13", MONDAY_8, "2026-03-30T08:00"),  # after: UTC+2, still 08:00 in Paris
])
def test_report_is_due_on_the_configured_local_day_and_time(week: str, reports: ReportsConfig,
                                                             expected: str) -> None:
    assert send_time(parse_week(week, "Europe/Paris"), reports) == paris(expected)


@pytest.mark.parametrize(("now", "last_sent", "to_send", "too_old"), [
    ("2026-11-23T07:59", "2026-W46", [], []),  # W47's time has not come
    ("2026-11-23T07:59", "2026-W45", ["2026-W46"], []),  # but W46 was missed
    ("2026-11-23T08:00", "2026-W46", ["2026-W47"], []),
    ("2026-11-30T09:00", "2026-W47", ["2026-W48"], []),
    ("2026-11-23T08:00", "2026-W47", [], []),  # already sent: a restart sends nothing
    ("2026-11-23T08:00", None, ["2026-W47"], []),  # a new database starts with the newest week
    ("2026-11-23T08:00", "2026-W40", ["2026-W44", "2026-W45", "2026-W46", "2026-W47"],
     ["2026-W41", "2026-W42", "2026-W43"]),  # a long outage: the last 4 weeks only
    ("2027-01-11T08:00", "2026-W52", ["2026-W53", "2027-W01"], []),
])
def test_due_weeks_catch_up_on_missed_weeks_up_to_four(now: str, last_sent: str | None, to_send: list[str],
                                                       too_old: list[str]) -> None:
    sending, skipped = due_weeks(paris(now), last_sent, MONDAY_8)
    assert [week.label for week in sending] == to_send
    assert [week.label for week in skipped] == too_old


async def _report_rows(db: Database) -> tuple[list[ReportRun], list[OutboxItem]]:
    async with db.session() as session:
        runs = (await session.execute(select(ReportRun).order_by(ReportRun.week))).scalars().all()
        items = (await session.execute(select(OutboxItem).where(OutboxItem.kind == "report"))).scalars().all()
    return list(runs), list(items)


def _config(tmp_path: Path, database_url: str) -> Config:
    return parse_config({"database": {"url": database_url}, "reports": {"recipients": ["dpo@sodepac.com"]}},
                        base_dir=tmp_path)


async def test_two_schedulers_racing_queue_the_week_once(tmp_path: Path, database_url: str, db: Database) -> None:
    config = _config(tmp_path, database_url)
    other = Database(database_url)
    try:
        clock = lambda: paris("2026-11-23T08:05")  # noqa: E731
        first, second = ReportScheduler(db, config, clock=clock), ReportScheduler(other, config, clock=clock)
        results = await asyncio.gather(first.send_due(), second.send_due(), first.send_due())
    finally:
        await other.close()
    assert sorted(week for queued in results for week in queued) == ["2026-W47"]
    runs, items = await _report_rows(db)
    assert [run.week for run in runs] == ["2026-W47"]
    assert len(items) == 1 and runs[0].outbox_id == items[0].id


async def test_after_downtime_the_missed_weeks_are_sent_once(tmp_path: Path, database_url: str, db: Database,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    config = _config(tmp_path, database_url)
    async with db.session() as session, session.begin():
        session.add(ReportRun(week="2026-W40", claimed_by="an earlier run"))
    scheduler = ReportScheduler(db, config, clock=lambda: paris("2026-11-23T09:00"))
    with caplog.at_level(logging.WARNING, logger="assistant.reports.schedule"):
        assert await scheduler.send_due() == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert "3 missed weeks not sent (2026-W41 to 2026-W43)" in caplog.text
    restarted = ReportScheduler(db, config, clock=lambda: paris("2026-11-23T09:01"))
    assert await restarted.send_due() == []
    runs, items = await _report_rows(db)
    assert [run.week for run in runs] == ["2026-W40", "2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert len(items) == 4


def _start_serve(folder: Path, database_url: str) -> subprocess.Popen:
    folder.mkdir()
    config = write_config(folder, database_url,
                          web=f"port = {free_port()}\nsecure_cookies = false",
                          outbound=f"port = {free_port()}",
                          reports='recipients = ["dpo@sodepac.com"]\nweekday = "monday"\ntime = "00:00"')
    return subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "LOG_LEVEL": "INFO"})


def _wait_for(process: subprocess.Popen, needle: bytes, seen: bytearray, timeout: float) -> None:
    os.set_blocking(process.stdout.fileno(), False)
    deadline = time.monotonic() + timeout
    while needle not in seen:
        if process.poll() is not None:
            seen += process.stdout.read() or b""
            raise AssertionError(f"serve exited {process.returncode}:\n{seen.decode(errors='replace')[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {needle!r} from serve:\n{seen.decode(errors='replace')[-3000:]}")
        seen += process.stdout.read() or b""
        time.sleep(0.1)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.slow
async def test_two_serve_processes_on_one_database_send_the_week_once(tmp_path: Path, database_url: str,
                                                                      db: Database) -> None:
    """Two real `serve` processes, the schedule due at once (Monday 00:00 has always passed)."""
    processes = [_start_serve(tmp_path / name, database_url) for name in ("one", "two")]
    outputs = [bytearray(), bytearray()]
    try:
        for process, seen in zip(processes, outputs, strict=True):
            await asyncio.to_thread(_wait_for, process, b"privacy-assistant ready", seen, 180)
        # The scheduler's first tick runs at start; give the slower process time to try and lose.
        await asyncio.sleep(3)
    finally:
        for process in processes:
            await asyncio.to_thread(_stop, process)
    logs = b"".join(outputs).decode(errors="replace")
    runs, items = await _report_rows(db)
    assert len(runs) == 1, logs[-3000:]
    assert len(items) == 1 and runs[0].outbox_id == items[0].id
    assert logs.count("weekly report: monday 00:00") == 2  # both schedulers ran
    assert all(process.returncode == 0 for process in processes)


async def test_a_claim_lost_at_the_insert_queues_nothing(tmp_path: Path, database_url: str, db: Database,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The unique week is what decides: a process that saw the week free a moment ago still loses."""
    from assistant.reports import mailing

    config = _config(tmp_path, database_url)
    week = parse_week("2026-W47", "Europe/Paris")
    assert await mailing.queue_report(db, config, week, claimed_by="first") is not None

    async def never_claimed(_db: Database, _week: object) -> None:
        return None

    monkeypatch.setattr(mailing, "claimed_week", never_claimed)
    assert await mailing.queue_report(db, config, week, claimed_by="second") is None
    runs, items = await _report_rows(db)
    assert [(run.week, run.claimed_by) for run in runs] == [("2026-W47", "first")]
    assert len(items) == 1
