"""The contract between the ticket pipeline and reply drafting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DraftRequest:
    """Everything drafting may know about a ticket. The requester's words are data only."""

    reference: str  # PRIV-YYYY-NNNNNN
    language: str  # ISO 639-1; anything but "fr" is answered in English
    intents: list[str]  # ordered: primary first, then by importance
    requester_email: str
    requester_name: str  # may be empty
    subject: str  # the requester's subject, may be empty
    received_at: datetime
    due_at: datetime
    entities: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedDraft:
    """A reply ready for staff: plain text and an HTML alternative.

    `placeholders` lists every `[[STAFF: ...]]` left in the text: approval is refused
    while any remains.
    """

    language: str
    subject: str
    text: str
    html: str
    placeholders: list[str]
