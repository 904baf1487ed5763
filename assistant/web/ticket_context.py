"""The context staff need before answering: the requester's other tickets and the replies already
sent to them, in one timeline, oldest first (what happened, in the order it happened).

Bounded whatever the requester's history: at most `LIMIT` tickets and `LIMIT` replies are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Message, OutboxItem, Ticket
from assistant.storage.states import DraftStatus

LIMIT = 20


class EntryKind(StrEnum):
    RECEIVED = "received"  # a message of this ticket
    REPLY = "reply"  # a reply approved (queued) or sent, on this ticket or another of the requester's
    OTHER_TICKET = "other_ticket"  # another ticket the same requester opened


@dataclass(frozen=True)
class ContextEntry:
    at: datetime
    kind: EntryKind
    reference: str
    title: str
    first_line: str
    state: str  # a reply: "sent" or "approved" (queued); another ticket: its status
    this_ticket: bool


async def requester_timeline(session: AsyncSession, ticket: Ticket) -> list[ContextEntry]:
    entries = [*await _received(session, ticket), *await _replies(session, ticket), *await _others(session, ticket)]
    return sorted(entries, key=lambda entry: entry.at)


async def _received(session: AsyncSession, ticket: Ticket) -> list[ContextEntry]:
    rows = (await session.execute(select(Message).where(Message.ticket_id == ticket.id)
                                  .order_by(Message.id.desc()).limit(LIMIT))).scalars()
    return [ContextEntry(m.received_at, EntryKind.RECEIVED, ticket.reference or "", m.subject or "",
                         _first_line(m.new_text or m.body_text or ""), "", True) for m in rows]


async def _replies(session: AsyncSession, ticket: Ticket) -> list[ContextEntry]:
    query = (select(Draft, Ticket.reference, OutboxItem.sent_at)
             .join(Ticket, Ticket.id == Draft.ticket_id)
             .outerjoin(OutboxItem, OutboxItem.draft_id == Draft.id)
             .where(Ticket.requester == ticket.requester,
                    Draft.status.in_((DraftStatus.APPROVED, DraftStatus.SENT)))
             .order_by(Draft.id.desc()).limit(LIMIT))
    entries = []
    for draft, reference, sent_at in (await session.execute(query)).all():
        sent = draft.status == DraftStatus.SENT or sent_at is not None
        at = sent_at or draft.decided_at or draft.created_at
        entries.append(ContextEntry(at, EntryKind.REPLY, reference or "", draft.subject, _first_line(draft.body),
                                    "sent" if sent else "approved", draft.ticket_id == ticket.id))
    return entries


async def _others(session: AsyncSession, ticket: Ticket) -> list[ContextEntry]:
    rows = (await session.execute(select(Ticket).where(Ticket.requester == ticket.requester, Ticket.id != ticket.id)
                                  .order_by(Ticket.id.desc()).limit(LIMIT))).scalars()
    return [ContextEntry(other.received_at, EntryKind.OTHER_TICKET, other.reference or "", other.subject, "",
                         other.status, False) for other in rows]


def _first_line(text: str, size: int = 160) -> str:
    """The text's opening, its lines joined: enough to recognise it (a greeting alone says little)."""
    opening = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return opening if len(opening) <= size else opening[: size - 1].rstrip() + "…"
