"""The IMAP edge: read a mailbox hosted elsewhere into the same `accept()` as SMTP.

imapclient is blocking, so every call on the connection runs in a worker thread
(`asyncio.to_thread`), one call at a time; the event loop never waits on the server.

The contract, message by message:
1. FETCH `BODY.PEEK[]`: PEEK does not set \\Seen (RFC 3501 §6.4.5), so reading is not acknowledging.
2. `accept(...)` commits the raw bytes.
3. Only then flag \\Seen, and MOVE to `imap.processed_folder` if one is set (RFC 6851).
If storing fails the message stays unseen on the server and is fetched again next round. A
crash between 2 and 3 also refetches it, and the intake's Message-ID + content-hash dedupe
stores it once. Nothing here ever deletes mail.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from assistant.config import ConfigError, ImapConfig
from assistant.intake import accept
from assistant.storage.database import Database

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
# RFC 2177 §3: a client should re-issue IDLE at least every 29 minutes.
MAX_IDLE_SECONDS = 29 * 60
# How often a thread waiting in IDLE looks at the stop flag, so `serve` stops within about a second.
IDLE_CHECK_SECONDS = 1.0
SOCKET_TIMEOUT_SECONDS = 60.0


class MailboxRefused(Exception):
    """The server refused the login or the folder: a configuration problem, said with its keys."""


def mailbox_password(config: ImapConfig, environ: Mapping[str, str] = os.environ) -> str:
    """The password from the environment variable named by `imap.password_env` (never from the file)."""
    password = environ.get(config.password_env, "") if config.password_env else ""
    if not password:
        raise ConfigError(
            f"config key imap.password_env names ${config.password_env or '(empty)'}, "
            "which is not set: export the IMAP mailbox password in it"
        )
    return password


class Mailbox:
    """One blocking IMAP connection. Call its methods from one thread at a time."""

    def __init__(self, config: ImapConfig, password: str) -> None:
        self.config = config
        self._password = password
        self._client: IMAPClient | None = None
        self._can_idle = self._can_move = False
        self._warned_no_move = False

    @property
    def where(self) -> str:
        return f"{self.config.username!r} on {self.config.host}:{self.config.port}"

    def open(self) -> None:
        config = self.config
        context = ssl.create_default_context()
        client = IMAPClient(config.host, port=config.port, ssl=config.security == "tls",
                            ssl_context=context, timeout=SOCKET_TIMEOUT_SECONDS)
        try:
            if config.security == "starttls":
                client.starttls(context)
            try:
                client.login(config.username, self._password)
            except LoginError as error:
                raise MailboxRefused(
                    f"IMAP login refused for {self.where} ({_text(error)}): check imap.username and the "
                    f"password in ${config.password_env} (the variable named by imap.password_env)"
                ) from None
            try:
                client.select_folder(config.folder)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as error:
                raise MailboxRefused(
                    f"IMAP folder {config.folder!r} (imap.folder) cannot be opened for {self.where}: {_text(error)}"
                ) from None
            if config.processed_folder and not client.folder_exists(config.processed_folder):
                try:
                    client.create_folder(config.processed_folder)
                except IMAPClientAbortError:
                    raise
                except IMAPClientError as error:
                    raise MailboxRefused(
                        f"IMAP folder {config.processed_folder!r} (imap.processed_folder) does not exist and "
                        f"cannot be created for {self.where}: {_text(error)}"
                    ) from None
                log.info("created IMAP folder %r (imap.processed_folder)", config.processed_folder)
        except BaseException:
            _quietly_close(client)
            raise
        self._client = client
        self._can_idle = config.use_idle and client.has_capability("IDLE")
        self._can_move = client.has_capability("MOVE")
        log.info("IMAP connected: %s, folder %r%s", self.where, config.folder,
                 ", waiting with IDLE" if self.idles else f", checking every {config.poll_interval:g} s")

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            _quietly_close(client)

    @property
    def is_open(self) -> bool:
        return self._client is not None

    @property
    def idles(self) -> bool:
        """Whether waiting uses IDLE (known from the capabilities read at login: no server round trip)."""
        return self.is_open and self._can_idle

    def unseen_uids(self) -> list[int]:
        return sorted(self._connected().search(["UNSEEN"]))

    def fetch_raw(self, uid: int) -> bytes | None:
        """The message's exact bytes, or None (logged) when the server cannot give them this time."""
        try:
            response = self._connected().fetch([uid], ["BODY.PEEK[]"])
        except IMAPClientAbortError:
            raise  # the connection is gone: reconnect, not skip
        except IMAPClientError as error:
            log.warning("IMAP server could not give message UID %s in %r (%s): skipped this round",
                        uid, self.config.folder, _text(error))
            return None
        raw = response.get(uid, {}).get(b"BODY[]")
        if raw is None:
            log.warning("IMAP server returned no body for message UID %s in %r: skipped this round",
                        uid, self.config.folder)
            return None
        return bytes(raw)

    def mark_processed(self, uid: int) -> None:
        """Flag \\Seen, then move to the processed folder if one is configured. Never deletes."""
        client = self._connected()
        client.add_flags([uid], [SEEN], silent=True)
        folder = self.config.processed_folder
        if not folder:
            return
        if self._can_move:
            client.move([uid], folder)  # RFC 6851: atomic, no \Deleted + EXPUNGE on our side
            return
        # Without MOVE, moving means deleting the original; we copy and leave it (seen) in place.
        client.copy([uid], folder)
        if not self._warned_no_move:
            self._warned_no_move = True
            log.warning("IMAP server has no MOVE (RFC 6851): stored mail is copied to %r and left, "
                        "flagged seen, in %r", folder, self.config.folder)

    def wait_for_news(self, timeout: float, stop: threading.Event) -> None:
        """IDLE (RFC 2177) until the server reports new mail, `timeout` passes, or `stop` is set."""
        client = self._connected()
        # Mail appended after the last search but before IDLE starts is announced before the
        # "+ idling" continuation, which idle_check never sees: a NOOP collects it first, and
        # what slips in between the two is read from imaplib's untagged responses.
        _, pending = client.noop()
        if _announces_new_mail(pending):
            return
        client.idle()
        try:
            if client._imap.untagged_responses.pop("EXISTS", None):  # imaplib keeps them here
                return
            deadline = time.monotonic() + timeout
            while not stop.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                if _announces_new_mail(client.idle_check(timeout=min(IDLE_CHECK_SECONDS, remaining))):
                    return
        finally:
            client.idle_done()

    def _connected(self) -> IMAPClient:
        if self._client is None:
            raise IMAPClientAbortError("not connected")
        return self._client


