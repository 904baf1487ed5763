"""Group commit for the SMTP edge: concurrent sessions' messages share one transaction.

Each session still hears 250 only after ITS message is committed; what changes is that
the messages arriving while one commit (one fsync) is under way go into the next commit
together, so a burst costs one fsync per batch instead of one per message. Nothing waits
on a quiet server: a lone message is committed at once. The same idea as PostgreSQL's
`commit_delay` and a database's log group commit, at the level of our own transactions.

Durability is unchanged: SQLite WAL with synchronous=FULL, PostgreSQL's default.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from sqlalchemy.exc import DBAPIError

from assistant.intake import Accepted, Incoming, accept_one, add_message, incoming
from assistant.storage.database import Database, storage_fault

log = logging.getLogger(__name__)

MAX_BATCH = 64


class GroupCommitter:
    """Collects `accept` requests while a commit is under way; commits them together next."""

    def __init__(self, db: Database, on_stored: Callable[[], None] | None = None, max_batch: int = MAX_BATCH):
        self.db = db
        self.on_stored = on_stored
        self.max_batch = max_batch
        self._waiting: list[tuple[Incoming, asyncio.Future[Accepted]]] = []
        self._committer: asyncio.Task[None] | None = None

    async def accept(self, raw: bytes, *, channel: str, envelope_sender: str | None = None,
                     envelope_recipients: Sequence[str] = ()) -> Accepted:
        """As `intake.accept`: returns once the message is committed, raises if it is not."""
        item = await incoming(raw, channel=channel, envelope_sender=envelope_sender,
                              envelope_recipients=envelope_recipients)
        result: asyncio.Future[Accepted] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, result))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_while_waiting(), name="intake-group-commit")
        return await result

    async def _commit_while_waiting(self) -> None:
        """One batch after another until nobody waits; the task ends when the queue is empty."""
        while self._waiting:
            batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
            try:
                await self._commit_batch(batch)
            except Exception as error:  # every session of the batch answers 451; nothing was committed
                log.warning("could not store a batch of %s messages: %s", len(batch),
                            storage_fault(error) or type(error).__name__)
                for _, result in batch:
                    if not result.done():
                        result.set_exception(error)

    async def _commit_batch(self, batch: list[tuple[Incoming, asyncio.Future[Accepted]]]) -> None:
        try:
            async with self.db.session() as session:
                outcomes = [await add_message(session, item) for item, _ in batch]
                await session.commit()
        except DBAPIError:
            # Another process stored one of them meanwhile, or one message's data is refused: each on its
            # own, so one cannot fail the others. A database that is down fails them all again: all get 451.
            await self._commit_one_by_one(batch)
            return
        for (_, result), outcome in zip(batch, outcomes, strict=True):
            if not result.done():
                result.set_result(outcome)
        new = sum(not outcome.duplicate for outcome in outcomes)
        log.info("stored %s messages in one commit (%s duplicates)", new, len(outcomes) - new)
        if new and self.on_stored is not None:
            self.on_stored()

    async def _commit_one_by_one(self, batch: list[tuple[Incoming, asyncio.Future[Accepted]]]) -> None:
        stored = False
        for item, result in batch:
            try:
                outcome = await accept_one(self.db, item)
            except Exception as error:
                if not result.done():
                    result.set_exception(error)
                continue
            stored |= not outcome.duplicate
            if not result.done():
                result.set_result(outcome)
        if stored and self.on_stored is not None:
            self.on_stored()
