"""Who has a ticket: its assignee, and who is looking at it or typing in it right now.

Assignment is an audited change (an event names who assigned whom). Presence is not: it is a
hint that expires on its own (`PRESENCE_SECONDS` after the last page load or keystroke), so a
closed browser tab never leaves a ticket looking busy. No websockets: pages report on load and
while staff type.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Ticket, TicketPresence
from assistant.tickets.actions import staff_account
from assistant.tickets.audit import record_event
from assistant.tickets.service import TicketError, get_ticket

PRESENCE_SECONDS = 90


class Activity(StrEnum):
    VIEWING = "viewing"
    EDITING = "editing"


async def assign(session: AsyncSession, *, reference: str, to: str, by: str) -> Ticket:
    """Gives the ticket to `to` (a staff account), or to nobody when `to` is empty."""
    ticket = await get_ticket(session, reference)
    name = to.strip()
    if name:
        name = (await staff_account(session, name)).name
    if (ticket.assignee or "") == name:
        raise TicketError(f"{ticket.reference} is already assigned to {name}" if name
                          else f"{ticket.reference} is assigned to nobody already")
    previous, ticket.assignee = ticket.assignee, name or None
    record_event(session, ticket=ticket, actor=by, kind="assigned" if name else "unassigned",
                 detail=(f"to {name}" if name else "") + (f" (was {previous})" if previous else ""))
    return ticket


async def mark_present(session: AsyncSession, *, ticket_id: int, name: str, activity: Activity,
                       now: datetime) -> None:
    """Records that `name` has the ticket open (or is typing in it) as of `now`."""
    await session.execute(delete(TicketPresence).where(TicketPresence.ticket_id == ticket_id,
                                                       TicketPresence.user_name == name))
    session.add(TicketPresence(ticket_id=ticket_id, user_name=name, activity=activity, seen_at=now))


async def present(session: AsyncSession, ticket_ids: list[int], *, now: datetime,
                  excluding: str = "") -> dict[int, list[tuple[str, str]]]:
    """Who else is on each ticket (name, activity), editing first, within the expiry."""
    if not ticket_ids:
        return {}
    rows = (await session.execute(select(TicketPresence).where(
        TicketPresence.ticket_id.in_(ticket_ids), TicketPresence.user_name != excluding,
        TicketPresence.seen_at >= now - timedelta(seconds=PRESENCE_SECONDS),
    ).order_by(TicketPresence.activity, TicketPresence.user_name))).scalars()
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        found[row.ticket_id].append((row.user_name, row.activity))
    return dict(found)
