"""Reading tickets back the way the CLI shows them."""

from __future__ import annotations

from assistant.storage.database import Database
from assistant.tickets.service import get_ticket
from assistant.tickets.shapes import TicketSummary
from assistant.tickets.views import ticket_detail, ticket_list_query


async def list_tickets(db: Database) -> list[dict]:
    async with db.session() as session:
        rows = (await session.execute(ticket_list_query())).all()
        return [TicketSummary.of(ticket, draft_status).model_dump() for ticket, draft_status in rows]


async def show_ticket(db: Database, reference: str) -> dict:
    async with db.session() as session:
        return (await ticket_detail(session, await get_ticket(session, reference, full=True))).model_dump()
