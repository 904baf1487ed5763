"""What the pipeline knows about one parsed message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    """Recorded by name, type and size; the bytes stay in the raw message, never executed."""

    filename: str
    content_type: str
    size: int


@dataclass
class ParsedMail:
    """A raw message read with `email.policy.default`, tolerant of broken input.

    `text` is the readable body (text/plain preferred, HTML turned into text);
    `defects` lists, in words, what was wrong with the message and how it was read anyway.
    """

    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    from_address: str
    from_name: str
    subject: str
    date: datetime | None
    text: str
    html: str | None
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name -> values
    content_type: str = "text/plain"
    defects: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        """The first value of a header, or None."""
        values = self.headers.get(name.lower())
        return values[0] if values else None
