"""Filing a verified chat request: one mail through the one intake, then a note on its ticket.

The request is stored by `assistant.intake.accept` (channel "chat") as a mail from the verified
address, with the conversation attached, and the pipeline opens and drafts its ticket as for any
mail. The proof of identity is recorded as an event: "identity verified by a one-time code sent to
...". It is written against the message at once and tied to the ticket when the pipeline has filed
it, so it is never lost if the pipeline is slower than the visitor.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update

from assistant.channels.chat import ChatSubmission, Filing, accept_chat, wait_for_filing
from assistant.storage.database import Database
from assistant.storage.models import Event

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
                                on_stored: Callable[[], None] | None, background: set[asyncio.Task]
                                ) -> Filing | None:
    """Store the request (raises on a storage failure: nothing was filed), note the verification, and
    return its filing if the pipeline made it within `wait_seconds` (None: it will come by email)."""
    submission = ChatSubmission(address=request.address, name="", text=request.text)
    accepted = await accept_chat(db, submission, recipient=recipient, on_stored=on_stored,
                                 transcript=request.transcript)
    async with db.session() as session:
        session.add(Event(message_pk=accepted.message_pk, actor="system", kind=IDENTITY_EVENT,
                          detail=f"identity verified by a one-time code sent to {request.address} (website chat)"))
        await session.commit()
    filing = await wait_for_filing(db, accepted.message_pk, timeout=wait_seconds, verified=True)
    if filing is not None and filing.ticket_id is not None:
        await _tie_to_ticket(db, accepted.message_pk, filing.ticket_id)
    else:
        task = asyncio.create_task(_tie_when_filed(db, accepted.message_pk))
        background.add(task)
        task.add_done_callback(background.discard)
    return filing


async def _tie_to_ticket(db: Database, message_pk: int, ticket_id: int) -> None:
    # TODO(issue 11, at merge): also set tickets.identity = "verified" here.
    async with db.session() as session:
        await session.execute(update(Event).where(Event.message_pk == message_pk, Event.kind == IDENTITY_EVENT)
                              .values(ticket_id=ticket_id))
        await session.commit()


async def _tie_when_filed(db: Database, message_pk: int) -> None:
    try:
        filing = await wait_for_filing(db, message_pk, timeout=LATE_FILING_SECONDS, interval=1.0, verified=True)
        if filing is not None and filing.ticket_id is not None:
            await _tie_to_ticket(db, message_pk, filing.ticket_id)
    except Exception:  # the event stays on the message, where staff still see it
        log.exception("could not tie the identity verification of message %s to its ticket", message_pk)
