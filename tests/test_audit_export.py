"""The audit trail as a record: every event and sign-in, exactly as stored, in time order, filterable by day."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from assistant.config import Config
from assistant.privacy.audit import AuditFormat, export_lines
from assistant.privacy.requester import Requester, export_requester
from assistant.storage.database import Database
from assistant.storage.models import Event, SignInAttempt, Ticket, utcnow
from assistant.web.audit_log import AuditFilters
from tests.support.cli import cli
from tests.support.privacy import sqlite_config_with_account
from tests.support.web import client, console_app, make_ticket, sign_in, signed_in
from tests.test_web_ticket import post_action

PARIS = ZoneInfo("Europe/Paris")


async def _trail(config: Config, db: Database) -> None:
    """A morning's work in the console, an access request about the assistant, and two old entries."""
    reference = await make_ticket(db, requester="jo@example.com")
    await make_ticket(db, requester="max@example.com")
    app = console_app(config, db)
    async with signed_in(app, db, "ada", "admin") as http:
        await post_action(http, reference, "reject", reason='=HYPERLINK("http://x")')
    async with client(app) as http:
        assert (await sign_in(http, "ada", "wrong password")).status_code == 401
    async with db.session() as session, session.begin():
        await export_requester(session, Requester.of("jo@example.com"), actor="ada", now=utcnow())
        session.add(Event(actor="system", kind="ticket_opened", detail="status open",
                          at=datetime(2020, 1, 1, tzinfo=UTC)))
        session.add(SignInAttempt(name="ada", address="203.0.113.9", succeeded=True,
                                  at=datetime(2020, 1, 2, 12, tzinfo=UTC)))


async def _stored(db: Database) -> list[tuple]:
    async with db.session() as session:
        events = (await session.execute(select(Event, Ticket.reference).outerjoin(Ticket, Ticket.id == Event.ticket_id)
                                        )).all()
        attempts = (await session.execute(select(SignInAttempt))).scalars().all()
    rows = [(e.at.isoformat(), "event", e.actor, e.kind, reference, e.message_pk, e.detail) for e, reference in events]
    rows += [(a.at.isoformat(), "sign_in", a.name, "sign_in" if a.succeeded else "sign_in_failed", None, None,
              f"from {a.address}") for a in attempts]
    return rows


async def _export(db: Database, output: AuditFormat, **filters: date) -> str:
    async with db.session() as session:
        return "".join([chunk async for chunk in export_lines(session, AuditFilters(**filters), PARIS, output)])


async def test_the_jsonl_export_is_every_event_and_sign_in_in_time_order(config: Config, db: Database) -> None:
    await _trail(config, db)
    records = [json.loads(line) for line in (await _export(db, AuditFormat.JSONL)).splitlines()]
    exported = [tuple(r[key] for key in ("at", "source", "actor", "kind", "ticket", "message", "detail"))
                for r in records]
    stored = await _stored(db)
    assert sorted(exported, key=repr) == sorted(stored, key=repr)
    times = [datetime.fromisoformat(r["at"]) for r in records]
    assert times == sorted(times)
    kinds = {(r["actor"], r["kind"]) for r in records}
    assert {("ada", "sign_in"), ("ada", "sign_in_failed"), ("ada", "draft_rejected"),
            ("ada", "requester_exported"), ("system", "ticket_opened")} <= kinds


async def test_the_csv_export_has_the_same_rows_and_no_formula(config: Config, db: Database) -> None:
    await _trail(config, db)
    rows = list(csv.reader(io.StringIO(await _export(db, AuditFormat.CSV))))
    assert rows[0] == ["at", "source", "actor", "kind", "ticket", "message", "detail"]
    assert len(rows) - 1 == len(await _stored(db))
    [rejected] = [row for row in rows if row[3] == "draft_rejected"]
    assert rejected[6] == "'=HYPERLINK(\"http://x\")"  # a spreadsheet will not run it


async def test_since_and_until_are_whole_days_in_the_company_time_zone(config: Config, db: Database) -> None:
    await _trail(config, db)
    old = [json.loads(line) for line in (await _export(db, AuditFormat.JSONL, until=date(2020, 1, 1))).splitlines()]
    assert [(r["source"], r["kind"]) for r in old] == [("event", "ticket_opened")]
    both = (await _export(db, AuditFormat.JSONL, since=date(2020, 1, 1), until=date(2020, 1, 2))).splitlines()
    assert len(both) == 2
    recent = (await _export(db, AuditFormat.JSONL, since=date(2021, 1, 1))).splitlines()
    assert len(recent) == len(await _stored(db)) - 2


async def test_cli_export_is_recorded_and_written_privately(tmp_path: Path) -> None:
    """The command line on SQLite: a one-line refusal for an unknown --by, then an export that lists itself."""
    config_file = await sqlite_config_with_account(tmp_path, "ada")
    refused = cli(config_file, "audit", "export", "--by", "nobody")
    assert refused.returncode == 1 and len(refused.stderr.decode().strip().splitlines()) == 1
    out = tmp_path / "trail.csv"
    done = cli(config_file, "audit", "export", "--format", "csv", "--out", str(out), "--by", "ada",
               "--since", "2026-01-01")
    assert done.returncode == 0, done.stderr.decode()
    assert os.stat(out).st_mode & 0o777 == 0o600
    rows = list(csv.reader(out.open(newline="")))
    assert rows[1][2:4] == ["ada", "audit_exported"] and rows[1][6] == "audit trail from 2026-01-01 to today as csv"
    backwards = cli(config_file, "audit", "export", "--since", "2026-02-01", "--until", "2026-01-01")
    assert backwards.returncode == 2 and b"--since is after --until" in backwards.stderr
