"""Step: keep on the message row what the pipeline read, for staff and for reports.

Set on the row's object without loading it (`storage/batching.py`): the batch's flush writes every
message of the batch in one UPDATE, and a later message's query that reads these columns (threading
by reply headers) flushes first, as it would see any other change of this transaction.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.storage.batching import known_row
from assistant.storage.models import Message, utcnow


async def record_message(ctx: MessageContext, session: AsyncSession, tools: PipelineTools) -> None:
    parsed, understanding = ctx.parsed, ctx.understanding
    assert parsed is not None
    message = known_row(session, Message, ctx.message_pk)
    message.ticket_id = ctx.ticket.id if ctx.ticket else None
    message.from_address = parsed.from_address
    message.from_name = parsed.from_name
    message.subject = parsed.subject
    message.sent_at = parsed.date
    message.body_text = parsed.text
    message.body_html = parsed.html
    message.new_text = ctx.new_text
    message.attachments = [vars(attachment) for attachment in parsed.attachments]
    message.defects = list(parsed.defects)
    message.noise_rule = ctx.noise.rule if ctx.noise else None
    message.noise_reason = ctx.noise.reason if ctx.noise else None
    message.thread_rule = ctx.thread.rule if ctx.thread else ctx.thread_note
    message.language = understanding.language if understanding else None
    message.intents = understanding.ordered_intents() if understanding else None
    message.primary = understanding.primary if understanding else None
    message.decision_rule = (understanding.decision_rule or None) if understanding else None
    message.scores = dict(understanding.scores) if understanding else None
    message.processed_at = utcnow()
