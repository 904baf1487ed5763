"""Step: queue the automatic acknowledgement of a new request, when `[replies] acknowledge` is on.

Only to a sender who is not forged (issue 16, finding 6): proven (a DMARC pass reported by our
server, a chat code: `steps/identity.py`) or whose SMTP envelope sender is aligned with From:.
Anything else would make the company mail whatever address a stranger typed (backscatter,
RFC 3834 section 3.2: an automatic responder must not become a vector for abuse).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.channels.chat import CHANNEL as CHAT_CHANNEL
from assistant.mail.authentication import envelope_aligned
from assistant.outbox.acknowledge import acknowledge
from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.tickets.audit import record_event
from assistant.tickets.stages import MARKETING_INTENTS


async def acknowledge_request(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    # Only a ticket this message opened: a follow-up in a thread was acknowledged already,
    # and machine mail never is (RFC 3834 section 2).
    if not tools.config.replies.acknowledge or ctx.ticket is None or not ctx.answerable or ctx.thread is not None:
        return
    if set(ctx.ticket.intents) <= MARKETING_INTENTS:
        return  # an opt-out is done at filing (Art. 21(3)): no "within one month" for it
    aligned = ctx.channel != CHAT_CHANNEL and envelope_aligned(ctx.envelope_sender, ctx.sender)
    if ctx.sender_proof is None and not aligned:
        record_event(session, ticket=ctx.ticket, actor="system", kind="acknowledgement_skipped",
                     message_pk=ctx.message_pk,
                     detail="the sender is not proven (no DMARC pass reported by our server) and the envelope "
                            "sender is not aligned with From: no automatic mail to a possibly forged address")
        return
    await acknowledge(session, ticket=ctx.ticket, parent_id=ctx.parsed.message_id if ctx.parsed else None,
                      parent_raw=ctx.raw, config=tools.config)