def _announces_new_mail(responses: list) -> bool:
    return any(len(item) > 1 and item[1] in (b"EXISTS", b"RECENT") for item in responses)


@dataclass
class RoundResult:
    """What one pass over the unseen mail did (for logs and tests)."""

    stored: int = 0
    duplicates: int = 0
    not_stored: int = 0  # accept raised: left unseen, retried next round
    unreadable: int = 0  # the server could not give it: left unseen, retried next round

    @property
    def touched(self) -> bool:
        return bool(self.stored or self.duplicates or self.not_stored or self.unreadable)


class ImapPoller:
    """Keeps one connection open, stores unseen mail, waits (IDLE or a timer), reconnects with backoff."""

    def __init__(
        self,
        config: ImapConfig,
        db: Database,
        *,
        password: str,
        on_stored: Callable[[], None] | None = None,
        first_retry_delay: float = 2.0,
        max_retry_delay: float = 300.0,
    ) -> None:
        self.config = config
        self.db = db
        self.on_stored = on_stored
        self.mailbox = Mailbox(config, password)
        self.first_retry_delay = first_retry_delay
        self.max_retry_delay = max_retry_delay
        # UIDs whose FETCH made the server drop the connection (Dovecot answers an unreadable
        # message with BYE): skipped until the round completes, so they cannot block the others.
        self._skipped_this_round: set[int] = set()

    async def run_round(self, stopping: asyncio.Event | None = None) -> RoundResult:
        """Store every unseen message, acknowledging each on the server only after its commit."""
        if not self.mailbox.is_open:
            await asyncio.to_thread(self.mailbox.open)
        result = RoundResult()
        uids = [uid for uid in await asyncio.to_thread(self.mailbox.unseen_uids)
                if uid not in self._skipped_this_round]
        result.unreadable = len(self._skipped_this_round)
        for uid in uids:
            if stopping is not None and stopping.is_set():
                return result
            try:
                raw = await asyncio.to_thread(self.mailbox.fetch_raw, uid)
            except (IMAPClientAbortError, OSError) as error:
                log.warning("IMAP connection lost while fetching message UID %s in %r (%s): "
                            "it is skipped this round", uid, self.config.folder, _text(error))
                self._skipped_this_round.add(uid)
                raise
            if raw is None:
                result.unreadable += 1
                continue
            try:
                stored = await accept(self.db, raw, channel="imap", envelope_sender=None,
                                      on_stored=self.on_stored)
            except Exception:
                log.exception("IMAP message UID %s in %r not stored: left unseen on the server, "
                              "retried next round", uid, self.config.folder)
                result.not_stored += 1
                continue
            await asyncio.to_thread(self.mailbox.mark_processed, uid)
            if stored.duplicate:
                result.duplicates += 1
            else:
                result.stored += 1
        self._skipped_this_round.clear()
        if result.touched:
            log.info("IMAP round: %s stored, %s already stored, %s not stored, %s unreadable",
                     result.stored, result.duplicates, result.not_stored, result.unreadable)
        return result

    async def run_forever(self, stopping: asyncio.Event) -> None:
        """Until `stopping` is set. Never raises: every failure is logged and retried with backoff."""
        delay = self.first_retry_delay
        try:
            while not stopping.is_set():
                try:
                    await self.run_round(stopping)
                    delay = self.first_retry_delay
                    await self._wait_for_mail(stopping)
                    continue
                except MailboxRefused as refused:
                    log.error("%s; retrying in %.3g s", refused, delay)
                except (OSError, IMAPClientError) as error:
                    log.warning("IMAP connection to %s:%s failed (%s: %s); reconnecting in %.3g s",
                                self.config.host, self.config.port, type(error).__name__, _text(error), delay)
                except Exception:
                    log.exception("IMAP poller error; reconnecting in %.3g s", delay)
                await asyncio.to_thread(self.mailbox.close)
                await _sleep_unless(stopping, delay)
                delay = min(delay * 2, self.max_retry_delay)
        finally:
            await asyncio.to_thread(self.mailbox.close)
            log.info("IMAP poller stopped")

    async def _wait_for_mail(self, stopping: asyncio.Event) -> None:
        timeout = self.config.poll_interval
        if not self.mailbox.idles:
            await _sleep_unless(stopping, timeout)
            return
        stop = threading.Event()
        idle = asyncio.create_task(
            asyncio.to_thread(self.mailbox.wait_for_news, min(timeout, MAX_IDLE_SECONDS), stop))
        stopped = asyncio.create_task(stopping.wait())
        try:
            await asyncio.wait({idle, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.set()
            stopped.cancel()
            await idle  # the thread notices `stop` within IDLE_CHECK_SECONDS


def imap_poller(
    config: ImapConfig, db: Database, *, on_stored: Callable[[], None] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> ImapPoller | None:
    """The poller `serve` runs, or None when disabled. Raises ConfigError when the password is missing."""
    if not config.enabled:
        return None
    if config.security == "none" and config.host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("imap.security is \"none\": the IMAP password travels in clear to %s", config.host)
    return ImapPoller(config, db, password=mailbox_password(config, environ), on_stored=on_stored)


async def _sleep_unless(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)


def _text(error: BaseException) -> str:
    """An imapclient error's server text (bytes in some versions) as one readable line."""
    value = error.args[0] if error.args else error
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip() or type(error).__name__


def _quietly_close(client: IMAPClient) -> None:
    """LOGOUT if the connection still allows it; a dead socket is simply dropped."""
    try:
        client.logout()
    except Exception:
        with contextlib.suppress(Exception):
            client.shutdown()
