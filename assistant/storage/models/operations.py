"""What the service runs by itself: the outbox, the scheduled runs (retention, reports), the IMAP
poller's progress and failures, the chat's conversations and limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.models.base import Base, utcnow
from assistant.storage.states import OutboxState


class OutboxItem(Base):
    """A message to deliver, built completely (Message-ID included) before the first attempt."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # reply | acknowledgement | report
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id"), unique=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    sender: Mapped[str] = mapped_column(String(320))
    recipients: Mapped[list[Any]] = mapped_column()
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    relay_reply: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class RetentionRun(Base):
    """A day's retention run, claimed by inserting the row (the day is unique) so it runs once a day."""

    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[str] = mapped_column(String(10), unique=True)  # ISO date in the service's time zone
    claimed_by: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    summary: Mapped[dict[str, Any] | None] = mapped_column()


class ReportRun(Base):
    """A week's report, claimed in the database before sending so it goes out once."""

    __tablename__ = "report_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(10), unique=True)  # ISO week (2026-W47) or day (2026-11-20)
    kind: Mapped[str] = mapped_column(String(16), default="weekly", server_default="weekly")  # weekly | digest
    claimed_by: Mapped[str] = mapped_column(String(120))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))


class ImapFolder(Base):
    """What the IMAP poller has ingested from one folder, and which process polls it.

    `highest_uid` is valid only with its `uidvalidity` (RFC 3501 §2.3.1.1): every UID up to it was
    stored, recognised as stored, or recorded in `imap_failures`. The lease (holder, until) lets
    several `serve` processes share one database while one polls the folder at a time.
    """

    __tablename__ = "imap_folders"
    __table_args__ = (UniqueConstraint("host", "username", "folder", name="uq_imap_folders_mailbox"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    username: Mapped[str] = mapped_column(String(320))
    folder: Mapped[str] = mapped_column(String(255))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    highest_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    lease_holder: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImapFailure(Base):
    """A message the poller could not fetch or store yet: retried with backoff, reported once."""

    __tablename__ = "imap_failures"
    __table_args__ = (UniqueConstraint("folder_id", "uidvalidity", "uid", name="uq_imap_failures_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder_id: Mapped[int] = mapped_column(ForeignKey("imap_folders.id", ondelete="CASCADE"))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str] = mapped_column(Text)
    first_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column()


class ChatSession(Base):
    """A website chat conversation (assistant.chat.conversation). The id is the SHA-256 of the token the
    visitor holds, never the token. A pending request waits here, with its one-time code's hash,
    until the visitor proves they read the address (see assistant.chat.verification)."""

    __tablename__ = "chat_sessions"
    __table_args__ = (Index("ix_chat_sessions_expires", "expires_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    stage: Mapped[str] = mapped_column(String(24), default="conversing")
    transcript: Mapped[list[Any]] = mapped_column(default=list)
    pending_text: Mapped[str] = mapped_column(Text, default="")
    pending_intents: Mapped[list[Any]] = mapped_column(default=list)
    address: Mapped[str | None] = mapped_column(String(320))
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column()
    code_attempts: Mapped[int] = mapped_column(Integer, default=0)
    tickets: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()


class ChatLimit(Base):
    """How many times a key (a client, a session, an address) did something in one window: counted by
    one INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so concurrent requests and several `serve`
    processes share the count."""

    __tablename__ = "chat_limits"
    __table_args__ = (Index("ix_chat_limits_window", "window_start"),)

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)



class ChatFormToken(Base):
    """A chat form's one-time token, recorded when it is used: a second post of the same form (a replay,
    a script, a double click) finds its row and is refused."""

    __tablename__ = "chat_form_tokens"
    __table_args__ = (Index("ix_chat_form_tokens_used", "used_at"),)

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the nonce, never the nonce
    used_at: Mapped[datetime] = mapped_column()
