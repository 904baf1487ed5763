"""Steps: what the message asks for, and what it mentions for staff. Machine mail is not read.

Both read at most `MAX_READ_CHARACTERS` of the new text: spaCy refuses texts over its
`nlp.max_length` (1,000,000 characters, error E088), and a request is stated in its first
pages, not its millionth character. A longer message still gets its ticket, flagged for a
person who reads the rest (GDPR Art. 12(3): every request is answered, however it is sent).
"""

from dataclasses import replace

from assistant.pipeline.context import MessageContext, PipelineTools
from intents import IntentResult

MAX_READ_CHARACTERS = 100_000


def classify(ctx: MessageContext, tools: PipelineTools) -> None:
    classify_batch([ctx], tools)


def classify_batch(contexts: list[MessageContext], tools: PipelineTools) -> None:
    """Classify several messages in one call: spaCy's `nlp.pipe` and the TF-IDF reading work by batch,
    so a burst's backlog costs far less per message than one call each."""
    assert tools.classifier is not None, "reading runs where the model is loaded"
    readable = [ctx for ctx in contexts if _readable(ctx)]
    items = [(ctx.parsed.subject[:MAX_READ_CHARACTERS], ctx.new_text[:MAX_READ_CHARACTERS])  # type: ignore[union-attr]
             for ctx in readable]
    for ctx, understanding in zip(readable, tools.classifier.classify_many(items) if items else [], strict=True):
        ctx.understanding = _flag_unread_rest(ctx, understanding)


def _readable(ctx: MessageContext) -> bool:
    assert ctx.parsed is not None
    return ctx.noise is None and "the message has no text to read" not in ctx.concerns


def _flag_unread_rest(ctx: MessageContext, understanding: IntentResult) -> IntentResult:
    assert ctx.parsed is not None
    if len(ctx.new_text) <= MAX_READ_CHARACTERS and len(ctx.parsed.subject) <= MAX_READ_CHARACTERS:
        return understanding
    reason = (f"the message is {len(ctx.new_text):,} characters long: only the first "
              f"{MAX_READ_CHARACTERS:,} were read to classify it; a person should read the rest")
    return replace(understanding, needs_review=True, review_reasons=(*understanding.review_reasons, reason))


def find_entities(ctx: MessageContext, tools: PipelineTools) -> None:
    # Imported here: spaCy (about 60 MB) then loads only where mail is read, not in a `serve` with readers.
    from intents.entities import extract_entities

    if ctx.understanding is None:
        return
    ctx.entities = extract_entities(ctx.new_text[:MAX_READ_CHARACTERS], sender=ctx.sender,
                                    language=ctx.understanding.language)
