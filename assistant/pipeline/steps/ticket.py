"""Step: thread the message into its ticket, or open a new one with its legal deadline.

A follow-up adds its requests to the ticket and never replaces them; each keeps its own
deadline. A follow-up whose sender is not proven (`steps/identity.py`) changes nothing by
itself: it is attached and the ticket flagged for staff, so a forged From cannot rewrite a
request or its pending reply.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.models import Ticket
from assistant.storage.states import TicketStatus
from assistant.tickets.audit import flag_for_review, record_event, set_status
from assistant.tickets.deadlines import due_date
from assistant.tickets.lifecycle import add_requests, change_stage, establish_identity, refresh_due
from assistant.tickets.service import open_ticket
from assistant.tickets.stages import FINISHED_STAGES, Identity, Stage, identity_for
from intents import order_intents
from intents.types import Entities


async def file_into_ticket(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    if ctx.thread is not None:
        ticket = await session.get(Ticket, ctx.thread.ticket_id)
        assert ticket is not None
        _join(ctx, session, ticket, tools)
    else:
        ticket = await _open(ctx, session, tools)
    ctx.ticket = ticket


def _join(ctx: MessageContext, session: AsyncSession, ticket: Ticket, tools: PipelineTools) -> None:
    assert ctx.thread is not None
    if ctx.noise is not None:
        record_event(session, ticket=ticket, actor="system", kind="noise_attached",
                     message_pk=ctx.message_pk, detail=f"{ctx.noise.reason} (threaded by {ctx.thread.rule})")
        return
    record_event(session, ticket=ticket, actor="system", kind="message_threaded",
                 message_pk=ctx.message_pk, detail=f"threaded by {ctx.thread.rule}")
    if ctx.understanding is not None:  # entities are read where the message is (steps/classify.py)
        ticket.entities = merge_entities(ticket.entities, ctx.entities)
    if ctx.concerns:
        flag_for_review(session, ticket, ctx.concerns)
        return
    if ctx.sender_proof is None:
        ctx.held_for_review = True
        flag_for_review(session, ticket, [f"a follow-up from {ctx.sender} is not proven to come from the requester (no "
                                "DMARC pass from our server, not a reply to our mail): it was attached and changed "
                                "nothing; read it and act on it yourself"])
        # Back in the working queue, for a person to read.
        if ticket.status in (TicketStatus.ANSWERED, TicketStatus.CLOSED):
            set_status(session, ticket, TicketStatus.OPEN, actor="system", why="a follow-up to read")
        return
    now = ctx.received_at
    if ticket.identity == Identity.PENDING and not Entities.from_json(ticket.entities).representative:
        establish_identity(session, ticket, Identity.VERIFIED, actor="system", how=ctx.sender_proof, now=now)
    if Stage(ticket.stage) == Stage.AWAITING_INFORMATION:
        change_stage(session, ticket, Stage.IN_PROGRESS, actor="system", why="the requester answered", now=now)
    _add_follow_up_requests(ctx, session, ticket, tools)
    set_status(session, ticket, TicketStatus.AWAITING_APPROVAL, actor="system", why="the requester wrote again")


def _add_follow_up_requests(ctx: MessageContext, session: AsyncSession, ticket: Ticket, tools: PipelineTools) -> None:
    understanding = ctx.understanding
    if understanding is None or understanding.primary == "other":
        return
    added = add_requests(ticket, [i for i in understanding.ordered_intents() if i != "other"],
                         message_pk=ctx.message_pk, received_at=ctx.received_at,
                         due_at=due_date(ctx.received_at, tools.config.service.timezone))
    if not added:
        return
    merged = set(ticket.intents) | {request.intent for request in added}
    merged.discard("other")
    if ticket.primary in (None, "other"):
        ticket.primary = understanding.primary
    ticket.intents = order_intents(merged, ticket.primary)
    ticket.needs_review = ticket.needs_review or understanding.needs_review
    record_event(session, ticket=ticket, actor="system", kind="requests_added", message_pk=ctx.message_pk,
                 detail=", ".join(request.intent for request in added) + " added by the requester's follow-up")
    if ticket.identity == Identity.NOT_NEEDED and identity_for([r.intent for r in added]) == Identity.PENDING:
        ticket.identity = Identity.PENDING
        record_event(session, ticket=ticket, actor="system", kind="identity_pending",
                     detail="the follow-up asks for something that needs the requester's identity (Art. 12(6))")
    if Stage(ticket.stage) in FINISHED_STAGES - {Stage.NOISE}:
        ticket.fulfilled_at = None
        change_stage(session, ticket, Stage.IN_PROGRESS, actor="system", why="a new request on the ticket",
                     now=ctx.received_at)
    refresh_due(ticket)


async def _open(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> Ticket:
    assert ctx.parsed is not None
    understanding = ctx.understanding
    requester = ctx.sender or (ctx.envelope_sender or "").lower() or "unknown"
    intents = understanding.ordered_intents() if understanding else []
    due_at = due_date(ctx.received_at, tools.config.service.timezone)
    identity = identity_for(intents) if ctx.answerable else Identity.NOT_NEEDED
    ticket = await open_ticket(
        session,
        requester=requester,
        requester_name=ctx.parsed.from_name,
        subject=ctx.parsed.subject,
        channel=ctx.channel,
        status=_first_status(ctx),
        received_at=ctx.received_at,
        due_at=due_at,
        intents=intents,
        primary=understanding.primary if understanding else None,
        language=understanding.language if understanding else "und",
        scores=dict(understanding.scores) if understanding else {},
        needs_review=False,
        review_reasons=[],
        entities=ctx.entities.to_json() if ctx.understanding else {},
        noise_rule=ctx.noise.rule if ctx.noise else None,
        linked_ticket_id=ctx.linked_ticket_id,
        stage=Stage.NOISE if ctx.noise else Stage.NEW,
        identity=identity,
    )
    if ctx.noise is not None:
        record_event(session, ticket=ticket, actor="system", kind="noise", message_pk=ctx.message_pk,
                     detail=f"{ctx.noise.rule}: {ctx.noise.reason}")
        return ticket
    add_requests(ticket, intents, message_pk=ctx.message_pk, received_at=ctx.received_at, due_at=due_at)
    # A representative's own mailbox proves nothing about the person concerned (steps/circumstances.py).
    if identity == Identity.PENDING and ctx.sender_proof and not ctx.entities.representative:
        establish_identity(session, ticket, Identity.VERIFIED, actor="system", how=ctx.sender_proof,
                           now=ctx.received_at)
    if ctx.thread_note:
        record_event(session, ticket=ticket, actor="system", kind="not_threaded",
                     message_pk=ctx.message_pk, detail=ctx.thread_note)
    reasons = list(ctx.concerns)
    if understanding is not None and understanding.needs_review:
        reasons += list(understanding.review_reasons) or ["low confidence"]
    if reasons:
        flag_for_review(session, ticket, reasons)
    return ticket


def _first_status(ctx: MessageContext) -> TicketStatus:
    if ctx.noise:
        return TicketStatus.NOISE
    return TicketStatus.AWAITING_APPROVAL if ctx.answerable else TicketStatus.OPEN


def merge_entities(stored: dict | None, new: Entities) -> dict:
    """A ticket's stored entities with a follow-up's added; keys an earlier version stored are kept."""
    return {**(stored or {}), **Entities.from_json(stored).merged(new).to_json()}
