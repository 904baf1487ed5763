"""The state vocabularies of the stored rows, defined once.

The values are the strings stored in the database (a `StrEnum` member equals its value), so
the schema is unchanged and a member can be compared with, or written to, a column directly.
The transitions live beside the code that makes them: the outbox's in `outbox/queue.py`, the
request stages (a separate vocabulary) in `tickets/stages.py`.
"""

from __future__ import annotations

from enum import StrEnum


class MessageState(StrEnum):
    """stored (accepted and committed, not yet processed) -> processed | failed (kept for `messages retry`)."""

    STORED = "stored"
    PROCESSED = "processed"
    FAILED = "failed"


class TicketStatus(StrEnum):
    """Where a ticket sits in staff's queue; the request's legal progress is its stage."""

    AWAITING_APPROVAL = "awaiting_approval"  # a draft waits for staff
    OPEN = "open"  # staff have something to do, or a reply waits to be sent
    ANSWERED = "answered"  # the reply was delivered
    CLOSED = "closed"
    NOISE = "noise"  # machine mail: kept, never answered


class DraftStatus(StrEnum):
    """pending -> approved (queued in the outbox) -> sent; pending -> rejected | superseded (a newer draft)."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT = "sent"
    SUPERSEDED = "superseded"


class OutboxState(StrEnum):
    """The outbox's states; their transitions are drawn in `outbox/queue.py`'s docstring."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"


# Tickets staff have nothing left to do on (a requester's data may be erased only then).
SETTLED_STATUSES = frozenset({TicketStatus.ANSWERED, TicketStatus.CLOSED, TicketStatus.NOISE})

# The values as plain strings: argparse choices, the API's Literal types, filters from a URL.
MESSAGE_STATES = tuple(state.value for state in MessageState)
TICKET_STATUSES = tuple(status.value for status in TicketStatus)
DRAFT_STATUSES = tuple(status.value for status in DraftStatus)
OUTBOX_STATES = tuple(state.value for state in OutboxState)
