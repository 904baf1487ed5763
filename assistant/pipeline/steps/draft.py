"""Step: draft the reply staff will approve. Machine-generated mail never gets one.

A new ticket's reply covers what the message asks for; a follow-up's covers every request
still open on the ticket, so an earlier request is never dropped from the reply. An unproven
follow-up gets no draft: staff read it first (`steps/ticket.py`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.tickets.drafting import draft_reply_for, outstanding_intents


async def draft_reply(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    ticket, understanding = ctx.ticket, ctx.understanding
    if not ctx.answerable or ticket is None or understanding is None or ctx.parsed is None or ctx.held_for_review:
        return
    intents = understanding.ordered_intents() if ctx.thread is None else outstanding_intents(ticket)
    if not intents:  # "thanks" once everything is done: nothing to answer
        return
    ctx.draft = await draft_reply_for(session, ticket, intents=intents, subject=ctx.parsed.subject,
                                      new_text=ctx.new_text, in_reply_to=ctx.parsed.message_id,
                                      config=tools.config)
