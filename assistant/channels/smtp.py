"""The SMTP edge: accept mail for our addresses only, store it, then answer 250.

The handler follows aiosmtpd's hook contract (see aiosmtpd's docs/handlers.rst):
each hook returns the reply line the client sees.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiosmtpd.smtp import SMTP, Envelope, Session

from assistant.config import SmtpConfig
from assistant.intake import accept
from assistant.storage.database import Database

log = logging.getLogger(__name__)


class PrivacyInboxHandler:
    """Behaviour only; aiosmtpd's `SMTP` speaks the protocol."""

    def __init__(self, db: Database, recipients: list[str], on_stored: Callable[[], None] | None = None):
        self.db = db
        self.recipients = {address.strip().lower() for address in recipients}
        self.on_stored = on_stored

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        """Accept only the configured addresses: the service is never an open relay (RFC 5321 §3.6.2)."""
        if address.strip().lower() not in self.recipients:
            log.info("refused recipient %s from %s", _redact(address), session.peer)
            return "550 5.1.1 Recipient address rejected: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Commit the raw bytes, then 250. Any failure answers 451 so the sender retries (RFC 5321 §4.2.5)."""
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):  # only with decode_data=True, which we never set
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            stored = await accept(
                self.db,
                raw,
                channel="email",
                envelope_sender=envelope.mail_from,
                envelope_recipients=envelope.rcpt_tos,
                on_stored=self.on_stored,
            )
        except Exception:
            log.exception("could not store a message from %s: answering 451", session.peer)
            return "451 4.3.0 Message not stored, please try again later"
        if stored.duplicate:
            return f"250 2.0.0 OK: already received as #{stored.message_pk}"
        return f"250 2.0.0 OK: queued as #{stored.message_pk}"

    async def handle_exception(self, error: Exception) -> str:
        log.exception("SMTP session error", exc_info=error)
        return "451 4.3.0 Temporary failure, please try again later"


def _redact(address: str) -> str:
    """Logs keep the domain, not the person (who wrote to a wrong address is still personal data)."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


async def start_smtp_server(
    config: SmtpConfig, db: Database, on_stored: Callable[[], None] | None = None
) -> asyncio.Server:
    """Listen on the service's own loop (not aiosmtpd's threaded Controller)."""
    handler = PrivacyInboxHandler(db, config.recipients, on_stored)
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        return SMTP(
            handler,
            hostname=config.hostname,
            data_size_limit=config.max_message_size,
            enable_SMTPUTF8=True,
            ident="SODEPAC privacy assistant",
        )

    server = await loop.create_server(protocol, host=config.host, port=config.port)
    return server
