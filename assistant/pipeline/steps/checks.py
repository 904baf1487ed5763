"""Steps: can this message be answered at all? Concerns are said in words and put the ticket up for review.

A message with no sender address, one that claims to come from our own address (forged, or a
loop), or one with no readable text still gets a ticket, flagged for a person, but no draft:
there is nobody to answer, or nothing to answer.
"""

from __future__ import annotations

from assistant.mail.headers import is_own_domain
from assistant.pipeline.context import MessageContext, PipelineTools

# Below this share of letters among the visible characters, the "text" is binary or garbled.
MIN_LETTER_SHARE = 0.5


def check_sender(ctx: MessageContext, tools: PipelineTools) -> None:
    if ctx.noise is not None:
        return
    sender = ctx.sender or (ctx.envelope_sender or "").lower()
    if not sender or "@" not in sender:
        ctx.concerns.append("no sender address: there is nobody to answer")
        return
    domain = sender.rsplit("@", 1)[1]
    ours = {address.lower() for address in tools.config.smtp.recipients} | {tools.config.outbound.from_address.lower()}
    if sender in ours or is_own_domain(domain, tools.config.service.own_domains, subdomains=True):
        ctx.concerns.append(f"the sender address {sender} is our own: possibly forged, so no reply was drafted")


def check_text(ctx: MessageContext, tools: PipelineTools) -> None:
    if ctx.noise is not None or ctx.parsed is None:
        return
    visible = "".join(f"{ctx.parsed.subject} {ctx.new_text}".split())
    letters = sum(character.isalpha() for character in visible)
    if letters == 0:
        ctx.concerns.append("the message has no text to read")
    elif letters < MIN_LETTER_SHARE * len(visible):
        ctx.concerns.append("the message text is mostly not words (binary or garbled content)")
