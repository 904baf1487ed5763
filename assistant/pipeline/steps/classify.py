"""Steps: what the message asks for, and what it mentions for staff. Machine mail is not read."""

from assistant.pipeline.context import MessageContext, PipelineTools
from intents.entities import extract_entities


def classify(ctx: MessageContext, tools: PipelineTools) -> None:
    assert ctx.parsed is not None
    if ctx.noise is None and "the message has no text to read" not in ctx.concerns:
        ctx.understanding = tools.classifier.classify(ctx.parsed.subject, ctx.new_text)


def find_entities(ctx: MessageContext, tools: PipelineTools) -> None:
    if ctx.understanding is None:
        return
    ctx.entities = extract_entities(ctx.new_text, sender=ctx.sender, language=ctx.understanding.language)
