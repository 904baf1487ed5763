"""The audit trail's one home: every event row, status change and review flag is written here.

GDPR Art. 5(2) (accountability) and Art. 30 ask that we can show what was done with a
request and by whom; the `events` table is that record. It is append-only: database
triggers refuse DELETE, and any UPDATE but a purge shortening a detail (migration 0007), so
these functions only ever add rows.

This module sits at the bottom of the house (storage models and the standard library
only), so the ticket service, the outbox, the pipeline and the CLI can all import it
without importing each other. The functions take an open session and do not commit: the
caller decides the transaction, so a change and its event are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Event, Ticket, utcnow
from assistant.storage.states import TicketStatus

REASON_LIMIT = 500  # characters of one review reason kept on the ticket; the event keeps them all


def record_event(session: AsyncSession, *, ticket: Ticket | None = None, actor: str, kind: str,
                 detail: str = "", message_pk: int | None = None, ticket_id: int | None = None,
                 at: datetime | None = None) -> Event:
    """Add one event row. `ticket_id` serves callers holding only an id (a purge, the outbox)."""
    event = Event(ticket_id=ticket.id if ticket is not None else ticket_id, message_pk=message_pk,
                  actor=actor, kind=kind, detail=detail)
    if at is not None:
        event.at = at
    session.add(event)
    return event


def set_status(session: AsyncSession, ticket: Ticket, status: TicketStatus, *, actor: str, why: str = "") -> None:
    """The one place a status changes. `closed_at` follows it: retention counts from the last closing."""
    if ticket.status == status:
        return
    previous, ticket.status = ticket.status, status
    ticket.closed_at = utcnow() if status == TicketStatus.CLOSED else None
    record_event(session, ticket=ticket, actor=actor, kind="status_changed",
                 detail=f"{previous} -> {status}" + (f": {why}" if why else ""))


def flag_for_review(session: AsyncSession, ticket: Ticket, reasons: str | Iterable[str], *,
                    kind: str = "needs_review", actor: str = "system", message_pk: int | None = None) -> None:
    """Put the ticket up for a person, saying why in words (the console lists the reasons).

    A reason already on the ticket is not repeated there; the event records this flag's
    reasons in full either way, under `kind` (e.g. `reply_failed`) so the trail says what happened.
    """
    given = [reasons] if isinstance(reasons, str) else list(reasons)
    known = list(ticket.review_reasons or [])
    ticket.needs_review = True
    ticket.review_reasons = known + [r for r in dict.fromkeys(r[:REASON_LIMIT] for r in given) if r not in known]
    record_event(session, ticket=ticket, actor=actor, kind=kind, message_pk=message_pk, detail="; ".join(given))


__all__ = ["flag_for_review", "record_event", "set_status"]
