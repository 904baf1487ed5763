"""Staff writing to the requester in their own words: on any ticket that is not closed, after a
Reject too, blank or from snippets, in the language staff choose. The text is approved and sent
like any draft (the outbox escapes it into HTML); it is never rendered as a template.

A closed ticket is reopened first (`lifecycle.reopen`, with the reason): writing to someone about
a case the register says is finished must leave a trace of why it was taken up again.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.storage.models import Draft, Ticket, utcnow
from assistant.storage.states import DraftStatus, TicketStatus
from assistant.tickets.actions import no_approved_reply_waiting
from assistant.tickets.audit import set_status
from assistant.tickets.drafting import latest_message, new_message_id
from assistant.tickets.lifecycle import FREE_REPLY, reopen
from assistant.tickets.service import TicketError, add_draft, get_ticket
from assistant.tickets.snippets import REPLY_LANGUAGES

MAX_REPLY_CHARS = 100_000


async def compose(session: AsyncSession, *, reference: str, by: str, body: str, language: str,
                  config: Config) -> Draft:
    """A new pending draft with staff's own text; it replaces a pending one (kept in the history)."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise TicketError("write the reply first")
    if len(text) > MAX_REPLY_CHARS:
        raise TicketError(f"a reply is at most {MAX_REPLY_CHARS:,} characters")
    if language not in REPLY_LANGUAGES:
        raise TicketError(f"choose the reply's language: {', '.join(REPLY_LANGUAGES)}")
    ticket = await get_ticket(session, reference)
    if ticket.status in (TicketStatus.CLOSED, TicketStatus.NOISE):
        raise TicketError(f"{ticket.reference} is closed: reopen it (with the reason) before writing")
    await no_approved_reply_waiting(session, ticket)
    message = await latest_message(session, ticket)
    subject = (message.subject if message and message.subject else ticket.subject) or ticket.reference or ""
    draft = await add_draft(session, ticket, Draft(
        kind=FREE_REPLY, language=language, intents=list(ticket.intents or []),
        subject=subject if subject.lower().startswith(("re:", "re :")) else f"Re: {subject}",
        body=text, html="", original_body=text, in_reply_to=message.message_id if message else None,
        message_id=new_message_id(config.service.own_domains[0])), actor=by)
    set_status(session, ticket, "awaiting_approval", actor=by, why="reply written by staff")
    return draft


async def reopen_ticket(session: AsyncSession, *, reference: str, by: str, reason: str) -> Ticket:
    ticket = await get_ticket(session, reference)
    answered = (await session.execute(select(exists().where(Draft.ticket_id == ticket.id,
                                                            Draft.status == DraftStatus.SENT)))).scalar_one()
    reopen(session, ticket, actor=by, reason=reason, now=utcnow(), answered=answered)
    return ticket
