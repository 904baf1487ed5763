"""What the poller has ingested from a folder, kept in the database, not in the server's \\Seen flag.

People read the shared mailbox too: a message they open before the service polls is \\Seen,
and a poller that searched UNSEEN never ingested it. Instead the row of `imap_folders` keeps:
- `uidvalidity` and `highest_uid`: every UID up to it was handled (RFC 3501 §2.3.1.1: UIDs
  only compare under one UIDVALIDITY; when it changes the folder is scanned again from UID 1,
  and the intake's Message-ID + content-hash dedupe keeps each message once);
- the lease: which `serve` process polls the folder, until when (one at a time);
and `imap_failures` the messages not ingested yet, each retried with a growing delay.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from assistant.storage.database import Database
from assistant.storage.models import ImapFailure, ImapFolder, Message

log = logging.getLogger(__name__)

FIRST_RETRY_DELAY = timedelta(seconds=30)
MAX_RETRY_DELAY = timedelta(hours=1)


class LeaseLost(Exception):
    """Another process holds the folder's lease now: this one stops polling it."""


@dataclass(frozen=True)
class FolderKey:
    host: str
    username: str
    folder: str


@dataclass
class RoundProgress:
    """What a round has done but not yet saved: saved together, in one transaction."""

    uidvalidity: int
    highest_uid: int
    failing: set[int] = field(default_factory=set)  # UIDs in imap_failures when the round began
    failed: dict[int, str] = field(default_factory=dict)
    resolved: set[int] = field(default_factory=set)

    def handled(self, uid: int) -> None:
        self.highest_uid = max(self.highest_uid, uid)

    def fail(self, uid: int, reason: str) -> None:
        self.failed[uid] = reason
        self.resolved.discard(uid)

    def succeed(self, uid: int) -> None:
        if uid in self.failing:
            self.resolved.add(uid)
        self.failed.pop(uid, None)


def retry_delay(attempts: int) -> timedelta:
    """The first retry comes at once (a dropped connection is usually transient), then doubling delays."""
    if attempts <= 1:
        return timedelta(0)
    return min(FIRST_RETRY_DELAY * 2 ** (attempts - 2), MAX_RETRY_DELAY)


async def folder_id(db: Database, key: FolderKey) -> int:
    """The folder's row, created on first use (two processes creating it at once is harmless)."""
    where = (ImapFolder.host == key.host, ImapFolder.username == key.username, ImapFolder.folder == key.folder)
    async with db.session() as session:
        found = (await session.execute(select(ImapFolder.id).where(*where))).scalar_one_or_none()
        if found is not None:
            return found
        session.add(ImapFolder(host=key.host, username=key.username, folder=key.folder, highest_uid=0))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
        return (await session.execute(select(ImapFolder.id).where(*where))).scalar_one()


async def claim_lease(db: Database, folder: int, holder: str, *, now: datetime, seconds: float) -> bool:
    """Take the lease if it is free, expired or ours, until now + seconds. One UPDATE: only one wins."""
    async with db.session() as session:
        claimed = await session.execute(
            update(ImapFolder)
            .where(ImapFolder.id == folder,
                   or_(ImapFolder.lease_holder.is_(None), ImapFolder.lease_holder == holder,
                       ImapFolder.lease_until.is_(None), ImapFolder.lease_until < now))
            .values(lease_holder=holder, lease_until=now + timedelta(seconds=seconds)))
        await session.commit()
        return claimed.rowcount == 1


async def release_lease(db: Database, folder: int, holder: str) -> None:
    """On a clean stop: another process may take over at once instead of waiting for the expiry."""
    async with db.session() as session:
        await session.execute(update(ImapFolder).where(ImapFolder.id == folder, ImapFolder.lease_holder == holder)
                              .values(lease_holder=None, lease_until=None))
        await session.commit()


