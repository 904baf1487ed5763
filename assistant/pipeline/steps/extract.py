"""Step: keep what the writer wrote now (quotes, forwards, signatures, disclaimers removed)."""

from assistant.mail.extract import extract_new_text
from assistant.pipeline.context import MessageContext, PipelineTools


def extract_text(ctx: MessageContext, tools: PipelineTools) -> None:
    assert ctx.parsed is not None
    ctx.new_text = extract_new_text(ctx.parsed.text)
