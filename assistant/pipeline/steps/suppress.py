"""Step: an opt-out takes effect when it is filed, before anyone approves anything.

GDPR Art. 21(3): "where the data subject objects to processing for direct marketing purposes,
the personal data shall no longer be processed for such purposes", with no balancing and no
identity step (Art. 12(6) does not apply: stopping mail to an address harms nobody). Staff can
take the address off the list again when the message was misread.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.tickets.stages import MARKETING_INTENTS
from assistant.tickets.suppression import suppress


async def suppress_marketing(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    understanding = ctx.understanding
    if ctx.ticket is None or not ctx.answerable or understanding is None:
        return
    if MARKETING_INTENTS.isdisjoint(understanding.intents):
        return
    await suppress(session, address=ctx.sender, ticket=ctx.ticket, actor="system", now=ctx.received_at,
                   why="the requester objected to direct marketing (GDPR Art. 21(3)), in effect at once; "
                       "undo a misread message with `privacy-assistant suppression remove`")
