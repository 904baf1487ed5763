"""Every event, newest first, filtered by who, what, which ticket and when; and the same as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Event, Ticket

PER_PAGE = 50
CSV_COLUMNS = ("at", "actor", "kind", "ticket", "detail")
# OWASP "CSV injection": a cell a spreadsheet would read as a formula is prefixed with a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    kind: str = ""
    reference: str = ""
    since: date | None = None
    until: date | None = None

    def as_query(self) -> dict[str, str]:
        values = {"actor": self.actor, "kind": self.kind, "reference": self.reference,
                  "since": self.since.isoformat() if self.since else "",
                  "until": self.until.isoformat() if self.until else ""}
        return {key: value for key, value in values.items() if value}


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def events_query(filters: AuditFilters, zone: ZoneInfo) -> Select:
    query = select(Event, Ticket.reference).outerjoin(Ticket, Ticket.id == Event.ticket_id)
    if filters.actor:
        query = query.where(Event.actor == filters.actor)
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.reference:
        query = query.where(Ticket.reference == filters.reference.strip().upper())
    if filters.since:
        query = query.where(Event.at >= datetime.combine(filters.since, time(), zone))
    if filters.until:  # the whole day, in the company's time zone
        query = query.where(Event.at < datetime.combine(filters.until + timedelta(days=1), time(), zone))
    return query


async def audit_page(session: AsyncSession, filters: AuditFilters, zone: ZoneInfo, *, page: int = 1,
                     per_page: int = PER_PAGE) -> tuple[list[tuple[Event, str | None]], int]:
    query = events_query(filters, zone)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = (await session.execute(query.order_by(Event.at.desc(), Event.id.desc())
                                  .offset((max(1, page) - 1) * per_page).limit(per_page))).all()
    return [(event, reference) for event, reference in rows], total


async def event_kinds(session: AsyncSession) -> list[str]:
    return sorted((await session.execute(select(Event.kind).distinct().limit(200))).scalars())


async def event_actors(session: AsyncSession) -> list[str]:
    return sorted((await session.execute(select(Event.actor).distinct().limit(500))).scalars())


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


async def csv_lines(session: AsyncSession, filters: AuditFilters, zone: ZoneInfo,
                    batch: int = 1000) -> AsyncIterator[str]:
    """The export, streamed in batches: an audit log of years is never held in memory at once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    query = events_query(filters, zone).order_by(Event.at, Event.id)
    offset = 0
    while True:
        rows = (await session.execute(query.offset(offset).limit(batch))).all()
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        for event, reference in rows:
            writer.writerow([event.at.isoformat(), csv_cell(event.actor), csv_cell(event.kind), reference or "",
                             csv_cell(event.detail or "")])
        yield buffer.getvalue()
        offset += batch