async def lease_of(db: Database, folder: int) -> tuple[str | None, datetime | None]:
    async with db.session() as session:
        row = (await session.execute(select(ImapFolder.lease_holder, ImapFolder.lease_until)
                                     .where(ImapFolder.id == folder))).one()
    return row.lease_holder, row.lease_until


async def start_round(db: Database, folder: int, uidvalidity: int) -> int:
    """The highest UID handled under `uidvalidity`; 0 (scan everything) when it changed."""
    async with db.session() as session:
        row = await session.get(ImapFolder, folder)
        assert row is not None
        if row.uidvalidity == uidvalidity:
            return row.highest_uid
        if row.uidvalidity is not None:
            log.warning("IMAP folder %r was recreated or renumbered (UIDVALIDITY %s, was %s): scanning it again; "
                        "messages already stored are recognised and not stored twice",
                        row.folder, uidvalidity, row.uidvalidity)
        await session.execute(delete(ImapFailure).where(ImapFailure.folder_id == folder))
        row.uidvalidity, row.highest_uid = uidvalidity, 0
        await session.commit()
        return 0


async def failures(db: Database, folder: int, uidvalidity: int) -> list[ImapFailure]:
    async with db.session() as session:
        return list((await session.execute(
            select(ImapFailure).where(ImapFailure.folder_id == folder, ImapFailure.uidvalidity == uidvalidity)
            .order_by(ImapFailure.uid))).scalars())


async def known_sizes(db: Database, message_ids: Iterable[str]) -> dict[str, set[int]]:
    """For each Message-ID already stored, the sizes of the stored copies (read without loading them)."""
    wanted = sorted(set(message_ids))
    known: dict[str, set[int]] = {}
    async with db.session() as session:
        for start in range(0, len(wanted), 500):
            rows = await session.execute(select(Message.message_id, func.length(Message.raw))
                                         .where(Message.message_id.in_(wanted[start:start + 500])))
            for message_id, size in rows:
                known.setdefault(message_id, set()).add(int(size))
    return known


async def save(db: Database, folder: int, holder: str, progress: RoundProgress, *, now: datetime
               ) -> dict[int, int]:
    """Record the round's progress if this process still holds the lease; {failed UID: attempts so far}."""
    attempts: dict[int, int] = {}
    async with db.session() as session:
        moved = await session.execute(
            update(ImapFolder)
            .where(ImapFolder.id == folder, ImapFolder.lease_holder == holder,
                   ImapFolder.uidvalidity == progress.uidvalidity)
            .values(highest_uid=func.max(ImapFolder.highest_uid, progress.highest_uid)
                    if db.dialect == "sqlite" else func.greatest(ImapFolder.highest_uid, progress.highest_uid),
                    updated_at=now))
        if moved.rowcount != 1:
            await session.rollback()
            raise LeaseLost("another process holds the IMAP folder's lease, or the folder was renumbered")
        if progress.resolved:
            await session.execute(delete(ImapFailure).where(
                ImapFailure.folder_id == folder, ImapFailure.uidvalidity == progress.uidvalidity,
                ImapFailure.uid.in_(sorted(progress.resolved))))
        for uid, reason in progress.failed.items():
            attempts[uid] = await _record_failure(session, folder, progress.uidvalidity, uid, reason, now)
        await session.commit()
    progress.failed.clear()
    progress.resolved.clear()
    return attempts


async def _record_failure(session, folder: int, uidvalidity: int, uid: int, reason: str, now: datetime) -> int:
    row = (await session.execute(select(ImapFailure).where(
        ImapFailure.folder_id == folder, ImapFailure.uidvalidity == uidvalidity, ImapFailure.uid == uid))
    ).scalar_one_or_none()
    if row is None:
        row = ImapFailure(folder_id=folder, uidvalidity=uidvalidity, uid=uid, attempts=0, first_failed_at=now)
        session.add(row)
    row.attempts += 1
    row.reason = reason[:2000]
    row.next_attempt_at = now + retry_delay(row.attempts)
    return row.attempts
