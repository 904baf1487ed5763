"""Step: queue the automatic acknowledgement of a new request, when `[replies] acknowledge` is on."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.outbox.acknowledge import acknowledge
from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.tickets.stages import MARKETING_INTENTS


async def acknowledge_request(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    # Only a ticket this message opened: a follow-up in a thread was acknowledged already,
    # and machine mail never is (RFC 3834 section 2).
    if not tools.config.replies.acknowledge or ctx.ticket is None or not ctx.answerable or ctx.thread is not None:
        return
    if set(ctx.ticket.intents) <= MARKETING_INTENTS:
        return  # an opt-out is done at filing (Art. 21(3)): no "within one month" for it

    await acknowledge(session, ticket=ctx.ticket, parent_id=ctx.parsed.message_id if ctx.parsed else None,
                      parent_raw=ctx.raw, config=tools.config)
