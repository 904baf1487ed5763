"""Messages the pipeline could not process: the list staff see, and the one way to try them again.

A message that crashes a step keeps its raw bytes, goes to `failed` with the step and the reason
(runner.py), and waits for a person. `privacy-assistant messages retry` and the console's
"Failed messages" page both call `requeue_failed`; the pipeline then takes them up as new mail.
Each retry is an event in the audit trail naming who asked (GDPR Art. 5(2): accountability).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.intake import header_field
from assistant.mail.headers import header_text
from assistant.storage.models import Message
from assistant.storage.states import MessageState
from assistant.tickets.audit import record_event

# A purged message (retention, an erasure) has nothing left to process: it is never listed nor retried.
_RETRYABLE = (Message.state == MessageState.FAILED, Message.content_purged_at.is_(None))


# A failed message was never parsed: its sender and subject are read from the start of its bytes.
_HEAD_BYTES = 16 * 1024


@dataclass(frozen=True)
class FailedMessage:
    """What staff need to judge a failed message: who, when, which step, why."""

    id: int
    sender: str
    subject: str
    received_at: datetime
    step: str
    reason: str


async def failed_messages(session: AsyncSession, *, limit: int = 200) -> list[FailedMessage]:
    """The failed messages that can be retried, oldest first (the longest wait is the most urgent)."""
    query = (select(Message.id, Message.envelope_sender, Message.received_at, Message.failed_step, Message.error,
                    func.substr(Message.raw, 1, _HEAD_BYTES))
             .where(*_RETRYABLE).order_by(Message.received_at, Message.id).limit(limit))
    return [_described(*row) for row in (await session.execute(query)).all()]


def _described(pk: int, envelope_sender: str | None, received_at: datetime, step: str | None,
               error: str | None, head: bytes | None) -> FailedMessage:
    head = bytes(head or b"")
    sender = parseaddr(header_field(head, "From") or "")[1] or envelope_sender or ""
    subject = header_text(header_field(head, "Subject") or "")
    return FailedMessage(pk, sender, subject, received_at, step or "", error or "")


async def count_failed(session: AsyncSession) -> int:
    return (await session.execute(select(func.count()).select_from(Message).where(*_RETRYABLE))).scalar_one()


async def requeue_failed(session: AsyncSession, *, ids: Sequence[int] | None = None, actor: str) -> int:
    """Put failed messages (all, or those of `ids`) back to `stored`; returns how many. Caller commits."""
    query = update(Message).where(*_RETRYABLE)
    if ids is not None:
        query = query.where(Message.id.in_(list(ids)))
    queued = (await session.execute(query.values(state=MessageState.STORED, error=None, failed_step=None))).rowcount
    if queued:
        which = "all failed messages" if ids is None else "failed message(s) " + ", ".join(f"#{pk}" for pk in ids)
        record_event(session, actor=actor, kind="messages_retried", detail=f"{queued} queued again: {which}")
    return queued
