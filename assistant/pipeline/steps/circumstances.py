"""Step: what about this request changes how it is handled. Each rule records why it fired.

- A complaint about an earlier request is linked to it and keeps its deadline: the delay is
  not restarted by complaining about it (GDPR Art. 12(3)); it may already be overdue.
- A writer acting for someone else (`on_behalf`) or for a child (`minor`) is a representative:
  the reply asks for proof of authority (a mandate, parental responsibility), the ticket goes
  to staff, and a proof that the writer controls their own mailbox does not establish the
  identity of the person concerned (Art. 12(6)).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.batching import autoflush_unless
from assistant.storage.models import Ticket
from assistant.tickets.audit import record_event
from assistant.tickets.lifecycle import refresh_due
from assistant.tickets.references import references_in
from assistant.tickets.service import requester_unwritten, ticket_by_reference
from assistant.tickets.stages import ANSWER_INTENTS, Stage
from intents.types import Entities

EARLIER_WINDOW = timedelta(days=400)


async def earlier_ticket(ctx: MessageContext, session: AsyncSession, ticket: Ticket) -> tuple[Ticket, str] | None:
    """The request complained about: one the writer names by reference, else their latest real request."""
    assert ctx.parsed is not None
    for reference in references_in(f"{ctx.parsed.subject} {ctx.new_text}"):
        named = await ticket_by_reference(session, reference)
        if named is not None and named.id != ticket.id and named.requester == ticket.requester:
            return named, f"named by its reference {reference}"
    with autoflush_unless(session, settled=not requester_unwritten(session, ticket.requester, besides=ticket)):
        candidates = (await session.execute(
            select(Ticket).where(Ticket.requester == ticket.requester, Ticket.id != ticket.id,
                                 Ticket.stage != Stage.NOISE, Ticket.received_at < ticket.received_at,
                                 Ticket.received_at >= ticket.received_at - EARLIER_WINDOW)
            .order_by(Ticket.received_at.desc()).limit(20))).scalars().all()
    for candidate in candidates:
        if not set(candidate.intents or []) <= ANSWER_INTENTS:
            return candidate, "the same requester's latest request"
    return None


async def link_complaint(ctx: MessageContext, session: AsyncSession, ticket: Ticket) -> None:
    found = await earlier_ticket(ctx, session, ticket)
    if found is None:
        return
    earlier, rule = found
    ticket.earlier_ticket_id = earlier.id
    for request in ticket.requests:
        if request.intent == "complaint":
            request.due_at = min(request.due_at, earlier.due_at)
    refresh_due(ticket)
    reason = (f"complaint about the earlier request {earlier.reference} ({rule}), due {earlier.due_at:%Y-%m-%d}: "
              "its deadline is kept")
    ticket.needs_review = True
    ticket.review_reasons = [*(ticket.review_reasons or []), reason]
    record_event(session, ticket=ticket, actor="system", kind="complaint_linked", detail=reason)
    record_event(session, ticket=earlier, actor="system", kind="complaint_received",
                 detail=f"the requester complained about this request in {ticket.reference}")


def flag_representative(session: AsyncSession, ticket: Ticket) -> None:
    role = Entities.from_json(ticket.entities).representative
    if not role:
        return
    who = "a parent or guardian writing about a child" if role == "parent" else "someone writing for another person"
    reason = f"{who}: ask for proof of authority before acting (GDPR Art. 12(6))"
    ticket.needs_review = True
    ticket.review_reasons = [*(ticket.review_reasons or []), reason]
    record_event(session, ticket=ticket, actor="system", kind="representative", detail=reason)


async def weigh_circumstances(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    ticket = ctx.ticket
    if ticket is None or ctx.thread is not None or not ctx.answerable or ctx.understanding is None:
        return
    if "complaint" in ticket.intents:
        await link_complaint(ctx, session, ticket)
    flag_representative(session, ticket)
