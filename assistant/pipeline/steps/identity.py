"""Step: is the sender proven to control the From address? (GDPR Art. 12(6), proportionate)

Two proofs count, each a rule that says why it fired:
- a DMARC pass for the From domain reported by OUR receiving server (`mail/authentication.py`);
- a reply to a message we sent to that address on this ticket: its In-Reply-To/References name
  a Message-ID we generated and delivered;
- a website chat request whose visitor typed back the one-time code mailed to the address
  (`assistant/chat/verification.py`): the chat marks the message it stores, and the mark counts
  on channel "chat" only. The reference in the subject does not count: it is
  printed in every reply and guessable.
Without a proof, a new request waits for identity where the law allows asking for it, and a
follow-up cannot change its ticket by itself (a forged From must not replace a pending draft).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.channels.chat import CHANNEL as CHAT_CHANNEL
from assistant.channels.chat import VERIFIED_HEADER
from assistant.mail.authentication import dmarc_pass
from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.models import OutboxItem
from assistant.storage.states import OutboxState


def by_dmarc(ctx: MessageContext, tools: PipelineTools) -> str | None:
    assert ctx.parsed is not None
    headers = ctx.parsed.headers.get("authentication-results", [])
    if dmarc_pass(headers, server=tools.config.identity.authserv_id, from_address=ctx.sender):
        return f"DMARC pass for the From domain reported by our server {tools.config.identity.authserv_id}"
    return None


async def by_reply_to_our_mail(ctx: MessageContext, session: AsyncSession) -> str | None:
    assert ctx.parsed is not None
    if ctx.thread is None:
        return None
    ids = list(dict.fromkeys([*ctx.parsed.in_reply_to, *ctx.parsed.references]))[-100:]
    if not ids:
        return None
    ours = (await session.execute(select(OutboxItem.message_id).where(
        OutboxItem.message_id.in_(ids), OutboxItem.state == OutboxState.SENT,
        OutboxItem.ticket_id == ctx.thread.ticket_id,
    ).limit(1))).scalar()
    return f"a reply to our message <{ours}> sent to that address" if ours else None


def by_chat_code(ctx: MessageContext) -> str | None:
    assert ctx.parsed is not None
    if ctx.channel != CHAT_CHANNEL or not ctx.parsed.headers.get(VERIFIED_HEADER.lower()):
        return None
    return f"a one-time code sent to {ctx.sender} (website chat)"


async def prove_sender(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    if not ctx.answerable or ctx.parsed is None:
        return
    ctx.sender_proof = by_chat_code(ctx) or by_dmarc(ctx, tools) or await by_reply_to_our_mail(ctx, session)
