"""Step: does this message continue an existing ticket?

Rules are tried in order; the first that finds a ticket wins. A match only threads the
message when its sender is the ticket's requester: helpdesks that thread on headers or
subject tags alone have appended one customer's mail to another's ticket, which for
personal data is a disclosure. Otherwise the message opens its own ticket, linked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools, ThreadMatch
from assistant.storage.batching import autoflush_unless, changed_here
from assistant.storage.models import Draft, Message, OutboxItem, Ticket
from assistant.storage.states import TicketStatus
from assistant.tickets.references import normalize_subject, references_in
from assistant.tickets.service import requester_unwritten, ticket_by_reference

SAME_SUBJECT_WINDOW = timedelta(days=60)


async def by_reply_headers(ctx: MessageContext, session: AsyncSession) -> ThreadMatch | None:
    """In-Reply-To / References name a message of a ticket, theirs or ours (RFC 5322 §3.6.4).

    A Message-ID is the sender's to choose, so anyone can reuse the requester's (issue 16,
    finding 4). Among the tickets named, the one whose requester wrote this message wins, then
    one named by a Message-ID WE generated (a draft's or an outbox item's: nobody else mints
    those), then the newest.
    """
    assert ctx.parsed is not None
    ids = list(dict.fromkeys([*ctx.parsed.in_reply_to, *ctx.parsed.references]))[-100:]
    if not ids:
        return None
    theirs = select(Message.ticket_id).where(Message.message_id.in_(ids), Message.ticket_id.is_not(None),
                                             Message.id != ctx.message_pk)
    ours = select(Draft.ticket_id).where(Draft.message_id.in_(ids)).union(
        select(OutboxItem.ticket_id).where(OutboxItem.message_id.in_(ids), OutboxItem.ticket_id.is_not(None)))
    ours_found = set((await session.execute(ours)).scalars().all())
    found = ours_found | set((await session.execute(theirs)).scalars().all())
    if not found:
        return None
    requesters = dict((await session.execute(select(Ticket.id, Ticket.requester).where(Ticket.id.in_(found)))).all())

    def preference(ticket_id: int) -> tuple[bool, bool, int]:
        return (bool(ctx.sender) and requesters.get(ticket_id) == ctx.sender, ticket_id in ours_found, ticket_id)

    return ThreadMatch(ticket_id=max(found, key=preference), rule="reply headers")


async def by_subject_reference(ctx: MessageContext, session: AsyncSession) -> ThreadMatch | None:
    """The subject carries a ticket reference such as [PRIV-2026-000042]."""
    assert ctx.parsed is not None
    for reference in references_in(ctx.parsed.subject):
        ticket = await ticket_by_reference(session, reference)
        if ticket is not None:
            return ThreadMatch(ticket_id=ticket.id, rule=f"subject reference {reference}")
    return None


async def by_same_subject(ctx: MessageContext, session: AsyncSession) -> ThreadMatch | None:
    """The same requester writes again under the same subject ("Re:", "TR:" ... ignored)."""
    assert ctx.parsed is not None
    subject = normalize_subject(ctx.parsed.subject)
    if not subject or not ctx.sender:
        return None
    since = ctx.received_at - SAME_SUBJECT_WINDOW
    candidates = [(ticket_id, ticket_subject) for ticket_id, ticket_subject, received_at
                  in await _senders_open_tickets(ctx, session) if received_at >= since][:50]
    for ticket_id, ticket_subject in candidates:
        if normalize_subject(ticket_subject) == subject:
            return ThreadMatch(ticket_id=ticket_id, rule="same requester and subject")
    return None


OpenTickets = dict[str, list[tuple[int, str, datetime]]]  # requester -> (id, subject, received), newest first
_BATCH_SENDERS_TICKETS = "open tickets of the batch's senders, read as the batch began"


async def open_tickets_of(session: AsyncSession, requesters: set[str], since: datetime) -> OpenTickets:
    found: OpenTickets = {requester: [] for requester in requesters}
    rows = await session.execute(
        select(Ticket.id, Ticket.subject, Ticket.requester, Ticket.received_at).where(
            Ticket.requester.in_(requesters), Ticket.status != TicketStatus.CLOSED,
            Ticket.status != TicketStatus.NOISE, Ticket.received_at >= since,
        ).order_by(Ticket.id.desc()))
    for ticket_id, subject, requester, received_at in rows:
        found[requester].append((ticket_id, subject, received_at))
    return found


async def read_senders_tickets(contexts: list[MessageContext], session: AsyncSession, tools: PipelineTools) -> None:
    """Before a batch is filed: its senders' open tickets in one query, instead of one query a message.

    A sender's list is used as long as no ticket of theirs was opened or changed in this transaction
    (`_senders_open_tickets`); SQLite's write lock, held since the claim, keeps other writers out.
    On PostgreSQL another worker's ticket committed during the batch (a fraction of a second) is
    not seen, as it was not when both workers' transactions overlapped before."""
    senders = {ctx.sender for ctx in contexts if ctx.parsed is not None and ctx.sender}
    if senders:
        since = min(ctx.received_at for ctx in contexts) - SAME_SUBJECT_WINDOW
        session.info[_BATCH_SENDERS_TICKETS] = await open_tickets_of(session, senders, since)


async def _senders_open_tickets(ctx: MessageContext, session: AsyncSession) -> list[tuple[int, str, datetime]]:
    read_before: OpenTickets = session.info.get(_BATCH_SENDERS_TICKETS, {})
    if ctx.sender in read_before and not any(t.requester == ctx.sender for t in changed_here(session, Ticket)):
        return read_before[ctx.sender]
    with autoflush_unless(session, settled=not requester_unwritten(session, ctx.sender)):
        return (await open_tickets_of(session, {ctx.sender}, ctx.received_at - SAME_SUBJECT_WINDOW))[ctx.sender]


THREAD_RULES = (by_reply_headers, by_subject_reference, by_same_subject)


async def find_thread(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    for rule in THREAD_RULES:
        match = await rule(ctx, session)
        if match is None:
            continue
        ticket = await session.get(Ticket, match.ticket_id)
        if ticket is not None and ctx.sender and ticket.requester == ctx.sender:
            ctx.thread = match
        elif ticket is not None:
            ctx.linked_ticket_id = ticket.id
            ctx.thread_note = (f"refers to {ticket.reference} ({match.rule}) but was sent by another "
                               "address than its requester: kept apart and linked")
        return
