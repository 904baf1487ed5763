"""Reading tickets for their public shapes (`shapes.py`): the queue's query and a ticket's whole detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Ticket
from assistant.storage.states import DraftStatus
from assistant.tickets.shapes import TicketOut
from assistant.tickets.stages import RUNNING_STAGES
from replies.recipients import RECIPIENT_CATEGORIES


def latest_draft_status() -> Any:
    """A scalar subquery: the status of a ticket's newest non-superseded draft, or NULL."""
    return (
        select(Draft.status).where(Draft.ticket_id == Ticket.id, Draft.status != DraftStatus.SUPERSEDED)
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


async def ticket_detail(session: AsyncSession, ticket: Ticket) -> TicketOut:
    """The ticket's public shape (`shapes.TicketOut`), with the tickets it is linked to by reference."""
    current = next((d.status for d in reversed(ticket.drafts) if d.status != DraftStatus.SUPERSEDED), None)
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
    return TicketOut.of(ticket, current, linked_ticket=linked, linked_from=linked_from, earlier_request=earlier,
                        recipients_checklist=recipients_checklist(ticket))


def recipients_checklist(ticket: Ticket) -> list[dict[str, str]]:
    """For an erasure: the recipients the policy names, each to be told by the company (GDPR Art. 19)."""
    if "deletion" not in (ticket.intents or []):
        return []
    return [{"key": key, "label": labels["en"]} for key, labels in RECIPIENT_CATEGORIES.items()]


async def count_tickets(session: AsyncSession) -> int:
    return (await session.execute(select(func.count(Ticket.id)))).scalar_one()
