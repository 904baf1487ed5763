"""Step: draft the reply staff will approve. Machine-generated mail never gets one."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.tickets.drafting import draft_reply_for


async def draft_reply(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    ticket, understanding = ctx.ticket, ctx.understanding
    if not ctx.answerable or ticket is None or understanding is None or ctx.parsed is None:
        return
    intents = understanding.ordered_intents()
    if understanding.primary == "other" and ctx.thread is not None and ticket.intents:
        intents = list(ticket.intents)  # "thanks" in a thread: answer the ticket, not "other"
    ctx.draft = await draft_reply_for(session, ticket, intents=intents, subject=ctx.parsed.subject,
                                      new_text=ctx.new_text, in_reply_to=ctx.parsed.message_id,
                                      config=tools.config)
