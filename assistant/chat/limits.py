"""Rate limits for the public chat, counted in the database so they hold across `serve` processes.

Each limit is a fixed window (one hour by default) per key: `client:<ip>`, `session:<id>`,
`code-address:<address>`, `code-client:<ip>`. One statement counts and reads the count:

    INSERT INTO chat_limits (key, window_start, count) VALUES (:key, :window, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = chat_limits.count + 1 RETURNING count

so a burst of concurrent requests cannot all read "4 of 5" and all pass: the database serialises
the increments on the row (PostgreSQL's row lock; SQLite's single writer). A refused attempt still
counts, so hammering does not reopen the window early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import ChatLimit

WINDOW = timedelta(hours=1)


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
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
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
