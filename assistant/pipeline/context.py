"""The typed state a message carries through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from assistant.config import Config
from assistant.mail.noise import NoiseVerdict
from assistant.mail.types import ParsedMail
from intents import IntentResult
from intents.types import Entities

if TYPE_CHECKING:
    from assistant.storage.models import Draft, Ticket


class Classifier(Protocol):
    def classify(self, subject: str, body: str) -> IntentResult: ...

    def classify_many(self, items: list[tuple[str, str]]) -> list[IntentResult]: ...


@dataclass(frozen=True)
class PipelineTools:
    """What the steps need from outside, built once per process."""

    config: Config
    classifier: Classifier | None  # None in a `serve` whose reading processes hold the model (reading.py)


@dataclass(frozen=True)
class ThreadMatch:
    """An existing ticket this message refers to, and the rule that found it."""

    ticket_id: int
    rule: str


@dataclass
class MessageContext:
    message_pk: int
    raw: bytes
    channel: str
    envelope_sender: str | None
    received_at: datetime
    parsed: ParsedMail | None = None
    noise: NoiseVerdict | None = None
    new_text: str = ""
    understanding: IntentResult | None = None
    entities: Entities = field(default_factory=Entities)
    thread: ThreadMatch | None = None
    thread_note: str | None = None  # why a message that refers to a ticket was kept apart
    linked_ticket_id: int | None = None
    sender_proof: str | None = None  # how the sender is proven to control the From address, in words
    held_for_review: bool = False  # an unproven follow-up: attached, changed nothing, no draft
    concerns: list[str] = field(default_factory=list)  # why no reply can be drafted, in words
    ticket: Ticket | None = None
    draft: Draft | None = None

    @property
    def answerable(self) -> bool:
        """A person wrote, we know who, and there is text to read."""
        return self.noise is None and not self.concerns

    @property
    def sender(self) -> str:
        return self.parsed.from_address if self.parsed else ""
