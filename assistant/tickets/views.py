"""The JSON shapes of tickets: the public interface of `tickets list/show --json` and the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Event, Message, Ticket, TicketRequest, utcnow
from assistant.tickets.clock import is_overdue, is_paused
from assistant.tickets.stages import RUNNING_STAGES
from replies.recipients import RECIPIENT_CATEGORIES


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def latest_draft_status() -> Any:
    """A scalar subquery: the status of a ticket's newest non-superseded draft, or NULL."""
    return (
        select(Draft.status).where(Draft.ticket_id == Ticket.id, Draft.status != "superseded")
        .order_by(Draft.id.desc()).limit(1).scalar_subquery()
    )


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """SQL for `clock.is_overdue`: past due in a stage where the clock runs. Those stages are never paused
    (`lifecycle.change_stage`), so the queue counts them from the (status, stage, due_at) index alone."""
    return and_(Ticket.stage.in_(sorted(str(stage) for stage in RUNNING_STAGES)), Ticket.due_at < now)


def ticket_list_query(*, status: str | None = None, stage: str | None = None,
                      overdue_at: datetime | None = None) -> Select:
    query = select(Ticket, latest_draft_status().label("draft_status"))
    if status:
        query = query.where(Ticket.status == status)
    if stage:
        query = query.where(Ticket.stage == stage)
    if overdue_at is not None:
        query = query.where(overdue_condition(overdue_at))
    return query.order_by(Ticket.id)


def ticket_summary(ticket: Ticket, draft_status: str | None, now: datetime | None = None) -> dict[str, Any]:
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
        "stage": ticket.stage,
        "overdue": is_overdue(ticket, now or utcnow()),
        "paused": is_paused(ticket),
        "fulfilled_at": iso(ticket.fulfilled_at),
        "identity": ticket.identity,
        "extended_months": ticket.extended_months,
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
        "kind": draft.kind,
    }


def request_view(request: TicketRequest) -> dict[str, Any]:
    return {"intent": request.intent, "stage": request.stage, "received_at": iso(request.received_at),
            "due_at": iso(request.due_at), "fulfilled_at": iso(request.fulfilled_at)}


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
    earlier = None
    if ticket.earlier_ticket_id:
        earlier = (await session.execute(
            select(Ticket.reference).where(Ticket.id == ticket.earlier_ticket_id))).scalar()
    return {
        **ticket_summary(ticket, current),
        "requester_name": ticket.requester_name,
        "version": ticket.version,
        "assignee": ticket.assignee,
        "scores": ticket.scores,
        "review_reasons": ticket.review_reasons,
        "entities": ticket.entities,
        "noise_rule": ticket.noise_rule,
        "linked_ticket": linked,
        "linked_from": linked_from,
        "earlier_request": earlier,
        "paused_since": iso(ticket.paused_since),
        "requests": [request_view(request) for request in ticket.requests],
        "recipients_checklist": recipients_checklist(ticket),
        "messages": [message_view(m) for m in ticket.messages],
        "drafts": [draft_view(d) for d in drafts],
        "events": [event_view(e) for e in ticket.events],
    }


def recipients_checklist(ticket: Ticket) -> list[dict[str, str]]:
    """For an erasure: the recipients the policy names, each to be told by the company (GDPR Art. 19)."""
    if "deletion" not in (ticket.intents or []):
        return []
    return [{"key": key, "label": labels["en"]} for key, labels in RECIPIENT_CATEGORIES.items()]


async def count_tickets(session: AsyncSession) -> int:
    return (await session.execute(select(func.count(Ticket.id)))).scalar_one()
