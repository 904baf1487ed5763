"""The SMTP edge: accept mail for our addresses only, store it, then answer 250.

The handler follows aiosmtpd's hook contract (see aiosmtpd's docs/handlers.rst):
each hook returns the reply line the client sees. `BoundedSMTP` adds what a
listener open to the Internet needs around the protocol: connection limits,
an idle and a whole-DATA time limit, long lines in DATA, optional STARTTLS.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections import Counter
from collections.abc import Callable
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from assistant.channels.smtp_data import DataOutcome, SpooledData, read_data
from assistant.config import ConfigError, SmtpConfig
from assistant.group_commit import GroupCommitter
from assistant.intake import Accepted
from assistant.storage.database import Database, storage_fault

log = logging.getLogger(__name__)

# aiosmtpd's own answers, given the enhanced codes (RFC 3463) and the RFC's reply where aiosmtpd differs:
# a long DATA line is not a syntax error (RFC 5321 §4.5.3.1.6, so 552, not 500); STARTTLS first (RFC 3207 §4).
_REWORDED_REPLIES = {
    "500 Line too long": "552 5.3.4 Line too long for this server; message not stored",
    "530 Must issue a STARTTLS command first": "530 5.7.0 Must issue a STARTTLS command first",
}


_DATA_REFUSALS = {
    DataOutcome.TOO_MUCH: "552 5.3.4 Message too big for this server; message not stored",
    DataOutcome.TOO_LONG: "552 5.3.4 Line too long for this server; message not stored",
}


class PrivacyInboxHandler:
    """Behaviour only; aiosmtpd's `SMTP` speaks the protocol."""

    def __init__(self, db: Database, recipients: list[str], on_stored: Callable[[], None] | None = None,
                 max_recipients: int = 100, large_messages_in_memory: int = 1):
        self.db = db
        self.recipients = {address.strip().lower() for address in recipients}
        # RFC 5321 §4.5.1: postmaster of every domain we receive mail for must be accepted.
        self.recipients |= {f"postmaster@{address.rpartition('@')[2]}" for address in self.recipients}
        # Concurrent sessions' messages are committed together; each session waits for its own commit.
        self.committer = GroupCommitter(db, on_stored)
        self.max_recipients = max_recipients
        # Spooled (large) messages are read back into memory only a few at a time to be stored:
        # memory stays bounded however many large messages arrive at once.
        self.large_message_slots = asyncio.Semaphore(large_messages_in_memory)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        """Accept only the configured addresses: the service is never an open relay (RFC 5321 §3.6.2).

        Past `max_recipients` RCPT commands in one transaction the answer is 452 4.5.3 (RFC 5321
        §4.5.3.1.8), so a client cannot make the session hold or check thousands of addresses.
        """
        attempts = _count_rcpt(envelope)
        if attempts > self.max_recipients:
            return "452 4.5.3 Too many recipients"
        normalised = address.strip().lower()
        if normalised not in self.recipients:
            log.info("refused recipient %s from %s", _redact(address), session.peer)
            return "550 5.1.1 Recipient address rejected: no such mailbox here"
        if normalised not in {known.strip().lower() for known in envelope.rcpt_tos}:
            envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Commit the raw bytes, then 250. Any failure answers 451 so the sender retries (RFC 5321 §4.2.5)."""
        try:
            stored = await self._store(envelope)
        except Exception as error:
            if fault := storage_fault(error):  # the operator's to fix, said in one line
                log.warning("could not store a message from %s: %s; answering 451", session.peer, fault)
            else:
                log.exception("could not store a message from %s: answering 451", session.peer)
            return "451 4.3.0 Message not stored, please try again later"
        if stored.duplicate:
            return f"250 2.0.0 OK: already received as #{stored.message_pk}"
        return f"250 2.0.0 OK: queued as #{stored.message_pk}"

    async def _store(self, envelope: Envelope) -> Accepted:
        spool: SpooledData | None = getattr(envelope, "spool", None)
        if spool is None:  # aiosmtpd's own DATA (a plain `SMTP` server): the bytes are in memory
            return await self._commit(envelope, envelope.original_content or b"")
        if not spool.on_disk:
            return await self._commit(envelope, await spool.read())
        async with self.large_message_slots:
            return await self._commit(envelope, await spool.read())

    async def _commit(self, envelope: Envelope, raw: bytes) -> Accepted:
        return await self.committer.accept(
            raw, channel="email", envelope_sender=envelope.mail_from, envelope_recipients=envelope.rcpt_tos)

    async def handle_exception(self, error: Exception) -> str:
        log.exception("SMTP session error", exc_info=error)
        return "451 4.3.0 Temporary failure, please try again later"


def _count_rcpt(envelope: Envelope) -> int:
    """RCPT commands seen in this transaction (aiosmtpd makes a new Envelope on MAIL and RSET)."""
    count = getattr(envelope, "rcpt_attempts", 0) + 1
    envelope.rcpt_attempts = count  # type: ignore[attr-defined]
    return count


def _redact(address: str) -> str:
    """Logs keep the domain, not the person (who wrote to a wrong address is still personal data)."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


