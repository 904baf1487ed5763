"""One way to draft a ticket's reply, for the pipeline and for staff re-drafting alike."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.storage.models import Draft, Message, Ticket
from assistant.tickets.service import add_draft, current_draft, get_ticket, set_status
from intents import order_intents
from replies import DraftRequest, render_draft


def new_message_id(domain: str) -> str:
    """Our Message-ID, fixed when the draft is made so a resend can never mint a second one."""
    return f"{uuid.uuid4().hex}@{domain}"


async def draft_reply_for(session: AsyncSession, ticket: Ticket, *, intents: list[str], subject: str,
                          new_text: str, in_reply_to: str | None, config: Config,
                          actor: str = "system") -> Draft:
    local = ZoneInfo(config.service.timezone)
    rendered = render_draft(DraftRequest(
        reference=ticket.reference or "",
        language="fr" if ticket.language == "fr" else "en",
        intents=intents,
        requester_email=ticket.requester,
        requester_name=ticket.requester_name,
        subject=subject,
        # Dates are shown on the company's calendar, not in UTC (a Paris-midnight deadline is that day).
        received_at=ticket.received_at.astimezone(local),
        due_at=ticket.due_at.astimezone(local),
        new_text=new_text,
        entities=dict(ticket.entities or {}),
    ), config.company)
    return await add_draft(session, ticket, Draft(
        language=rendered.language,
        intents=intents,
        subject=rendered.subject,
        body=rendered.text,
        html=rendered.html,
        original_body=rendered.text,
        in_reply_to=in_reply_to,
        message_id=new_message_id(config.service.own_domains[0]),
    ), actor=actor)


async def redraft(session: AsyncSession, *, reference: str, by: str, config: Config) -> Draft | None:
    """A new draft after a reclassification, from the ticket's newest message, replacing a pending one.

    Nothing is drafted once a reply was approved or sent, or for a closed or noise ticket.
    """
    ticket = await get_ticket(session, reference)
    current = await current_draft(session, ticket)
    if ticket.status in ("closed", "noise", "answered") or (current and current.status in ("approved", "sent")):
        return None
    message = (await session.execute(select(Message).where(Message.ticket_id == ticket.id, Message.noise_rule.is_(None))
                                     .order_by(Message.id.desc()).limit(1))).scalar_one_or_none()
    draft = await draft_reply_for(
        session, ticket, intents=order_intents(list(ticket.intents), ticket.primary),
        subject=(message.subject if message and message.subject else ticket.subject),
        new_text=(message.new_text or "") if message else "",
        in_reply_to=message.message_id if message else None, config=config, actor=by)
    set_status(session, ticket, "awaiting_approval", actor=by, why="new draft after reclassification")
    return draft
