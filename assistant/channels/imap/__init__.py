"""The IMAP edge: read a mailbox hosted elsewhere into the same `accept()` as SMTP.

The mailbox is often shared: staff open it in their own mail client too. So what has been
ingested is known from the database (UIDs per folder and UIDVALIDITY, `progress.py`), never
from the server's \\Seen flag, which a person may set or clear. The contract, message by message:
1. FETCH `BODY.PEEK[]`: PEEK does not set \\Seen (RFC 3501 §6.4.5), so reading is not acknowledging.
2. `accept(...)` commits the raw bytes.
3. Only then flag \\Seen, and MOVE to `imap.processed_folder` if one is set (RFC 6851).
A crash between 2 and 3 refetches the message, and the intake's Message-ID + content-hash
dedupe stores it once. Nothing here ever deletes mail.

imapclient is blocking, so every call on the connection runs in a worker thread
(`asyncio.to_thread`), one call at a time; the event loop never waits on the server.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from assistant.channels.imap.auth import credentials_for, mailbox_password
from assistant.channels.imap.mailbox import Mailbox, MailboxRefused
from assistant.channels.imap.poller import ImapPoller, RoundResult
from assistant.config import ImapConfig
from assistant.storage.database import Database

log = logging.getLogger(__name__)

LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


def imap_poller(
    config: ImapConfig, db: Database, *, on_stored: Callable[[], None] | None = None,
    environ: Mapping[str, str] = os.environ, base_dir: Path = Path("."),
) -> ImapPoller | None:
    """The poller `serve` runs, or None when disabled. Raises ConfigError when the password is missing."""
    if not config.enabled:
        return None
    if config.security == "none" and config.host not in LOCAL_HOSTS:
        log.warning("imap.security is \"none\": the IMAP login travels in clear to %s", config.host)
    credentials = credentials_for(config, base_dir=base_dir, environ=environ)
    return ImapPoller(config, db, credentials=credentials, on_stored=on_stored, base_dir=base_dir)


__all__ = ["ImapPoller", "Mailbox", "MailboxRefused", "RoundResult", "imap_poller", "mailbox_password"]