class ConnectionLimits:
    """Open sessions, in total and per client address: a flood from one host cannot starve the others."""

    def __init__(self, total: int, per_address: int):
        self.total = total
        self.per_address = per_address
        self.open: Counter[str] = Counter()

    def admit(self, address: str) -> bool:
        if sum(self.open.values()) >= self.total or self.open[address] >= self.per_address:
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


class BoundedSMTP(SMTP):
    """aiosmtpd's protocol with the bounds an exposed listener needs.

    - over a connection limit: `421 4.7.0` and close (RFC 5321 §3.8, §4.2.5);
    - `timeout` is the idle limit per command (RFC 5321 §4.5.3.2.7 suggests 5 minutes);
      the whole DATA phase must end within `data_timeout`, so a byte-a-second sender is cut off;
    - DATA lines over 1,000 octets are accepted up to `max_line_length`, beyond it
      `552 5.3.4` (RFC 5321 §4.5.3.1: a server may accept longer lines; 500 is for syntax);
    - a session keeps at most `spool_threshold` bytes of DATA in memory, the rest in a temporary file.
    """

    def __init__(self, handler: Any, *, limits: ConnectionLimits, data_timeout: float, max_line_length: int,
                 spool_threshold: int, **options: Any):
        self.line_length_limit = max_line_length  # read by SMTP.__init__ for its stream reader
        super().__init__(handler, **options)
        self.spool_threshold = spool_threshold
        self.limits = limits
        self.data_timeout = data_timeout
        self._admitted_address: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if self._admitted_address is not None:
            super().connection_made(transport)  # the TLS layer after STARTTLS: same session
            return
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "unknown"
        if not self.limits.admit(address):
            log.warning("too many connections (from %s or in total): answering 421", address)
            transport.write(b"421 4.7.0 Too many connections, please try again later\r\n")  # type: ignore[attr-defined]
            transport.close()
            return
        self._admitted_address = address
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        if self._admitted_address is None:
            return  # refused before the session started: aiosmtpd never saw it
        self.limits.release(self._admitted_address)
        self._admitted_address = None
        super().connection_lost(error)

    def eof_received(self) -> bool | None:
        if self._admitted_address is None:
            return False
        return super().eof_received()

    def data_received(self, data: bytes) -> None:
        if self._admitted_address is None:
            return
        super().data_received(data)

    async def smtp_DATA(self, arg: str) -> None:
        """aiosmtpd's DATA command, reading into a spool (smtp_data.py) instead of a list of lines in memory.

        Overriding an `smtp_<VERB>` method is aiosmtpd's documented way to change a command (docs/smtp.rst).
        The handler finds the message in `envelope.spool`; `original_content` stays None.
        """
        self._reset_timeout(self.data_timeout)
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        try:
            outcome, spool = await read_data(self._reader, threshold=self.spool_threshold,
                                             size_limit=self.data_size_limit, line_limit=self.line_length_limit)
        except asyncio.CancelledError:
            log.info("connection lost during DATA")
            self._writer.close()
            raise
        if outcome is not DataOutcome.COMPLETE:
            self._set_post_data_state()
            await self.push(_DATA_REFUSALS[outcome])
            return
        self.envelope.spool = spool  # type: ignore[attr-defined]
        try:
            status = await self._call_handler_hook("DATA")
        finally:
            spool.close()
        self._set_post_data_state()
        await self.push(status)

    async def push(self, status: str) -> None:
        for original, reworded in _REWORDED_REPLIES.items():
            if status.startswith(original):
                status = reworded
        if status.startswith("500 ") and not status.startswith("500 5."):
            status = "500 5.5.2 " + status[4:]  # aiosmtpd's other 500s are syntax errors (RFC 3463 X.5.2)
        await super().push(status)

    def _timeout_cb(self) -> None:
        if self.transport is not None:
            self.transport.write(b"421 4.4.2 Timeout, closing connection\r\n")  # type: ignore[attr-defined]
        super()._timeout_cb()


def tls_context(config: SmtpConfig) -> ssl.SSLContext | None:
    """The server certificate for STARTTLS (RFC 3207), or None when none is configured."""
    if not config.tls_cert_file:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(config.tls_cert_file, config.tls_key_file or None)
    except (OSError, ssl.SSLError) as error:
        raise ConfigError(f"config key smtp.tls_cert_file: cannot load {config.tls_cert_file}: {error}") from None
    return context


async def start_smtp_server(
    config: SmtpConfig, db: Database, on_stored: Callable[[], None] | None = None
) -> asyncio.Server:
    """Listen on the service's own loop (not aiosmtpd's threaded Controller)."""
    handler = PrivacyInboxHandler(db, config.recipients, on_stored, max_recipients=config.max_recipients)
    limits = ConnectionLimits(config.max_connections, config.max_connections_per_address)
    context = tls_context(config)
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        return BoundedSMTP(
            handler,
            limits=limits,
            data_timeout=config.data_timeout_seconds,
            max_line_length=config.max_line_length,
            spool_threshold=config.spool_threshold_bytes,
            hostname=config.hostname,
            data_size_limit=config.max_message_size,
            enable_SMTPUTF8=True,
            ident="SODEPAC privacy assistant",
            timeout=config.idle_timeout_seconds,
            tls_context=context,
            require_starttls=config.require_starttls,
        )

    server = await loop.create_server(protocol, host=config.host, port=config.port)
    return server
