"""Step: recognise machine-generated mail, which is kept but never answered (RFC 3834)."""

from assistant.mail.noise import detect_noise
from assistant.pipeline.context import MessageContext, PipelineTools


def detect_machine_mail(ctx: MessageContext, tools: PipelineTools) -> None:
    assert ctx.parsed is not None
    ctx.noise = detect_noise(ctx.parsed, envelope_sender=ctx.envelope_sender,
                             own_domains=tools.config.service.own_domains)
