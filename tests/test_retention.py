"""Retention: what people wrote is purged once its time has passed, the record of what was done stays."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from assistant.config import Config, parse_config
from assistant.privacy import retention
from assistant.privacy.purge import reduced_detail
from assistant.privacy.retention import run_retention
from assistant.privacy.schedule import RetentionScheduler
from assistant.storage.database import Database
from assistant.storage.models import Draft, Event, Message, OutboxItem, RetentionRun, Ticket, utcnow
from assistant.tickets.audit import set_status
from assistant.tickets.service import close_ticket
from tests.conftest import INBOX, MESSAGES, RunningService
from tests.support.cli import cli
from tests.support.privacy import database_text, file_request, set_times, sqlite_config_with_account
from tests.support.tickets import list_tickets, show_ticket
from tests.support.web import make_ticket
from tests.test_outbox import approve, ticket_for

NOW = utcnow()


async def _close(db: Database, reference: str, *, reason: str) -> None:
    async with db.session() as session, session.begin():
        await close_ticket(session, reference=reference, by="alice", reason=reason)


@pytest.fixture
async def filed(service: RunningService, config: Config) -> dict[str, str]:
    """Closed 37 and 35 months ago, open for five years, and an auto-reply 31 days old."""
    old = await file_request(service, address="old.requester@example.org", marker="TRACE-OLD-4A1")
    await approve(service.db, config, old)
    await _close(service.db, old, reason="answered by phone, TRACE-OLD-4A1")
    recent = await file_request(service, address="recent@example.org", marker="TRACE-RECENT-9C2")
    await _close(service.db, recent, reason="done")
    still_open = await file_request(service, address="waiting@example.org", marker="TRACE-OPEN-5D7")
    noise = await ticket_for(service, (MESSAGES / "outlook_auto_reply.eml").read_bytes())
    await set_times(service.db, old, closed_at=NOW - relativedelta(months=37))
    await set_times(service.db, recent, closed_at=NOW - relativedelta(months=35))
    await set_times(service.db, still_open, received_at=NOW - relativedelta(years=5))
    await set_times(service.db, noise, received_at=NOW - timedelta(days=31))
    return {"old": old, "recent": recent, "open": still_open, "noise": noise}


async def test_content_closed_37_months_ago_is_purged_and_the_record_stays(
        service: RunningService, config: Config, filed: dict[str, str]) -> None:
    before = await show_ticket(service.db, filed["old"])
    result = await run_retention(service.db, config.retention, now=NOW)

    assert result.tickets == [filed["old"]] and result.noise_tickets == [filed["noise"]]
    text = await database_text(service.db)
    assert "TRACE-OLD-4A1" not in text and "old.requester@example.org" not in text
    assert "julien.perrin@example.fr" not in text  # the auto-reply's writer
    assert "TRACE-RECENT-9C2" in text and "TRACE-OPEN-5D7" in text and "waiting@example.org" in text

    after = await show_ticket(service.db, filed["old"])
    for kept in ("reference", "status", "intents", "primary", "received_at", "due_at", "language"):
        assert after[kept] == before[kept], kept
    assert after["requester"] == "(removed)" and after["subject"] == ""
    assert [m["text"] for m in after["messages"]] == [None]
    [draft] = after["drafts"]
    assert draft["body"] == "" and draft["decided_by"] == "alice" and draft["decided_at"] is not None
    kinds = [event["kind"] for event in after["events"]]
    assert kinds[:len(before["events"])] == [event["kind"] for event in before["events"]]  # nothing removed
    assert kinds[-1] == "content_purged"
    closing = next(e for e in after["events"] if e["kind"] == "status_changed" and e["detail"].endswith("closed"))
    assert closing["detail"] == "open -> closed"  # the staff's reason went, the change stayed
    async with service.db.session() as session:
        [item] = (await session.execute(select(OutboxItem))).scalars().all()
        assert item.raw == b"" and item.recipients == [] and item.state == "cancelled"


async def test_open_tickets_and_recent_closures_are_never_touched_and_a_second_run_changes_nothing(
        service: RunningService, config: Config, filed: dict[str, str]) -> None:
    untouched = {key: await show_ticket(service.db, filed[key]) for key in ("recent", "open")}
    await run_retention(service.db, config.retention, now=NOW)
    snapshot = await database_text(service.db)
    for key, detail in untouched.items():
        assert await show_ticket(service.db, filed[key]) == detail

    again = await run_retention(service.db, config.retention, now=NOW)
    assert (again.tickets, again.noise_tickets, again.noise_messages) == ([], [], [])
    assert again.counts.as_dict() == {"tickets": 0, "messages": 0, "drafts": 0, "outbox": 0, "events": 0}
    before, after = set(snapshot.splitlines()), set((await database_text(service.db)).splitlines())
    [added] = after - before  # the second run's own record, nothing else
    assert before <= after and "retention_run" in added and "purged 0 closed ticket(s)" in added


async def test_dry_run_lists_and_changes_nothing(service: RunningService, config: Config,
                                                 filed: dict[str, str]) -> None:
    snapshot = await database_text(service.db)
    result = await run_retention(service.db, config.retention, now=NOW, dry_run=True)
    assert result.tickets == [filed["old"]] and result.noise_tickets == [filed["noise"]]
    assert await database_text(service.db) == snapshot


async def test_a_reopened_ticket_is_open_again_and_kept(service: RunningService, config: Config,
                                                        filed: dict[str, str]) -> None:
    """The requester wrote again after the closing: the ticket is open and its clock stops."""
    async with service.db.session() as session, session.begin():
        ticket = (await session.execute(select(Ticket).where(Ticket.reference == filed["old"]))).scalar_one()
        set_status(session, ticket, "awaiting_approval", actor="system", why="the requester wrote again")
        assert ticket.closed_at is None
    assert (await run_retention(service.db, config.retention, now=NOW)).tickets == []
    assert "TRACE-OLD-4A1" in await database_text(service.db)


def _auto_reply(number: int, *, to_message_id: str) -> bytes:
    return (f"From: Julien Perrin <jp@example.fr>\r\nTo: {INBOX}\r\nSubject: Absent du bureau\r\n"
            f"Message-ID: <away-{number}@example.fr>\r\nIn-Reply-To: <{to_message_id}>\r\n"
            f"Auto-Submitted: auto-replied\r\n\r\nJe suis absent jusqu'au 24 mars. AWAY-{number}\r\n").encode()


async def test_noise_in_a_closed_ticket_goes_after_30_days(service: RunningService, config: Config,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "MESSAGE_BATCH", 1)  # one transaction a message: the batches are walked
    reference = await file_request(service, address="jp@example.fr", marker="MARK-JP-1")
    for number in (1, 2):
        await ticket_for(service, _auto_reply(number, to_message_id="MARK-JP-1.jp@example.fr"))
    detail = await show_ticket(service.db, reference)
    attached = [m["id"] for m in detail["messages"] if m["noise_rule"]]
    assert len(attached) == 2  # filed into the request's ticket as machine mail
    await _close(service.db, reference, reason="done")

    assert (await run_retention(service.db, config.retention, now=utcnow() + timedelta(days=29))).noise_messages == []
    later = await run_retention(service.db, config.retention, now=utcnow() + timedelta(days=31))
    assert later.tickets == [] and later.noise_messages == attached and later.counts.messages == 2
    text = await database_text(service.db)
    assert "AWAY-1" not in text and "AWAY-2" not in text
    assert "MARK-JP-1" in text  # the request itself stays until its own time


@pytest.mark.parametrize(("kind", "detail", "kept"), [
    ("status_changed", "open -> closed: she asked by phone", "open -> closed"),
    ("status_changed", "awaiting_approval -> open", "awaiting_approval -> open"),
    ("reply_queued", "outbox #3: Message-ID <a@sodepac.com> to ann@example.org", "outbox #3"),
    ("message_received", "received over email, 812 bytes; Message-ID <x> was already used",
     "received over email, 812 bytes"),
    ("draft_rejected", "wrong person, see ann@example.org", ""),
    ("needs_review", "names a child", ""),
    ("draft_approved", "draft #4", "draft #4"),
])
def test_an_event_keeps_only_what_the_system_wrote(kind: str, detail: str, kept: str) -> None:
    assert reduced_detail(kind, detail) == kept
    assert detail.startswith(kept)  # the database accepts nothing else


async def test_events_are_append_only_in_the_database(db: Database) -> None:
    async with db.session() as session, session.begin():
        session.add(Event(actor="alice", kind="draft_rejected", detail="reason with ann@example.org"))
    for forbidden in (update(Event).values(actor="mallory"), update(Event).values(kind="nothing"),
                      update(Event).values(detail="something else"), update(Event).values(at=NOW), delete(Event)):
        async with db.session() as session:
            with pytest.raises((DBAPIError, IntegrityError)):
                async with session.begin():
                    await session.execute(forbidden)
    async with db.session() as session, session.begin():
        await session.execute(update(Event).values(detail="reason"))  # cut to a prefix: a purge may
    async with db.session() as session:
        assert (await session.execute(select(Event.actor, Event.detail))).one() == ("alice", "reason")


def _config(tmp_path: Path, database_url: str) -> Config:
    return parse_config({"database": {"url": database_url}}, base_dir=tmp_path)


async def test_the_daily_run_happens_once_a_day_across_processes(tmp_path: Path, database_url: str,
                                                                   db: Database) -> None:
    config = _config(tmp_path, database_url)
    other = Database(database_url)
    day = NOW.replace(hour=10, minute=0)
    try:
        first = RetentionScheduler(db, config, clock=lambda: day)
        second = RetentionScheduler(other, config, clock=lambda: day)
        results = await asyncio.gather(first.run_due(), second.run_due(), first.run_due())
        assert sum(result is not None for result in results) == 1
        tomorrow = RetentionScheduler(other, config, clock=lambda: day + timedelta(days=1))
        assert await tomorrow.run_due() is not None
        assert await tomorrow.run_due() is None
    finally:
        await other.close()
    async with db.session() as session:
        runs = (await session.execute(select(RetentionRun).order_by(RetentionRun.day))).scalars().all()
    assert len(runs) == 2 and all(run.finished_at and run.summary is not None for run in runs)
    assert runs[1].day > runs[0].day


async def test_closing_sets_closed_at_and_the_list_still_shows_the_ticket(service: RunningService,
                                                                          config: Config) -> None:
    reference = await file_request(service, address="ann@example.org", marker="MARK-C1")
    await _close(service.db, reference, reason="done")
    async with service.db.session() as session:
        ticket = (await session.execute(select(Ticket).where(Ticket.reference == reference))).scalar_one()
        drafts = (await session.execute(select(Draft).where(Draft.ticket_id == ticket.id))).scalars().all()
    assert ticket.closed_at is not None and abs(ticket.closed_at - utcnow()) < timedelta(minutes=1)
    assert all(draft.status == "superseded" for draft in drafts)
    assert [t["reference"] for t in await list_tickets(service.db)] == [reference]


async def test_retraining_skips_corrections_whose_text_was_purged(service: RunningService, config: Config,
                                                                   filed: dict[str, str]) -> None:
    from assistant.cli.intents_cmd import _corrections
    from assistant.tickets.service import reclassify

    async with service.db.session() as session, session.begin():
        for key in ("old", "recent"):
            await reclassify(session, reference=filed[key], intents=["access", "question"], primary="access",
                             by="alice")
    await run_retention(service.db, config.retention, now=NOW)
    examples = await _corrections(config, service.db)
    assert [example["subject"] for example in examples] == ["My data TRACE-RECENT-9C2"]


async def test_cli_dry_run_lists_and_run_purges_named_by_a_real_account(tmp_path: Path) -> None:
    """The command line on SQLite: what `retention run` prints, and its one-line refusal."""
    config_file = await sqlite_config_with_account(tmp_path, "ada")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
    try:
        expired, kept = await make_ticket(db, status="open"), await make_ticket(db, status="open")
        for reference in (expired, kept):
            await _close(db, reference, reason="done")
        await set_times(db, expired, closed_at=NOW - relativedelta(months=37))
    finally:
        await db.close()
    refused = cli(config_file, "retention", "run", "--by", "nobody")
    assert refused.returncode == 1 and len(refused.stderr.decode().strip().splitlines()) == 1
    listed = cli(config_file, "retention", "run", "--dry-run", "--json")
    assert listed.returncode == 0, listed.stderr.decode()
    assert json.loads(listed.stdout)["tickets"] == [expired] and json.loads(listed.stdout)["dry_run"] is True
    done = cli(config_file, "retention", "run", "--by", "ada")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().splitlines()[:2] == [
        "retention purged 1 closed ticket(s), 0 noise ticket(s), 0 other noise message(s) and 0 failed message(s) "
        "never filed", f"  closed: {expired}"]


def test_a_failed_message_never_filed_goes_after_the_period_and_is_not_retried(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main
    from assistant.intake import accept

    config_file = asyncio.run(sqlite_config_with_account(tmp_path, "ada"))
    raw = (MESSAGES / "en_access_plain.eml").read_bytes()

    async def fail_two_and_purge_the_old_one() -> tuple[int, list[int]]:
        """Two failed messages, one received 37 months ago; returns its id and what retention purged."""
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
        try:
            old = (await accept(db, raw.replace(b"Subject:", b"X-Copy: old\nSubject:"), channel="pipe")).message_pk
            await accept(db, raw, channel="pipe")
            async with db.session() as session, session.begin():
                await session.execute(update(Message).values(state="failed", error="crashed"))
                await session.execute(update(Message).where(Message.id == old)
                                      .values(received_at=NOW - relativedelta(months=37)))
            result = await run_retention(db, parse_config({}, base_dir=tmp_path).retention, now=NOW)
            return old, result.failed_messages
        finally:
            await db.close()

    old, purged = asyncio.run(fail_two_and_purge_the_old_one())
    assert purged == [old]
    assert main(["--config", str(config_file), "messages", "retry"]) == 0
    assert capsys.readouterr().out.strip() == "retried 1 message(s); 0 failed again"  # the recent one only
