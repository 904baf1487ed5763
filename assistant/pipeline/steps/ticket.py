"""Step: thread the message into its ticket, or open a new one with its legal deadline."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.models import Ticket
from assistant.tickets.deadlines import due_date
from assistant.tickets.service import open_ticket, record_event, set_status
from intents import order_intents


async def file_into_ticket(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    if ctx.thread is not None:
        ticket = await session.get(Ticket, ctx.thread.ticket_id)
        assert ticket is not None
        _join(ctx, session, ticket)
    else:
        ticket = await _open(ctx, session, tools)
    ctx.ticket = ticket


def _join(ctx: MessageContext, session: AsyncSession, ticket: Ticket) -> None:
    assert ctx.thread is not None
    if ctx.noise is not None:
        record_event(session, ticket=ticket, actor="system", kind="noise_attached",
                     message_pk=ctx.message_pk, detail=f"{ctx.noise.reason} (threaded by {ctx.thread.rule})")
        return
    record_event(session, ticket=ticket, actor="system", kind="message_threaded",
                 message_pk=ctx.message_pk, detail=f"threaded by {ctx.thread.rule}")
    understanding = ctx.understanding
    if understanding is not None and understanding.primary != "other":
        merged = set(ticket.intents) | set(understanding.intents)
        merged.discard("other")
        if ticket.primary in (None, "other"):
            ticket.primary = understanding.primary
        ticket.intents = order_intents(merged, ticket.primary)
        ticket.needs_review = ticket.needs_review or understanding.needs_review
    if ctx.entities:
        ticket.entities = _merge_entities(ticket.entities or {}, ctx.entities)
    if ctx.concerns:
        _flag(session, ticket, ctx.concerns)
        return
    set_status(session, ticket, "awaiting_approval", actor="system", why="the requester wrote again")


async def _open(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> Ticket:
    assert ctx.parsed is not None
    understanding = ctx.understanding
    requester = ctx.sender or (ctx.envelope_sender or "").lower() or "unknown"
    ticket = await open_ticket(
        session,
        requester=requester,
        requester_name=ctx.parsed.from_name,
        subject=ctx.parsed.subject,
        channel=ctx.channel,
        status="noise" if ctx.noise else ("awaiting_approval" if ctx.answerable else "open"),
        received_at=ctx.received_at,
        due_at=due_date(ctx.received_at, tools.config.service.timezone),
        intents=understanding.ordered_intents() if understanding else [],
        primary=understanding.primary if understanding else None,
        language=understanding.language if understanding else "und",
        scores=dict(understanding.scores) if understanding else {},
        needs_review=False,
        review_reasons=[],
        entities=ctx.entities,
        noise_rule=ctx.noise.rule if ctx.noise else None,
        linked_ticket_id=ctx.linked_ticket_id,
    )
    if ctx.noise is not None:
        record_event(session, ticket=ticket, actor="system", kind="noise", message_pk=ctx.message_pk,
                     detail=f"{ctx.noise.rule}: {ctx.noise.reason}")
    if ctx.thread_note:
        record_event(session, ticket=ticket, actor="system", kind="not_threaded",
                     message_pk=ctx.message_pk, detail=ctx.thread_note)
    reasons = list(ctx.concerns)
    if understanding is not None and understanding.needs_review:
        reasons += list(understanding.review_reasons) or ["low confidence"]
    if reasons:
        _flag(session, ticket, reasons)
    return ticket


def _flag(session: AsyncSession, ticket: Ticket, reasons: list[str]) -> None:
    """Put the ticket up for a person, saying why."""
    ticket.needs_review = True
    known = list(ticket.review_reasons or [])
    ticket.review_reasons = known + [reason for reason in reasons if reason not in known]
    record_event(session, ticket=ticket, actor="system", kind="needs_review", detail="; ".join(reasons))


def _merge_entities(old: dict, new: dict) -> dict:
    merged = dict(old)
    for key, values in new.items():
        if isinstance(values, list):
            known = list(merged.get(key, []))
            merged[key] = known + [value for value in values if value not in known]
        else:
            merged[key] = values
    return merged
