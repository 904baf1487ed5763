"""The queue staff work from: tickets awaiting approval first, then by due date (or a column sort).

Built to stay fast at 100,000 tickets: it never loads more than one page. The order is
read as two index scans (awaiting approval by (status, due_at, id); the rest by
(due_at, id)), each paged with LIMIT/OFFSET, instead of sorting every ticket on a
computed key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Message, Ticket, utcnow
from assistant.storage.states import TICKET_STATUSES, DraftStatus, TicketStatus
from assistant.tickets.clock import is_overdue
from assistant.tickets.notes import mentioning
from assistant.tickets.views import latest_draft_status, overdue_condition
from assistant.web.queue_order import SORTS, Neighbours, Order, neighbours
from intents import LABELS

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
    needs_input: bool = False  # only drafts that still carry a `[[STAFF: ...]]` placeholder
    sort: str = ""  # "" (triage order) or one of queue_order.SORTS

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
                 "overdue": "1" if self.overdue else "", "mine": "1" if self.mine else "",
                 "needs_input": "1" if self.needs_input else "", "sort": self.sort}
        return {key: value for key, value in query.items() if value and not (key == "status" and value == "active")}


@dataclass(frozen=True)
class QueueRow:
    ticket: Ticket
    draft_status: str | None
    overdue: bool
    needs_input: bool = False


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
                      overdue: bool = False, search: str = "", mine: str = "", needs_input: bool = False,
                      sort: str = "") -> QueueFilters:
    """Unknown values are ignored rather than refused: a stale bookmark still opens the queue."""
    return QueueFilters(
        status=status if status in STATUS_CHOICES else "active",
        intent=intent if intent in LABELS else "",
        language=language.strip().lower()[:8],
        needs_review=needs_review,
        overdue=overdue,
        search=search.strip()[:200],
        mine=mine,
        needs_input=needs_input,
        sort=sort if sort in SORTS else "",
    )


def filters_from_query(params: Mapping[str, str], *, user_name: str) -> QueueFilters:
    """The queue's filters from URL parameters (the queue's own, or those a ticket page carries along)."""
    return normalise_filters(
        status=params.get("status", "active"), intent=params.get("intent", ""),
        language=params.get("language", ""), needs_review=bool(params.get("needs_review")),
        overdue=bool(params.get("overdue")), search=params.get("q", ""),
        mine=user_name if params.get("mine") else "", needs_input=bool(params.get("needs_input")),
        sort=params.get("sort", ""),
    )


# The SQL side of `replies.find_placeholders`: the marker's opening as drafts write it (`[[STAFF:`),
# with or without one space, in any case. Approval itself always checks with the full pattern.
_MARKERS = ("%[[staff%", "%[[ staff%")


def needs_input_condition() -> ColumnElement[bool]:
    """The ticket's pending draft still holds a staff placeholder: it cannot be approved as it is."""
    body = func.lower(Draft.body)
    return exists().where(Draft.ticket_id == Ticket.id, Draft.status == DraftStatus.PENDING,
                          or_(*(body.like(marker) for marker in _MARKERS)))


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
    if filters.needs_input:
        query = query.where(needs_input_condition())
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


async def queue_page(session: AsyncSession, filters: QueueFilters, *, page: int = 1, per_page: int = PER_PAGE,
                     now: datetime | None = None) -> QueuePage:
    now = now or utcnow()
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    offset = (page - 1) * per_page
    rows: list[QueueRow] = []
    total = 0
    order = Order.parse(filters.sort)
    for statuses in order.segments(filters.statuses()):
        count = (await session.execute(
            _filtered(select(func.count(Ticket.id)), filters, statuses, now))).scalar_one()
        wanted = per_page - len(rows)
        segment_offset = max(0, offset - total)
        total += count
        if wanted <= 0 or segment_offset >= count:
            continue
        query = _filtered(select(Ticket, latest_draft_status().label("draft_status"),
                                 needs_input_condition().label("needs_input")), filters, statuses, now)
        query = order.apply(query).offset(segment_offset).limit(wanted)
        for ticket, draft_status, needs_input in (await session.execute(query)).all():
            rows.append(QueueRow(ticket, draft_status, is_overdue(ticket, now), bool(needs_input)))
    return QueuePage(rows=rows, total=total, page=page, per_page=per_page)


async def ticket_neighbours(session: AsyncSession, ticket: Ticket, filters: QueueFilters,
                            now: datetime | None = None) -> Neighbours:
    """The previous and next tickets of the queue as `filters` show it."""
    now = now or utcnow()
    return await neighbours(session, ticket, order=Order.parse(filters.sort), statuses=filters.statuses(),
                            filtered=lambda query, statuses: _filtered(query, filters, statuses, now))
