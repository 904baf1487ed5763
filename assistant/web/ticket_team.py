"""What the ticket page shows about the team around a ticket: who has it, who else has it open,
the internal notes (with @mentions marked), the colleagues it can be assigned to, and the
snippets a free reply can start from."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Snippet, TicketNote, User
from assistant.tickets.assignment import Activity, mark_present, present
from assistant.tickets.notes import MENTION, notes_of
from assistant.tickets.snippets import list_snippets

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NoteView:
    note: TicketNote
    parts: list[tuple[str, bool]]  # the text in pieces; True marks an @mention of a staff account
    mentions_me: bool


@dataclass(frozen=True)
class TeamContext:
    others: list[tuple[str, str]]  # (name, activity) of colleagues on the ticket now
    notes: list[NoteView]
    colleagues: list[str]
    snippets: list[Snippet]


def note_parts(text: str, mentions: list[str]) -> list[tuple[str, bool]]:
    """Splits a note so the template can mark mentions while escaping every piece."""
    known = {name.lower() for name in mentions}
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in MENTION.finditer(text):
        if match.group(1).rstrip(".-").lower() not in known:
            continue
        parts += [(text[position:match.start()], False), (match.group(0), True)]
        position = match.end()
    parts.append((text[position:], False))
    return [part for part in parts if part[0]]


async def team_context(session: AsyncSession, ticket_id: int, *, user_name: str, now: datetime) -> TeamContext:
    """Loads the team's side of the page (in a session of its own); opening the page counts as viewing it."""
    try:
        async with session.begin():
            await mark_present(session, ticket_id=ticket_id, name=user_name, activity=Activity.VIEWING, now=now)
    except SQLAlchemyError as error:  # a hint, not a record: a busy database must not cost the page
        log.warning("presence on ticket #%s not recorded: %s", ticket_id, type(error).__name__)
    notes = [NoteView(note, note_parts(note.body, note.mentions or []), user_name in (note.mentions or []))
             for note in await notes_of(session, ticket_id)]
    colleagues = await colleague_names(session)
    others = (await present(session, [ticket_id], now=now, excluding=user_name)).get(ticket_id, [])
    return TeamContext(others=others, notes=notes, colleagues=colleagues, snippets=await list_snippets(session))


async def colleague_names(session: AsyncSession) -> list[str]:
    """The staff a ticket can be assigned to: every account not disabled."""
    return list((await session.execute(select(User.name).where(User.disabled.is_(False))
                                       .order_by(User.name))).scalars())
