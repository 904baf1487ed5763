"""The polling loop: one bounded round after another, under the folder's lease.

A round:
1. claim (or renew) the folder's lease; a process that cannot waits and tries again;
2. SELECT: a new UIDVALIDITY means scanning the folder again from UID 1;
3. list the UIDs above the highest handled one, plus failed ones due for a retry;
4. FETCH their size and Message-ID; a message stored already (same Message-ID and size) is
   only acknowledged, the others are downloaded with `BODY.PEEK[]`, one at a time;
5. `accept()` commits the raw bytes; only then \\Seen (and MOVE to `imap.processed_folder`);
6. save the highest UID handled and the failures, in one transaction, fenced by the lease.
At most `max_messages_per_round` messages and `max_bytes_per_round` bytes (the first message
always goes) a round: a backlog drains round after round without waiting in between.
A message that cannot be fetched or stored is recorded, reported once and retried with
backoff; the UIDs after it go on. Nothing here ever deletes mail.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from assistant.channels.imap import progress
from assistant.channels.imap.auth import Credentials
from assistant.channels.imap.mailbox import Header, Mailbox, MailboxRefused, text_of
from assistant.channels.imap.progress import FolderKey, LeaseLost, RoundProgress
from assistant.config import ImapConfig
from assistant.intake import accept
from assistant.storage.database import Database
from assistant.storage.models import ImapFailure, utcnow

log = logging.getLogger(__name__)

# RFC 2177 §3: a client should re-issue IDLE at least every 29 minutes.
MAX_IDLE_SECONDS = 29 * 60
# Progress is saved at least this often within a round, so a crash rescans little.
SAVE_EVERY = 25


@dataclass
class RoundResult:
    """What one round did (for logs and tests)."""

    stored: int = 0
    duplicates: int = 0  # already stored: acknowledged on the server only
    failed: int = 0  # recorded in imap_failures, retried with backoff
    bytes_fetched: int = 0
    bodies_fetched: int = 0
    more: bool = False  # the round stopped at a cap: the next one starts at once
    not_holder: bool = False  # another process holds the lease: nothing was done

    @property
    def touched(self) -> bool:
        return bool(self.stored or self.duplicates or self.failed)


class ImapPoller:
    """Keeps one connection open, ingests new mail, waits (IDLE or a timer), reconnects with backoff."""

    def __init__(
        self,
        config: ImapConfig,
        db: Database,
        *,
        credentials: Credentials,
        on_stored: Callable[[], None] | None = None,
        first_retry_delay: float = 2.0,
        max_retry_delay: float = 300.0,
        clock: Callable[[], datetime] = utcnow,
        base_dir: Path = Path("."),
    ) -> None:
        self.config = config
        self.db = db
        self.on_stored = on_stored
        self.mailbox = Mailbox(config, credentials, base_dir=base_dir)
        self.first_retry_delay = first_retry_delay
        self.max_retry_delay = max_retry_delay
        self.clock = clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.key = FolderKey(config.host.lower(), config.username, config.folder)
        self._folder: int | None = None
        self._lease_until: datetime | None = None
        self._lease_lost = asyncio.Event()
        # After a header FETCH of many UIDs dropped the connection, fetch them one by one to find the culprit.
        self._headers_one_by_one = False

    @property
    def holds_lease(self) -> bool:
        return self._lease_until is not None and self.clock() < self._lease_until

    async def run_round(self, stopping: asyncio.Event | None = None) -> RoundResult:
        """One bounded pass over what is new in the folder; see the module's docstring."""
        if not await self._claim_lease():
            await asyncio.to_thread(self.mailbox.close)
            return RoundResult(not_holder=True)
        if self.mailbox.is_open and self.mailbox.credentials.expired():
            await asyncio.to_thread(self.mailbox.close)  # reopened with a fresh token
        if not self.mailbox.is_open:
            await asyncio.to_thread(self.mailbox.open)
            log.info("IMAP connected: %s, folder %r%s", self.mailbox.where, self.config.folder, ", waiting with IDLE"
                     if self.mailbox.idles else f", checking every {self.config.poll_interval:g} s")
        status = await asyncio.to_thread(self.mailbox.folder_status)
        folder = await self._folder_id()
        highest = await progress.start_round(self.db, folder, status.uidvalidity)
        failing = await progress.failures(self.db, folder, status.uidvalidity)
        done = RoundProgress(uidvalidity=status.uidvalidity, highest_uid=highest, failing={row.uid for row in failing})
        result = RoundResult()
        try:
            await self._ingest(done, result, failing, stopping)
        finally:
            await self._save(done)
        self._headers_one_by_one = False
        if result.touched:
            log.info("IMAP round: %s stored, %s already stored, %s not ingested yet%s", result.stored,
                     result.duplicates, result.failed, "; more to read" if result.more else "")
        return result

    async def _ingest(self, done: RoundProgress, result: RoundResult, failing: list[ImapFailure],
                      stopping: asyncio.Event | None) -> None:
        now = self.clock()
        cap = self.config.max_messages_per_round
        retries = [row.uid for row in failing if row.next_attempt_at <= now][:max(1, cap // 2)]
        new = [uid for uid in await asyncio.to_thread(self.mailbox.uids_after, done.highest_uid)
               if uid not in done.failing]
        todo = retries + new[:cap - len(retries)]
        result.more = len(todo) - len(retries) < len(new)
        headers = await self._headers(todo, done)
        known = await progress.known_sizes(self.db, [h.message_id for h in headers.values() if h.message_id])
        for count, uid in enumerate(todo, start=1):
            if (stopping is not None and stopping.is_set()) or not self.holds_lease:
                result.more = True
                return
            header = headers.get(uid)
            if header is not None and not _is_known(header, known):
                budget_left = self.config.max_bytes_per_round - result.bytes_fetched
                if result.bodies_fetched and header.size > budget_left:
                    result.more = True
                    return
            await self._ingest_one(uid, header, known, done, result)
            if uid not in done.failing:
                done.handled(uid)
            if count % SAVE_EVERY == 0:
                await self._save(done)

    async def _ingest_one(self, uid: int, header: Header | None, known: dict[str, set[int]],
                          done: RoundProgress, result: RoundResult) -> None:
        if header is None:
            log.error("IMAP message UID %s left %r before it could be stored (moved or deleted by someone "
                      "else): look for it in the mailbox", uid, self.config.folder)
            done.succeed(uid)  # nothing left to retry
            return
        if _is_known(header, known):
            await self._acknowledge(uid)
            done.succeed(uid)
            result.duplicates += 1
            return
        if header.size > self.config.max_message_bytes:
            done.fail(uid, f"{header.size} bytes, more than imap.max_message_bytes ({self.config.max_message_bytes})")
            result.failed += 1
            return
        try:
            raw = await asyncio.to_thread(self.mailbox.fetch_raw, uid, header.size)
        except (IMAPClientAbortError, OSError) as error:
            done.fail(uid, f"the connection dropped while fetching it ({text_of(error)})")
            raise
        if raw is None:
            done.fail(uid, "the server did not give its content")
            result.failed += 1
            return
        result.bodies_fetched += 1
        result.bytes_fetched += len(raw)
        try:
            stored = await accept(self.db, raw, channel="imap", envelope_sender=None, on_stored=self.on_stored)
        except Exception as error:
            log.warning("IMAP message UID %s in %r not stored (%s: %s): left on the server, retried",
                        uid, self.config.folder, type(error).__name__, error)
            done.fail(uid, f"not stored: {type(error).__name__}: {error}")
            result.failed += 1
            return
        await self._acknowledge(uid)
        done.succeed(uid)
        if stored.duplicate:
            result.duplicates += 1
        else:
            result.stored += 1

    async def _acknowledge(self, uid: int) -> None:
        """\\Seen (and MOVE) after storing. A refusal is logged, not retried: the message is stored,
        and retrying would stop every round at it. A dropped connection raises: the message is then
        recognised as stored next round and acknowledged again."""
        try:
            await asyncio.to_thread(self.mailbox.mark_processed, uid)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as error:
            log.warning("IMAP message UID %s in %r is stored, but the server refused to flag or move it (%s): "
                        "it stays as it is in the mailbox", uid, self.config.folder, text_of(error))

    async def _headers(self, uids: list[int], done: RoundProgress) -> dict[int, Header]:
        if not self._headers_one_by_one:
            try:
                return await asyncio.to_thread(self.mailbox.headers, uids)
            except (IMAPClientAbortError, OSError):
                self._headers_one_by_one = True
                raise
        headers: dict[int, Header] = {}
        for uid in uids:
            try:
                headers.update(await asyncio.to_thread(self.mailbox.headers, [uid]))
            except (IMAPClientAbortError, OSError) as error:
                done.fail(uid, f"the connection dropped while reading its headers ({text_of(error)})")
                raise
        return headers

    async def _save(self, done: RoundProgress) -> None:
        if not (done.failed or done.resolved or done.highest_uid):
            return
        failed = dict(done.failed)
        attempts = await progress.save(self.db, await self._folder_id(), self.holder, done, now=self.clock())
        for uid, count in attempts.items():
            if count == 1:  # reported once; later attempts are only logged at debug level
                log.error("IMAP message UID %s in %r could not be ingested: %s. It stays on the server and is "
                          "retried with growing delays; `privacy-assistant imap check` lists it",
                          uid, self.config.folder, failed[uid])
            else:
                log.debug("IMAP message UID %s still not ingested (attempt %s): %s", uid, count, failed[uid])

    async def _folder_id(self) -> int:
        if self._folder is None:
            self._folder = await progress.folder_id(self.db, self.key)
        return self._folder

    async def _claim_lease(self) -> bool:
        now = self.clock()
        if await progress.claim_lease(self.db, await self._folder_id(), self.holder, now=now,
                                      seconds=self.config.lease_seconds):
            if self._lease_until is None:
                log.info("IMAP: this process (%s) now polls %r", self.holder, self.config.folder)
            self._lease_until = now + timedelta(seconds=self.config.lease_seconds)
            self._lease_lost.clear()
            return True
        if self._lease_until is not None:
            log.warning("IMAP: another process took over polling %r", self.config.folder)
        self._lease_until = None
        self._lease_lost.set()
        return False

    async def run_forever(self, stopping: asyncio.Event) -> None:
        """Until `stopping` is set. Never raises: every failure is logged and retried with backoff."""
        delay = self.first_retry_delay
        keeper = asyncio.create_task(self._keep_lease(stopping), name="imap-lease")
        try:
            while not stopping.is_set():
                try:
                    result = await self.run_round(stopping)
                    delay = self.first_retry_delay
                    if result.not_holder:
                        await _sleep_unless(stopping, self._standby_seconds())
                    elif not result.more:
                        await self._wait_for_mail(stopping)
                    continue
                except MailboxRefused as refused:
                    log.error("%s; retrying in %.3g s", refused, delay)
                except LeaseLost as lost:
                    log.warning("IMAP: %s; standing by", lost)
                    self._lease_until = None
                except (OSError, IMAPClientError) as error:
                    log.warning("IMAP connection to %s:%s failed (%s: %s); reconnecting in %.3g s", self.config.host,
                                self.config.port, type(error).__name__, text_of(error), delay)
                except Exception:
                    log.exception("IMAP poller error; reconnecting in %.3g s", delay)
                await asyncio.to_thread(self.mailbox.close)
                await _sleep_unless(stopping, delay)
                delay = min(delay * 2, self.max_retry_delay)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            await asyncio.to_thread(self.mailbox.close)
            await self._release_lease()
            log.info("IMAP poller stopped")

    def _standby_seconds(self) -> float:
        return min(self.config.poll_interval, self.config.lease_seconds / 3)

    async def _keep_lease(self, stopping: asyncio.Event) -> None:
        """Renew the lease while a long fetch or an IDLE runs; losing it interrupts the wait."""
        while not stopping.is_set():
            await _sleep_unless(stopping, self.config.lease_seconds / 3)
            if self._lease_until is None or stopping.is_set():
                continue
            try:
                await self._claim_lease()
            except Exception as error:
                log.warning("IMAP lease not renewed (%s: %s): will try again", type(error).__name__, error)
                if not self.holds_lease:
                    self._lease_lost.set()

    async def _release_lease(self) -> None:
        if self._folder is None or self._lease_until is None:
            return
        self._lease_until = None
        try:
            await progress.release_lease(self.db, self._folder, self.holder)
        except Exception as error:  # it expires on its own
            log.warning("IMAP lease not released (%s): another process takes over when it expires", error)

    async def _wait_for_mail(self, stopping: asyncio.Event) -> None:
        timeout = self.config.poll_interval
        waits = {asyncio.create_task(stopping.wait()), asyncio.create_task(self._lease_lost.wait())}
        stop = threading.Event()
        idle = None
        if self.mailbox.idles:
            idle = asyncio.create_task(
                asyncio.to_thread(self.mailbox.wait_for_news, min(timeout, MAX_IDLE_SECONDS), stop))
        else:
            waits.add(asyncio.create_task(asyncio.sleep(timeout)))
        try:
            await asyncio.wait(waits | ({idle} if idle else set()), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.set()
            for task in waits:
                task.cancel()
            await asyncio.gather(*waits, return_exceptions=True)
            if idle is not None:
                await idle  # never cancelled: the thread owns the connection until it notices `stop` (≤ 1 s)


def _is_known(header: Header, known: dict[str, set[int]]) -> bool:
    """Stored already: the same Message-ID with the same size (we store exactly the bytes the server gives)."""
    return header.message_id is not None and header.size in known.get(header.message_id, ())


async def _sleep_unless(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
