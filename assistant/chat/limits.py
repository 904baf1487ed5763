"""Rate limits for the public chat, counted in the database so they hold across `serve` processes.

Each limit is a fixed window (one hour by default) per key: `client:<ip>`, `session:<id>`,
`code-address:<address>`, `code-client:<ip>`. One statement counts and reads the count:

    INSERT INTO chat_limits (key, window_start, count) VALUES (:key, :window, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = chat_limits.count + 1 RETURNING count

so a burst of concurrent requests cannot all read "4 of 5" and all pass: the database serialises
the increments on the row (PostgreSQL's row lock; SQLite's single writer). A refused attempt still
counts, so hammering does not reopen the window early.

A chat form is sent once: its token's digest goes into `chat_form_tokens` by one INSERT ... ON
CONFLICT DO NOTHING, and a replay (concurrent or later, with the cookie copied) finds the row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.database import upsert_insert
from assistant.storage.models import ChatFormToken, ChatLimit

WINDOW = timedelta(hours=1)
FORM_TOKEN_LIFETIME = timedelta(hours=6)  # the chat form's cookie lives as long


@dataclass(frozen=True)
class Verdict:
    """Whether the attempt may go ahead; if not, how long until the window ends (RFC 9110 §10.2.3)."""

    allowed: bool
    retry_after: int = 0


def window_start(now: datetime, window: timedelta = WINDOW) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


async def count_attempt(session: AsyncSession, key: str, *, limit: int, now: datetime,
                        window: timedelta = WINDOW) -> Verdict:
    """Count one attempt for `key` in the current window and say whether it is within `limit`.
    The caller commits (or the count is rolled back with its transaction)."""
    start = window_start(now, window)
    insert = upsert_insert(session)
    statement = (insert(ChatLimit).values(key=key[:400], window_start=start, count=1)
                 .on_conflict_do_update(index_elements=[ChatLimit.key, ChatLimit.window_start],
                                        set_={"count": ChatLimit.count + 1})
                 .returning(ChatLimit.count))
    count = (await session.execute(statement)).scalar_one()
    if count <= limit:
        return Verdict(True)
    return Verdict(False, max(1, int((start + window - now).total_seconds())))


async def forget_old_windows(session: AsyncSession, *, now: datetime, window: timedelta = WINDOW) -> None:
    """Counters of windows that ended are of no use: deleting them keeps the table small."""
    await session.execute(delete(ChatLimit).where(ChatLimit.window_start < window_start(now, window) - window))
    await session.execute(delete(ChatFormToken).where(ChatFormToken.used_at < now - FORM_TOKEN_LIFETIME))


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


async def use_form_token(session: AsyncSession, nonce: str, *, now: datetime) -> bool:
    """True the first time a form's token is used, False ever after (the caller commits)."""
    digest = _digest(nonce)
    statement = (upsert_insert(session)(ChatFormToken).values(digest=digest, used_at=now)
                 .on_conflict_do_nothing(index_elements=[ChatFormToken.digest]).returning(ChatFormToken.digest))
    return (await session.execute(statement)).scalar() is not None


async def form_token_used(session: AsyncSession, nonce: str) -> bool:
    return await session.get(ChatFormToken, _digest(nonce)) is not None


async def release_form_token(session: AsyncSession, nonce: str) -> None:
    """What the form asked could not be stored: the visitor may send the same form again."""
    await session.execute(delete(ChatFormToken).where(ChatFormToken.digest == _digest(nonce)))
