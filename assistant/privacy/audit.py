"""The audit trail as one record: every event and every staff sign-in, in time order, as JSONL or CSV.

GDPR Art. 5(2) asks the controller to be able to demonstrate what it did. Events say who
did what to which ticket and when (they are append-only: database triggers refuse any
change but a purge cutting a detail short); sign-in attempts say who signed in to the
console, or failed to, from where. The export streams both merged by time, in batches, so
years of trail are never held in memory, and records itself as an `audit_exported` event
before the first row, so an export shows up in the trail it exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Event, SignInAttempt
from assistant.tickets.audit import record_event
from assistant.web.audit_log import AuditFilters, csv_cell, events_query

BATCH = 1000
EXPORT_EVENT = "audit_exported"


class AuditFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


class Source(StrEnum):
    EVENT = "event"
    SIGN_IN = "sign_in"


@dataclass(frozen=True)
class AuditRecord:
    """One line of the trail. `ticket` is a reference, `message` a stored message's id."""

    at: str
    source: str
    actor: str
    kind: str
    ticket: str | None
    message: int | None
    detail: str


COLUMNS = tuple(AuditRecord.__dataclass_fields__)


def _sign_ins_query(since: date | None, until: date | None, zone: ZoneInfo):
    query = select(SignInAttempt)
    if since:
        query = query.where(SignInAttempt.at >= datetime.combine(since, time(), zone))
    if until:  # the whole day, in the company's time zone, as the console's filter
        query = query.where(SignInAttempt.at < datetime.combine(until + timedelta(days=1), time(), zone))
    return query.order_by(SignInAttempt.at, SignInAttempt.id)


async def _batched(session: AsyncSession, query) -> AsyncIterator:
    offset = 0
    while True:
        rows = (await session.execute(query.offset(offset).limit(BATCH))).all()
        for row in rows:
            yield row
        if len(rows) < BATCH:
            return
        offset += BATCH


async def _events(session: AsyncSession, filters: AuditFilters, zone: ZoneInfo) -> AsyncIterator[AuditRecord]:
    async for event, reference in _batched(session, events_query(filters, zone).order_by(Event.at, Event.id)):
        yield AuditRecord(event.at.isoformat(), Source.EVENT, event.actor, event.kind, reference,
                          event.message_pk, event.detail or "")


async def _sign_ins(session: AsyncSession, filters: AuditFilters, zone: ZoneInfo) -> AsyncIterator[AuditRecord]:
    async for (attempt,) in _batched(session, _sign_ins_query(filters.since, filters.until, zone)):
        yield AuditRecord(attempt.at.isoformat(), Source.SIGN_IN, attempt.name,
                          "sign_in" if attempt.succeeded else "sign_in_failed", None, None,
                          f"from {attempt.address or 'an unknown address'}")


async def audit_records(session: AsyncSession, filters: AuditFilters,
                        zone: ZoneInfo) -> AsyncIterator[AuditRecord]:
    """Events and sign-ins merged by time."""
    streams = [_events(session, filters, zone), _sign_ins(session, filters, zone)]
    heads = [await anext(stream, None) for stream in streams]
    while any(head is not None for head in heads):
        waiting = [i for i, head in enumerate(heads) if head is not None]
        index = min(waiting, key=lambda i: datetime.fromisoformat(heads[i].at))
        yield heads[index]
        heads[index] = await anext(streams[index], None)


def record_export(session: AsyncSession, filters: AuditFilters, output: AuditFormat, *, actor: str) -> None:
    """The export, as an event of its own (the caller commits before exporting)."""
    span = f"{filters.since or 'the start'} to {filters.until or 'today'}"
    record_event(session, actor=actor, kind=EXPORT_EVENT, detail=f"audit trail from {span} as {output}")


async def export_lines(session: AsyncSession, filters: AuditFilters, zone: ZoneInfo,
                       output: AuditFormat) -> AsyncIterator[str]:
    """The trail as JSONL (one object a line) or CSV (a header row; cells a spreadsheet would run as a
    formula are quoted, as the console's export does)."""
    if output == AuditFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        async for record in audit_records(session, filters, zone):
            writer.writerow([_csv_value(value) for value in asdict(record).values()])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
        return
    async for record in audit_records(session, filters, zone):
        yield json.dumps(asdict(record), ensure_ascii=False) + "\n"


def _csv_value(value: object) -> str:
    return "" if value is None else csv_cell(str(value))
