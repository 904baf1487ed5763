"""A ticket page opened from the queue keeps the queue with it: the filters and sort travel in the
ticket's URL (and in its forms' hidden `queue` field), so "Back to the queue", previous and next
all show the queue exactly as staff left it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Ticket
from assistant.web.queue_order import Neighbours
from assistant.web.ticket_queue import QueueFilters, filters_from_query, ticket_neighbours

_REFERENCE = re.compile(r"[A-Z0-9-]{1,32}")


@dataclass(frozen=True)
class QueueContext:
    """The queue a ticket page belongs to: its canonical query string and the ticket's neighbours."""

    query: str
    neighbours: Neighbours

    def ticket_link(self, reference: str | None, **extra: str) -> str:
        """A ticket's URL that keeps the queue (None: no such ticket, no link)."""
        if not reference:
            return ""
        query = urlencode({**dict(parse_qsl(self.query)), **extra})
        return f"/tickets/{reference}" + (f"?{query}" if query else "")

    @property
    def back(self) -> str:
        return queue_link(self.query)


def queue_link(query: str) -> str:
    return "/" + (f"?{query}" if query else "")


def queue_filters(query: str, *, user_name: str) -> QueueFilters:
    """Filters from a query string staff carried along; anything unknown is dropped (never reflected)."""
    return filters_from_query(dict(parse_qsl(query[:2000])), user_name=user_name)


def canonical_query(query: str, *, user_name: str) -> str:
    """The same filters, re-encoded from their typed form: safe to put back in a link."""
    return urlencode(queue_filters(query, user_name=user_name).as_query())


def pinned(params: dict[str, str]) -> Neighbours | None:
    """Neighbours computed before an action changed the ticket (an approved ticket leaves "awaiting
    approval", but its next ticket is still the one staff saw after it)."""
    if "next" not in params and "prev" not in params:
        return None
    found = [value if _REFERENCE.fullmatch(value := params.get(name, "")) else None for name in ("prev", "next")]
    return Neighbours(previous=found[0], next=found[1])


async def queue_context(session: AsyncSession, ticket: Ticket, query: str, *, user_name: str,
                        fixed: Neighbours | None = None) -> QueueContext:
    filters = queue_filters(query, user_name=user_name)
    around = fixed or await ticket_neighbours(session, ticket, filters)
    return QueueContext(query=urlencode(filters.as_query()), neighbours=around)
