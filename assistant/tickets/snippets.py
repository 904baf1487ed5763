"""Canned passages for free replies, managed by admins. A snippet is plain text, never a template:
it is inserted into the editor as it is written (`{{ ... }}` stays literally `{{ ... }}`), so a
snippet cannot reach the reply templates' sandbox or any requester's data."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Snippet, utcnow
from assistant.tickets.service import TicketError

REPLY_LANGUAGES = ("en", "fr")
MAX_SNIPPET_CHARS = 20_000


def _checked(name: str, language: str, body: str) -> tuple[str, str, str]:
    name, body = name.strip(), body.replace("\r\n", "\n").strip()
    if not name or len(name) > 120:
        raise TicketError("a snippet needs a name of 1 to 120 characters")
    if language not in REPLY_LANGUAGES:
        raise TicketError(f"a snippet's language is one of {', '.join(REPLY_LANGUAGES)}")
    if not body or len(body) > MAX_SNIPPET_CHARS:
        raise TicketError(f"a snippet's text is 1 to {MAX_SNIPPET_CHARS:,} characters")
    return name, language, body


async def list_snippets(session: AsyncSession, language: str = "") -> list[Snippet]:
    query = select(Snippet).order_by(Snippet.language, Snippet.name)
    if language:
        query = query.where(Snippet.language == language)
    return list((await session.execute(query)).scalars())


async def _named_elsewhere(session: AsyncSession, name: str, snippet_id: int | None) -> bool:
    found = (await session.execute(select(Snippet.id).where(Snippet.name == name))).scalar_one_or_none()
    return found is not None and found != snippet_id


async def save_snippet(session: AsyncSession, *, name: str, language: str, body: str, by: str,
                       snippet_id: int | None = None) -> Snippet:
    """Adds a snippet, or changes the one `snippet_id` names; names are unique."""
    name, language, body = _checked(name, language, body)
    if await _named_elsewhere(session, name, snippet_id):
        raise TicketError(f"there is already a snippet named {name}")
    snippet = Snippet() if snippet_id is None else await get_snippet(session, snippet_id)
    snippet.name, snippet.language, snippet.body, snippet.updated_by, snippet.updated_at = (
        name, language, body, by, utcnow())
    session.add(snippet)
    await session.flush()
    return snippet


async def get_snippet(session: AsyncSession, snippet_id: int) -> Snippet:
    snippet = await session.get(Snippet, snippet_id)
    if snippet is None:
        raise TicketError(f"there is no snippet #{snippet_id}")
    return snippet


async def delete_snippet(session: AsyncSession, snippet_id: int) -> None:
    await session.delete(await get_snippet(session, snippet_id))
