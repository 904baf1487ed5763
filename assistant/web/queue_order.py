"""The queue's order, and a ticket's neighbours in it, so "next ticket" follows what staff see.

The default order is the triage order (awaiting approval first, then by due date). A column sort
(`due`, `received`, `status`, `subject`, each ascending or with a leading `-` descending) is one
order over every status asked for. Every order ends with the ticket id, so it is total and a
neighbour is found by keyset (the first row after this ticket's sort key): one indexed query per
neighbour, never a scan of the queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Ticket
from assistant.storage.states import TICKET_STATUSES, TicketStatus


class SortColumn(StrEnum):
    """The queue's sortable columns; "" is the triage order."""

    TRIAGE = ""
    DUE = "due"
    RECEIVED = "received"
    STATUS = "status"
    SUBJECT = "subject"


SORTS = frozenset(f"{sign}{column}" for column in SortColumn if column for sign in ("", "-")) | {""}


def sort_key(column: SortColumn) -> ColumnElement[Any]:
    """The SQL value a column sorts by: statuses in their workflow order, subjects ignoring case."""
    if column == SortColumn.RECEIVED:
        return Ticket.received_at
    if column == SortColumn.STATUS:
        return case({status: rank for rank, status in enumerate(TICKET_STATUSES)}, value=Ticket.status, else_=99)
    if column == SortColumn.SUBJECT:
        return func.lower(Ticket.subject)
    return Ticket.due_at


@dataclass(frozen=True)
class Order:
    """One queue order: its segments (status sets shown one after the other), a key and a direction."""

    column: SortColumn
    descending: bool

    @classmethod
    def parse(cls, sort: str) -> Order:
        sort = sort if sort in SORTS else ""
        return cls(SortColumn(sort.lstrip("-")), sort.startswith("-"))

    def segments(self, statuses: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The triage order shows awaiting approval first; a column sort is one list."""
        if self.column != SortColumn.TRIAGE:
            return [statuses]
        first = tuple(s for s in statuses if s == TicketStatus.AWAITING_APPROVAL)
        rest = tuple(s for s in statuses if s != TicketStatus.AWAITING_APPROVAL)
        return [segment for segment in (first, rest) if segment]

    def apply(self, query: Select, *, reverse: bool = False) -> Select:
        key = sort_key(self.column)
        backwards = self.descending != reverse
        return query.order_by(key.desc() if backwards else key, Ticket.id.desc() if backwards else Ticket.id)

    def after(self, values: tuple[Any, int], *, reverse: bool = False) -> ColumnElement[bool]:
        """Rows strictly after (or, reversed, before) a ticket whose (key, id) is `values`."""
        key, ticket_id = sort_key(self.column), Ticket.id
        value, identifier = values
        if self.descending != reverse:
            return or_(key < value, and_(key == value, ticket_id < identifier))
        return or_(key > value, and_(key == value, ticket_id > identifier))


@dataclass(frozen=True)
class Neighbours:
    previous: str | None
    next: str | None


async def neighbours(session: AsyncSession, ticket: Ticket, *, order: Order, statuses: tuple[str, ...],
                     filtered: Any) -> Neighbours:
    """The tickets before and after `ticket` in the queue as filtered (`filtered(query, statuses)`).

    The ticket's own segment comes from its status now; a ticket that has left the filters (just
    approved, say) still has neighbours, found from where its sort key would place it."""
    values = ((await session.execute(select(sort_key(order.column), Ticket.id).where(Ticket.id == ticket.id)))
              .one())
    segments = order.segments(statuses)
    home = next((i for i, segment in enumerate(segments) if ticket.status in segment), 0)
    found: list[str | None] = []
    for reverse in (True, False):
        found.append(await _nearest(session, order, segments, home, values, filtered, reverse=reverse))
    return Neighbours(previous=found[0], next=found[1])


async def _nearest(session: AsyncSession, order: Order, segments: list[tuple[str, ...]], home: int,
                   values: tuple[Any, int], filtered: Any, *, reverse: bool) -> str | None:
    """Within the ticket's segment first, then the segments before (or after) it, nearest end first."""
    steps = range(home, -1, -1) if reverse else range(home, len(segments))
    for index in steps:
        query = filtered(select(Ticket.reference), segments[index])
        if index == home:
            query = query.where(order.after(tuple(values), reverse=reverse))
        found = (await session.execute(order.apply(query, reverse=reverse).limit(1))).scalar()
        if found:
            return found
    return None
