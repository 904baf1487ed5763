"""Step: draft the reply staff will approve. Machine-generated mail never gets one."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.models import Draft
from assistant.tickets.service import add_draft
from replies import DraftRequest, render_draft


async def draft_reply(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    ticket, understanding = ctx.ticket, ctx.understanding
    if ctx.noise is not None or ticket is None or understanding is None or ctx.parsed is None:
        return
    intents = understanding.ordered_intents()
    if understanding.primary == "other" and ctx.thread is not None and ticket.intents:
        intents = list(ticket.intents)  # "thanks" in a thread: answer the ticket, not "other"
    language = "fr" if understanding.language == "fr" else "en"
    local = ZoneInfo(tools.config.service.timezone)
    rendered = render_draft(DraftRequest(
        reference=ticket.reference or "",
        language=language,
        intents=intents,
        requester_email=ticket.requester,
        requester_name=ticket.requester_name,
        subject=ctx.parsed.subject,
        # Dates are shown on the company's calendar, not in UTC (a Paris-midnight deadline is that day).
        received_at=ticket.received_at.astimezone(local),
        due_at=ticket.due_at.astimezone(local),
        entities={**ticket.entities, "question_text": ctx.new_text},
    ))
    ctx.draft = await add_draft(session, ticket, Draft(
        language=rendered.language,
        intents=intents,
        subject=rendered.subject,
        body=rendered.text,
        html=rendered.html,
        original_body=rendered.text,
        in_reply_to=ctx.parsed.message_id,
        message_id=new_message_id(tools.config.service.own_domains[0]),
    ))


def new_message_id(domain: str) -> str:
    """Our Message-ID, fixed when the draft is made so a resend can never mint a second one."""
    return f"{uuid.uuid4().hex}@{domain}"
