"""Steps: what the message asks for, and what it mentions for staff. Machine mail is not read.

Both read at most `MAX_READ_CHARACTERS` of the new text: spaCy refuses texts over its
`nlp.max_length` (1,000,000 characters, error E088), and a request is stated in its first
pages, not its millionth character. A longer message still gets its ticket, flagged for a
person who reads the rest (GDPR Art. 12(3): every request is answered, however it is sent).
"""

from dataclasses import replace

from assistant.pipeline.context import MessageContext, PipelineTools
from intents.entities import extract_entities

MAX_READ_CHARACTERS = 100_000


def classify(ctx: MessageContext, tools: PipelineTools) -> None:
    assert ctx.parsed is not None
    if ctx.noise is not None or "the message has no text to read" in ctx.concerns:
        return
    subject, text = ctx.parsed.subject[:MAX_READ_CHARACTERS], ctx.new_text[:MAX_READ_CHARACTERS]
    understanding = tools.classifier.classify(subject, text)
    if len(ctx.new_text) > MAX_READ_CHARACTERS or len(ctx.parsed.subject) > MAX_READ_CHARACTERS:
        reason = (f"the message is {len(ctx.new_text):,} characters long: only the first "
                  f"{MAX_READ_CHARACTERS:,} were read to classify it; a person should read the rest")
        understanding = replace(understanding, needs_review=True,
                                review_reasons=(*understanding.review_reasons, reason))
    ctx.understanding = understanding


def find_entities(ctx: MessageContext, tools: PipelineTools) -> None:
    if ctx.understanding is None:
        return
    ctx.entities = extract_entities(ctx.new_text[:MAX_READ_CHARACTERS], sender=ctx.sender,
                                    language=ctx.understanding.language)
