"""The queue staff work from: tickets awaiting approval first, then by due date.

Built to stay fast at 100,000 tickets: it never loads more than one page. The order is
read as two index scans (awaiting approval by (status, due_at, id); the rest by
(due_at, id)), each paged with LIMIT/OFFSET, instead of sorting every ticket on a
computed key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Message, Ticket, utcnow
from assistant.storage.states import TICKET_STATUSES, TicketStatus
from assistant.tickets.clock import is_overdue
from assistant.tickets.notes import mentioning
from assistant.tickets.views import latest_draft_status, overdue_condition
from intents import LABELS

AWAITING = TicketStatus.AWAITING_APPROVAL
# Statuses of the working queue (whether a deadline runs is the stage's business: `tickets/clock.py`).
ACTIVE_STATUSES = (TicketStatus.AWAITING_APPROVAL, TicketStatus.OPEN)
STATUS_CHOICES = ("active", *TICKET_STATUSES, "all")
PER_PAGE = 25
MAX_PER_PAGE = 200


@dataclass(frozen=True)
class QueueFilters:
    status: str = "active"  # "active", one of TICKET_STATUSES, or "all"
    intent: str = ""
    language: str = ""
    needs_review: bool = False
    overdue: bool = False
    search: str = ""
    mine: str = ""  # a staff name: only tickets assigned to them or whose notes @mention them

    def statuses(self) -> tuple[str, ...]:
        if self.status == "all":
            return TICKET_STATUSES
        if self.status in TICKET_STATUSES:
            return (self.status,)
        return ACTIVE_STATUSES

    def as_query(self) -> dict[str, str]:
        """The filters as URL parameters (pagination links keep them)."""
        query = {"status": self.status, "intent": self.intent, "language": self.language,
                 "q": self.search, "needs_review": "1" if self.needs_review else "",
                 "overdue": "1" if self.overdue else "", "mine": "1" if self.mine else ""}
        return {key: value for key, value in query.items() if value and not (key == "status" and value == "active")}


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    draft_status: str | None
    overdue: bool


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def normalise_filters(*, status: str = "active", intent: str = "", language: str = "", needs_review: bool = False,
                      overdue: bool = False, search: str = "", mine: str = "") -> QueueFilters:
    """Unknown values are ignored rather than refused: a stale bookmark still opens the queue."""
    return QueueFilters(
        status=status if status in STATUS_CHOICES else "active",
        intent=intent if intent in LABELS else "",
        language=language.strip().lower()[:8],
        needs_review=needs_review,
        overdue=overdue,
        search=search.strip()[:200],
        mine=mine,
    )


def _filtered(query: Select, filters: QueueFilters, statuses: tuple[str, ...], now: datetime) -> Select:
    query = query.where(Ticket.status.in_(statuses))
    if filters.intent:
        # Ticket.intents is a JSON list; its text holds each label in double quotes on both databases.
        query = query.where(cast(Ticket.intents, String).like(f'%"{filters.intent}"%'))
    if filters.language:
        query = query.where(Ticket.language == filters.language)
    if filters.needs_review:
        query = query.where(Ticket.needs_review.is_(True))
    if filters.overdue:
        query = query.where(overdue_condition(now))
    if filters.search:
        query = query.where(_search_clause(filters.search))
    if filters.mine:
        query = query.where(or_(Ticket.assignee == filters.mine, mentioning(filters.mine)))
    return query


def _search_clause(text: str) -> Any:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    lowered = pattern.lower()
    in_messages = exists().where(Message.ticket_id == Ticket.id,
                                 func.lower(Message.new_text).like(lowered, escape="\\"))
    return or_(Ticket.reference == text.upper(),
               func.lower(Ticket.requester).like(lowered, escape="\\"),
               func.lower(Ticket.requester_name).like(lowered, escape="\\"),
               func.lower(Ticket.subject).like(lowered, escape="\\"),
               in_messages)


def _segments(filters: QueueFilters) -> list[tuple[str, ...]]:
    """Awaiting approval first, then every other status asked for."""
    statuses = filters.statuses()
    first = tuple(s for s in statuses if s == AWAITING)
    rest = tuple(s for s in statuses if s != AWAITING)
    return [segment for segment in (first, rest) if segment]


async def queue_page(session: AsyncSession, filters: QueueFilters, *, page: int = 1, per_page: int = PER_PAGE,
                     now: datetime | None = None) -> QueuePage:
    now = now or utcnow()
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    offset = (page - 1) * per_page
    rows: list[QueueRow] = []
    total = 0
    for statuses in _segments(filters):
        count = (await session.execute(
            _filtered(select(func.count(Ticket.id)), filters, statuses, now))).scalar_one()
        wanted = per_page - len(rows)
        segment_offset = max(0, offset - total)
        total += count
        if wanted <= 0 or segment_offset >= count:
            continue
        query = _filtered(select(Ticket, latest_draft_status().label("draft_status")), filters, statuses, now)
        query = query.order_by(Ticket.due_at, Ticket.id).offset(segment_offset).limit(wanted)
        for ticket, draft_status in (await session.execute(query)).all():
            rows.append(QueueRow(ticket, draft_status, is_overdue(ticket, now)))
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page)
