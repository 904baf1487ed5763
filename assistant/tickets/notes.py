"""Internal notes on a ticket: never sent to the requester, kept with the ticket, and an @mention
of a staff account lists the ticket for that person (the queue's "my tickets")."""

from __future__ import annotations

import re

from sqlalchemy import String, cast, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Ticket, TicketNote, User
from assistant.tickets.audit import record_event
from assistant.tickets.service import TicketError, get_ticket

MENTION = re.compile(r"(?<![\w@.])@([\w.-]{1,120})")
MAX_NOTE_CHARS = 10_000


async def mentioned_staff(session: AsyncSession, text: str) -> list[str]:
    """The enabled staff accounts the text @mentions, by their exact names (case-insensitive match)."""
    wanted = {name.rstrip(".-").lower() for name in MENTION.findall(text)}
    if not wanted:
        return []
    names = (await session.execute(select(User.name).where(User.disabled.is_(False)))).scalars()
    return sorted(name for name in names if name.lower() in wanted)


async def add_note(session: AsyncSession, *, reference: str, by: str, text: str) -> TicketNote:
    body = text.strip()
    if not body:
        raise TicketError("the note is empty")
    if len(body) > MAX_NOTE_CHARS:
        raise TicketError(f"a note is at most {MAX_NOTE_CHARS:,} characters")
    ticket = await get_ticket(session, reference)
    note = TicketNote(ticket_id=ticket.id, author=by, body=body, mentions=await mentioned_staff(session, body))
    session.add(note)
    await session.flush()
    record_event(session, ticket=ticket, actor=by, kind="note_added",
                 detail=f"note #{note.id}" + (f", mentions {', '.join(note.mentions)}" if note.mentions else ""))
    return note


async def notes_of(session: AsyncSession, ticket_id: int) -> list[TicketNote]:
    return list((await session.execute(select(TicketNote).where(TicketNote.ticket_id == ticket_id)
                                       .order_by(TicketNote.id))).scalars())


def mentioning(name: str):
    """A condition: the ticket has a note that @mentions `name` (JSON list text holds "name" quoted)."""
    return exists().where(TicketNote.ticket_id == Ticket.id,
                          cast(TicketNote.mentions, String).like(f'%"{_like_escaped(name)}"%', escape="\\"))


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
