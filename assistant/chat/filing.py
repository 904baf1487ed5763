"""Filing a verified chat request: one mail through the one intake, marked as verified.

The request is stored by `assistant.intake.accept` (channel "chat") as a mail from the verified
address, with the conversation attached, and the pipeline opens and drafts its ticket as for any
mail. The chat marks the stored message as verified by a one-time code; the pipeline's identity
step (`assistant/pipeline/steps/identity.py`) reads that mark and records identity as verified on
the ticket when it files it, however long after the visitor left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from assistant.channels.chat import ChatSubmission, Filing, accept_chat, wait_for_filing
from assistant.storage.database import Database

log = logging.getLogger(__name__)

IDENTITY_EVENT = "identity_verified"
# How long a background task keeps waiting to tie the event to a ticket the pipeline files late.
LATE_FILING_SECONDS = 600.0


@dataclass(frozen=True)
class VerifiedRequest:
    """What the visitor asked for, from the address they proved they read."""

    address: str
    text: str
    transcript: str


def transcript_text(entries: list[dict], *, timezone) -> str:
    """The conversation as staff read it in the attached file: time, who, what (their words as typed)."""
    lines = []
    for entry in entries:
        at = datetime.fromisoformat(entry["at"]).astimezone(timezone).strftime("%Y-%m-%d %H:%M")
        who = "Visitor" if entry["from"] == "visitor" else "Assistant"
        lines.append(f"[{at}] {who}: {entry['text']}")
    return "\n".join(lines) + "\n"


async def file_verified_request(db: Database, request: VerifiedRequest, *, recipient: str, wait_seconds: float,
                                on_stored: Callable[[], None] | None) -> Filing | None:
    """Store the request marked as verified (raises on a storage failure: nothing was filed), and
    return its filing if the pipeline made it within `wait_seconds` (None: it will come by email)."""
    submission = ChatSubmission(address=request.address, name="", text=request.text)
    accepted = await accept_chat(db, submission, recipient=recipient, on_stored=on_stored,
                                 transcript=request.transcript, verified=True)
    return await wait_for_filing(db, accepted.message_pk, timeout=wait_seconds, verified=True)
