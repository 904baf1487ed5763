"""Step: keep on the message row what the pipeline read, for staff and for reports."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.models import Message, utcnow


async def record_message(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    parsed, understanding = ctx.parsed, ctx.understanding
    assert parsed is not None
    await session.execute(update(Message).where(Message.id == ctx.message_pk).values(
        ticket_id=ctx.ticket.id if ctx.ticket else None,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        subject=parsed.subject,
        sent_at=parsed.date,
        body_text=parsed.text,
        body_html=parsed.html,
        new_text=ctx.new_text,
        attachments=[vars(attachment) for attachment in parsed.attachments],
        defects=list(parsed.defects),
        noise_rule=ctx.noise.rule if ctx.noise else None,
        noise_reason=ctx.noise.reason if ctx.noise else None,
        thread_rule=ctx.thread.rule if ctx.thread else ctx.thread_note,
        language=understanding.language if understanding else None,
        intents=understanding.ordered_intents() if understanding else None,
        primary=understanding.primary if understanding else None,
        decision_rule=(understanding.decision_rule or None) if understanding else None,
        scores=dict(understanding.scores) if understanding else None,
        processed_at=utcnow(),
    ))
