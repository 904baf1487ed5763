"""One blocking IMAP connection (imapclient): connect, log in, list, fetch, acknowledge, IDLE.

Call its methods from one thread at a time (the poller runs each in `asyncio.to_thread`).
Every way connecting can go wrong that a person must fix (DNS, refused, TLS, login, folder)
is a `MailboxRefused` whose one line names the config key to change.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from assistant.channels.imap.auth import Credentials, TokenUnavailable
from assistant.config import ImapConfig
from assistant.intake import message_id_of

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
SOCKET_TIMEOUT_SECONDS = 60.0
# How often a thread waiting in IDLE looks at the stop flag, so `serve` stops within about a second.
IDLE_CHECK_SECONDS = 1.0
# UIDs per header FETCH: one command line stays short, one response small.
HEADER_BATCH = 100
HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"
# Bodies come in pieces of this size (partial FETCH, RFC 3501 §6.4.5): parsing one 50 MB
# response holds Python's lock for seconds, stalling the event loop; 1 MB pieces hold it ~0.1 s.
BODY_PIECE = 1 << 20


class MailboxRefused(Exception):
    """The server, the network or TLS refused us: a configuration problem, said with its keys."""


@dataclass(frozen=True)
class FolderStatus:
    """What SELECT reports (RFC 3501 §6.3.1): UIDs are only comparable under one UIDVALIDITY."""

    uidvalidity: int
    uidnext: int
    exists: int


@dataclass(frozen=True)
class Header:
    """What is fetched before deciding to download a body: its size and Message-ID."""

    uid: int
    size: int
    message_id: str | None


class Mailbox:
    def __init__(self, config: ImapConfig, credentials: Credentials, *, base_dir: Path = Path(".")) -> None:
        self.config = config
        self.credentials = credentials
        self.base_dir = base_dir
        self._client: IMAPClient | None = None
        self.capabilities: tuple[str, ...] = ()
        self._warned_no_move = False

    @property
    def where(self) -> str:
        return f"{self.config.username!r} on {self.config.host}:{self.config.port}"

    def open(self) -> None:
        client = self._connect()
        try:
            self._log_in(client)
            self._select(client)
            self._ensure_processed_folder(client)
            self.capabilities = tuple(sorted(item.decode() for item in client.capabilities()))
        except BaseException:
            _quietly_close(client)
            raise
        self._client = client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            _quietly_close(client)

    @property
    def is_open(self) -> bool:
        return self._client is not None

    @property
    def can_idle(self) -> bool:
        return "IDLE" in self.capabilities

    @property
    def can_move(self) -> bool:
        return "MOVE" in self.capabilities

    @property
    def idles(self) -> bool:
        """Whether waiting uses IDLE (known from the capabilities read at login: no server round trip)."""
        return self.is_open and self.config.use_idle and self.can_idle

    def folder_status(self) -> FolderStatus:
        """SELECT again: fresh UIDVALIDITY, UIDNEXT and message count."""
        return _status(self._connected().select_folder(self.config.folder))

    def uids_after(self, uid: int) -> list[int]:
        """UIDs above `uid`. `N:*` always includes the highest UID (RFC 3501 §6.4.8), hence the filter."""
        found = self._connected().search(["UID", f"{uid + 1}:*"])
        return sorted(found_uid for found_uid in found if found_uid > uid)

    def headers(self, uids: Iterable[int]) -> dict[int, Header]:
        """Size and Message-ID of each UID still in the folder (an expunged one is simply absent)."""
        uids = list(uids)
        headers: dict[int, Header] = {}
        for start in range(0, len(uids), HEADER_BATCH):
            response = self._connected().fetch(uids[start:start + HEADER_BATCH], ["RFC822.SIZE", HEADER_ITEM])
            for uid, data in response.items():
                block = data.get(b"BODY[HEADER.FIELDS (MESSAGE-ID)]") or b""
                headers[uid] = Header(uid, int(data.get(b"RFC822.SIZE", 0)), message_id_of(bytes(block) + b"\r\n"))
        return headers

    def fetch_raw(self, uid: int, size: int = 0) -> bytes | None:
        """The message's exact bytes with `BODY.PEEK[]`, which does not set \\Seen (RFC 3501 §6.4.5).

        A message over `BODY_PIECE` bytes comes in pieces. None when the server answers without
        the body (an IMAP NO is logged); a dropped connection raises, for the poller to record.
        """
        if size <= BODY_PIECE:
            return self._fetch_item(uid, "BODY.PEEK[]")
        pieces: list[bytes] = []
        while True:
            offset = sum(map(len, pieces))
            piece = self._fetch_item(uid, f"BODY.PEEK[]<{offset}.{BODY_PIECE}>")
            if piece is None:
                return None
            pieces.append(piece)
            if len(piece) < BODY_PIECE:
                return b"".join(pieces)

    def _fetch_item(self, uid: int, item: str) -> bytes | None:
        try:
            response = self._connected().fetch([uid], [item])
        except IMAPClientAbortError:
            raise
        except IMAPClientError as error:
            log.warning("IMAP server could not give message UID %s in %r: %s", uid, self.config.folder, text_of(error))
            return None
        data = response.get(uid, {})
        raw = next((value for key, value in data.items() if key.startswith(b"BODY[]")), None)
        return None if raw is None else bytes(raw)

    def mark_processed(self, uid: int) -> None:
        """Flag \\Seen, then move to the processed folder if one is configured. Never deletes."""
        client = self._connected()
        client.add_flags([uid], [SEEN], silent=True)
        folder = self.config.processed_folder
        if not folder:
            return
        if self.can_move:
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

    def _connect(self) -> IMAPClient:
        config = self.config
        where = f"{config.host}:{config.port}"
        try:
            context = self._tls_context()
            client = IMAPClient(config.host, port=config.port, ssl=config.security == "tls",
                                ssl_context=context, timeout=SOCKET_TIMEOUT_SECONDS)
        except socket.gaierror as error:
            raise MailboxRefused(f"cannot find the IMAP server {config.host!r} ({error.strerror}): "
                                 "check imap.host") from None
        except ConnectionRefusedError:
            raise MailboxRefused(f"the IMAP server {where} refused the connection: check imap.host and imap.port "
                                 "(993 for imap.security = \"tls\", 143 for starttls)") from None
        except ssl.SSLError as error:
            raise MailboxRefused(_tls_problem(where, error)) from None
        except TimeoutError:
            raise MailboxRefused(f"no answer from the IMAP server {where} within {SOCKET_TIMEOUT_SECONDS:g} s: "
                                 "check imap.host, imap.port and the firewall") from None
        if config.security != "starttls":
            return client
        try:
            client.starttls(context)
        except ssl.SSLError as error:
            _quietly_close(client)
            raise MailboxRefused(_tls_problem(where, error)) from None
        except IMAPClientError as error:
            _quietly_close(client)
            raise MailboxRefused(f"the IMAP server {where} did not start TLS ({text_of(error)}): "
                                 "check imap.security and imap.port") from None
        return client

    def _tls_context(self) -> ssl.SSLContext:
        ca_file = self.config.tls_ca_file
        if not ca_file:
            return ssl.create_default_context()
        path = Path(ca_file) if Path(ca_file).is_absolute() else self.base_dir / ca_file
        try:
            return ssl.create_default_context(cafile=str(path))
        except (OSError, ssl.SSLError) as error:
            raise MailboxRefused(f"cannot read the CA certificates in imap.tls_ca_file ({path}): "
                                 f"{getattr(error, 'strerror', None) or error}") from None

    def _log_in(self, client: IMAPClient) -> None:
        try:
            self.credentials.login(client, self.config.username)
        except LoginError as error:
            raise MailboxRefused(f"IMAP login refused for {self.where} ({text_of(error)}): check imap.username "
                                 f"and {self.credentials.hint}") from None
        except TokenUnavailable as error:
            raise MailboxRefused(f"no OAuth 2.0 token for {self.where}: {error}") from None

    def _select(self, client: IMAPClient) -> None:
        try:
            client.select_folder(self.config.folder)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as error:
            raise MailboxRefused(f"IMAP folder {self.config.folder!r} (imap.folder) cannot be opened for "
                                 f"{self.where}: {text_of(error)}") from None

    def _ensure_processed_folder(self, client: IMAPClient) -> None:
        folder = self.config.processed_folder
        if not folder or client.folder_exists(folder):
            return
        try:
            client.create_folder(folder)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as error:
            raise MailboxRefused(f"IMAP folder {folder!r} (imap.processed_folder) does not exist and cannot be "
                                 f"created for {self.where}: {text_of(error)}") from None
        log.info("created IMAP folder %r (imap.processed_folder)", folder)

    def _connected(self) -> IMAPClient:
        if self._client is None:
            raise IMAPClientAbortError("not connected")
        return self._client


def _status(selected: dict) -> FolderStatus:
    return FolderStatus(uidvalidity=int(selected.get(b"UIDVALIDITY", 0)),
                        uidnext=int(selected.get(b"UIDNEXT", 0)), exists=int(selected.get(b"EXISTS", 0)))


def _tls_problem(where: str, error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"the TLS certificate of the IMAP server {where} is not trusted ({error.verify_message}): "
                "set imap.tls_ca_file to the CA that signed it, or check imap.host")
    return (f"TLS with the IMAP server {where} failed ({error.reason or error}): check imap.security "
            "(\"tls\" on port 993, \"starttls\" on 143) and imap.port")


def _announces_new_mail(responses: list) -> bool:
    return any(len(item) > 1 and item[1] in (b"EXISTS", b"RECENT") for item in responses)


def text_of(error: BaseException) -> str:
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
