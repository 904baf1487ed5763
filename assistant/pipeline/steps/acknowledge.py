"""Step: queue the automatic acknowledgement of a new request, when `[replies] acknowledge` is on."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.outbox.acknowledge import acknowledge
from assistant.pipeline.context import MessageContext, PipelineTools


async def acknowledge_request(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    # Only a ticket this message opened: a follow-up in a thread was acknowledged already,
    # and machine mail never is (RFC 3834 section 2).
    if not tools.config.replies.acknowledge or ctx.ticket is None or not ctx.answerable or ctx.thread is not None:
        return
    await acknowledge(session, ticket=ctx.ticket, parent_id=ctx.parsed.message_id if ctx.parsed else None,
                      parent_raw=ctx.raw, config=tools.config)
