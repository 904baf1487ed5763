"""Purging content while keeping the record of what was done.

A purge (retention or an erasure) empties what people wrote and what we wrote to them:
raw mail, extracted text, chat transcripts, attachments (they live in the raw bytes),
addresses and names, drafts and sent replies. What accountability needs stays (GDPR
Art. 5(2)): reference, intents, status, dates, deadline, who approved what and when.
Event rows stay too, their detail cut to the part the system wrote itself: the database
only lets a detail shrink to a prefix of itself (migration 0007).

Every function takes ids, skips what is already purged (so running twice changes nothing)
and does not commit.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import String, bindparam, cast, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, DraftRevision, Event, Message, OutboxItem, Ticket, TicketNote

REMOVED = "(removed)"
CONTENT_PURGED = "content_purged"  # the event kind that marks a purged ticket on its timeline

# Details the system writes without any content: ids, statuses, rule names, references.
_KEPT_DETAILS = frozenset({"ticket_opened", "draft_created", "draft_approved", "draft_edited", "reclassified",
                           "merged_into", "merged_from", "message_threaded", "reply_in_flight", CONTENT_PURGED})
# Details that start with a system-written head ("open -> closed", "outbox #3", "received over email,
# 812 bytes") and may go on, after ": " or "; ", with words a person or a relay wrote.
_HEAD_DETAILS = frozenset({"status_changed", "deadline_extended", "message_received", "reply_cancelled"})
_HEAD_SUFFIXES = ("_queued", "_sent", "_requeued", "_deferred")
_HEAD_END = re.compile(r": |; ")


@dataclass
class PurgeCounts:
    """How many rows had content removed, by kind."""

    tickets: int = 0
    messages: int = 0
    drafts: int = 0
    outbox: int = 0
    events: int = 0

    def add(self, other: PurgeCounts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def reduced_detail(kind: str, detail: str) -> str:
    """What an event keeps after a purge: always a prefix of its detail (the database checks it)."""
    if kind in _KEPT_DETAILS:
        return detail
    if kind in _HEAD_DETAILS or kind.endswith(_HEAD_SUFFIXES):
        return _HEAD_END.split(detail, maxsplit=1)[0]
    return ""


async def purge_messages(session: AsyncSession, message_ids: list[int], *, now: datetime) -> int:
    """Empty the messages' content; state, channel, dates, ticket, intents and noise rule stay."""
    if not message_ids:
        return 0
    # A Message-ID can carry its writer's address: it becomes one of ours, unique by the row id.
    placeholder_id = literal("purged.") + cast(Message.id, String) + literal("@privacy-assistant.invalid")
    result = await session.execute(
        update(Message).where(Message.id.in_(message_ids), Message.content_purged_at.is_(None)).values(
            message_id=placeholder_id, raw=b"", envelope_sender=None, envelope_recipients=[], from_address=None,
            from_name=None, subject=None, body_text=None, new_text=None, body_html=None, attachments=[], defects=[],
            error=None, flag=None, noise_reason=None, content_purged_at=now))
    return result.rowcount


async def purge_tickets(session: AsyncSession, ticket_ids: list[int], *,
                        now: datetime) -> tuple[PurgeCounts, list[int]]:
    """Empty the tickets' content and everything filed under them; also returns the ids of the tickets
    this call purged (another process may have purged some of them a moment before)."""
    counts = PurgeCounts()
    if not ticket_ids:
        return counts, []
    message_ids = await ticket_message_ids(session, ticket_ids)
    counts.messages = await purge_messages(session, message_ids, now=now)
    counts.drafts = await purge_drafts(session, ticket_ids)
    counts.outbox = await purge_outbox(session, ticket_ids)
    stripped = await strip_tickets(session, ticket_ids, now=now)
    counts.tickets = len(stripped)
    counts.events = await reduce_events(session, ticket_ids=ticket_ids, message_ids=message_ids)
    return counts, stripped


async def ticket_message_ids(session: AsyncSession, ticket_ids: list[int]) -> list[int]:
    return list((await session.execute(select(Message.id).where(Message.ticket_id.in_(ticket_ids)))).scalars())


async def purge_drafts(session: AsyncSession, ticket_ids: list[int]) -> int:
    """Drafts keep their status, language, intents, and who edited, approved or rejected them when.

    Each earlier text of a draft (the draft history) and each internal note is emptied with them:
    they hold the same personal data. Who wrote them, and when, stays."""
    await session.execute(update(DraftRevision).where(DraftRevision.ticket_id.in_(ticket_ids), DraftRevision.body != "")
                          .values(body=""))
    await session.execute(update(TicketNote).where(TicketNote.ticket_id.in_(ticket_ids), TicketNote.body != "")
                          .values(body="", mentions=[]))
    return (await session.execute(
        update(Draft).where(Draft.ticket_id.in_(ticket_ids), or_(Draft.body != "", Draft.original_body != ""))
        .values(subject="", body="", html="", original_body="", reason=None, in_reply_to=None))).rowcount


async def purge_outbox(session: AsyncSession, ticket_ids: list[int]) -> int:
    """Replies and acknowledgements keep their state, Message-ID and when they were sent."""
    return (await session.execute(
        update(OutboxItem).where(OutboxItem.ticket_id.in_(ticket_ids), OutboxItem.raw != b"")
        .values(raw=b"", recipients=[], last_error=None, relay_reply=None))).rowcount


async def strip_tickets(session: AsyncSession, ticket_ids: list[int], *, now: datetime) -> list[int]:
    """Tickets keep reference, status, channel, intents, scores, language, dates and deadline.
    Returns the ids it changed."""
    if not ticket_ids:
        return []
    return list((await session.execute(
        update(Ticket).where(Ticket.id.in_(ticket_ids), Ticket.content_purged_at.is_(None))
        .values(requester=REMOVED, requester_name="", subject="", entities={}, review_reasons=[],
                content_purged_at=now).returning(Ticket.id)
        .execution_options(synchronize_session=False))).scalars())


async def reduce_events(session: AsyncSession, *, ticket_ids: list[int], message_ids: list[int]) -> int:
    """Cut the events of these tickets and messages to their system-written part."""
    conditions = []
    if ticket_ids:
        conditions.append(Event.ticket_id.in_(ticket_ids))
    if message_ids:
        conditions.append(Event.message_pk.in_(message_ids))
    if not conditions:
        return 0
    rows = (await session.execute(select(Event.id, Event.kind, Event.detail).where(or_(*conditions)))).all()
    changes = [{"event_id": event_id, "shorter": reduced_detail(kind, detail or "")}
               for event_id, kind, detail in rows if reduced_detail(kind, detail or "") != (detail or "")]
    if changes:  # one statement, executed for each row (executemany)
        events = Event.__table__
        await session.execute(events.update().where(events.c.id == bindparam("event_id"))
                              .values(detail=bindparam("shorter")), changes)
    return len(changes)
