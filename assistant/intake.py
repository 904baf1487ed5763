"""The one entry point of every channel: store the raw message durably, then say so.

SMTP, the MTA pipe, IMAP and the chat all call `accept`. It commits the raw bytes
before returning, so a channel may acknowledge (250, exit 0, IMAP \\Seen) only once
`accept` has returned; the pipeline works from the store, never inside the channel.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.mail.fingerprint import content_hash
from assistant.mail.headers import message_id_from_header
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.tickets.audit import record_event

log = logging.getLogger(__name__)

CHANNELS = ("email", "pipe", "imap", "chat")
DERIVED_ID_DOMAIN = "derived.privacy-assistant.invalid"
HASH_IN_THREAD_BYTES = 1 << 20
_END_OF_HEADERS = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Accepted:
    """The outcome a channel reports: the stored row, or the row it duplicates."""

    message_pk: int
    message_id: str
    duplicate: bool = False
    flag: str | None = None


@dataclass(frozen=True)
class Incoming:
    """A message as a channel hands it over, with what `accept` derives from its bytes."""

    raw: bytes
    channel: str
    envelope_sender: str | None
    envelope_recipients: tuple[str, ...]
    header_id: str | None
    digest: str

    @property
    def message_id(self) -> str:
        return self.header_id or f"{self.digest[:40]}@{DERIVED_ID_DOMAIN}"


async def incoming(raw: bytes, *, channel: str, envelope_sender: str | None = None,
                   envelope_recipients: Sequence[str] = ()) -> Incoming:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    # Hashing 50 MB takes about a second: off the event loop, which also serves SMTP and the console.
    digest = await asyncio.to_thread(content_hash, raw) if len(raw) > HASH_IN_THREAD_BYTES else content_hash(raw)
    return Incoming(raw, channel, envelope_sender, tuple(envelope_recipients), message_id_of(raw), digest)


async def accept(
    db: Database,
    raw: bytes,
    *,
    channel: str,
    envelope_sender: str | None = None,
    envelope_recipients: Sequence[str] = (),
    on_stored: Callable[[], None] | None = None,
) -> Accepted:
    """Store `raw` and commit. Raises on any storage failure: the caller must not acknowledge."""
    item = await incoming(raw, channel=channel, envelope_sender=envelope_sender,
                          envelope_recipients=envelope_recipients)
    stored = await accept_one(db, item)
    if on_stored is not None and not stored.duplicate:
        on_stored()
    return stored


async def accept_one(db: Database, item: Incoming) -> Accepted:
    """One message, one transaction."""
    async with db.session() as session:
        stored = await add_message(session, item)
        if stored.duplicate:
            return stored
        try:
            await session.commit()
        except IntegrityError:
            # Another connection stored the same message a moment ago.
            await session.rollback()
            pk = (await session.execute(select(Message.id).where(
                Message.message_id == item.message_id, Message.content_hash == item.digest))).scalar_one()
            return Accepted(message_pk=pk, message_id=item.message_id, duplicate=True)
    log.info("stored message %s from %s channel", stored.message_pk, item.channel)
    return stored


async def add_message(session: AsyncSession, item: Incoming) -> Accepted:
    """Add the message and its event to the session's transaction, or name the row it duplicates.

    A Message-ID plus a content hash identifies a message: the same id with other bytes is stored,
    flagged (a Message-ID may be reused, by mistake or to divert a thread). Nothing is committed here.
    """
    message_id = item.message_id
    known = (await session.execute(
        select(Message.id, Message.content_hash).where(Message.message_id == message_id)
    )).all()
    for pk, known_hash in known:
        if known_hash == item.digest:
            log.info("duplicate of message %s not stored again", pk)  # a Message-ID may name its sender
            return Accepted(message_pk=pk, message_id=message_id, duplicate=True)
    flag = f"Message-ID <{message_id}> was already used by a different message (#{known[0][0]})" if known else None
    message = Message(
        channel=item.channel,
        envelope_sender=item.envelope_sender,
        envelope_recipients=list(item.envelope_recipients),
        raw=item.raw,
        message_id=message_id,
        message_id_derived=item.header_id is None,
        content_hash=item.digest,
        flag=flag,
    )
    session.add(message)
    await session.flush()
    record_event(session, message_pk=message.id, actor="system", kind="message_received",
                 detail=f"received over {item.channel}, {len(item.raw)} bytes" + (f"; {flag}" if flag else ""))
    return Accepted(message_pk=message.id, message_id=message_id, flag=flag)


def message_id_of(raw: bytes) -> str | None:
    """The Message-ID of `raw`, read from the header block only, as the parser reads it."""
    value = header_field(raw, "Message-ID")
    identifier = message_id_from_header(str(value)) if value else None
    return identifier[:900] if identifier else None


def header_field(raw: bytes, name: str) -> str | None:
    """One header field of `raw`, read from the header block only; None when absent or too broken to read.

    The block is cut at the first empty line before parsing: the parser would otherwise split
    the whole body into lines too, seconds of work on the event loop for a 50 MB message.
    """
    end = _END_OF_HEADERS.search(raw)
    try:
        value = BytesHeaderParser(policy=default_policy).parsebytes(raw[:end.end()] if end else raw).get(name)
        return str(value) if value is not None else None
    except Exception:  # a header block too broken to read
        return None
