"""The JSON shapes of tickets: the public interface of `tickets list/show --json` and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Event, Message, Ticket


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def latest_draft_status() -> Any:
    """A scalar subquery: the status of a ticket's newest non-superseded draft, or NULL."""
    return (
        select(Draft.status).where(Draft.ticket_id == Ticket.id, Draft.status != "superseded")
        .order_by(Draft.id.desc()).limit(1).scalar_subquery()
    )


def ticket_list_query(*, status: str | None = None) -> Select:
    query = select(Ticket, latest_draft_status().label("draft_status"))
    if status:
        query = query.where(Ticket.status == status)
    return query.order_by(Ticket.id)


def ticket_summary(ticket: Ticket, draft_status: str | None) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "requester": ticket.requester,
        "subject": ticket.subject,
        "language": ticket.language,
        "intents": list(ticket.intents),
        "primary": ticket.primary,
        "received_at": iso(ticket.received_at),
        "due_at": iso(ticket.due_at),
        "draft_status": draft_status,
        "needs_review": ticket.needs_review,
        "channel": ticket.channel,
    }


def message_view(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "message_id": message.message_id,
        "sender": message.from_address,
        "sender_name": message.from_name,
        "subject": message.subject,
        "received_at": iso(message.received_at),
        "channel": message.channel,
        "text": message.new_text,
        "attachments": message.attachments,
        "noise_rule": message.noise_rule,
        "noise_reason": message.noise_reason,
        "thread_rule": message.thread_rule,
        "flag": message.flag,
        "defects": message.defects,
    }


def draft_view(draft: Draft) -> dict[str, Any]:
    return {
        "id": draft.id,
        "status": draft.status,
        "language": draft.language,
        "intents": list(draft.intents),
        "subject": draft.subject,
        "body": draft.body,
        "original_body": draft.original_body,
        "edited": draft.edited,
        "message_id": draft.message_id,
        "created_at": iso(draft.created_at),
        "decided_by": draft.decided_by,
        "decided_at": iso(draft.decided_at),
        "reason": draft.reason,
    }


def event_view(event: Event) -> dict[str, Any]:
    return {"at": iso(event.at), "actor": event.actor, "kind": event.kind, "detail": event.detail}


async def ticket_detail(session: AsyncSession, ticket: Ticket) -> dict[str, Any]:
    drafts = [draft for draft in ticket.drafts]
    current = next((d.status for d in reversed(drafts) if d.status != "superseded"), None)
    linked = None
    if ticket.linked_ticket_id:
        linked = (await session.execute(
            select(Ticket.reference).where(Ticket.id == ticket.linked_ticket_id))).scalar()
    linked_from = list((await session.execute(
        select(Ticket.reference).where(Ticket.linked_ticket_id == ticket.id))).scalars())
    return {
        **ticket_summary(ticket, current),
        "requester_name": ticket.requester_name,
        "scores": ticket.scores,
        "review_reasons": ticket.review_reasons,
        "entities": ticket.entities,
        "noise_rule": ticket.noise_rule,
        "linked_ticket": linked,
        "linked_from": linked_from,
        "messages": [message_view(m) for m in ticket.messages],
        "drafts": [draft_view(d) for d in drafts],
        "events": [event_view(e) for e in ticket.events],
    }


async def count_tickets(session: AsyncSession) -> int:
    return (await session.execute(select(func.count(Ticket.id)))).scalar_one()
