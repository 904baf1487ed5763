"""Step: read the raw bytes into a `ParsedMail` (never raises on bad mail)."""

from assistant.mail.parse import parse_message
from assistant.pipeline.context import MessageContext, PipelineTools


def parse(ctx: MessageContext, tools: PipelineTools) -> None:
    ctx.parsed = parse_message(ctx.raw)
