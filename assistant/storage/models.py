"""The schema. Raw messages are kept as bytes until retention or an erasure purges them
(assistant/privacy/): until then nothing is lost and anything can be re-run. Events are
append-only (database triggers, migration 0007): only a purge may shorten their text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from assistant.storage.states import DraftStatus, MessageState, OutboxState


class UTCDateTime(TypeDecorator):
    """Always timezone-aware UTC in Python, whatever the database keeps (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict] = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}




class Message(Base):
    """One message as received (or sent), with what the pipeline learned from it."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("message_id", "content_hash", name="uq_messages_id_hash"),
        Index("ix_messages_state", "state"),
        Index("ix_messages_ticket", "ticket_id"),
        Index("ix_messages_received_noise", "received_at", "noise_rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # email | pipe | imap | chat
    envelope_sender: Mapped[str | None] = mapped_column(String(320))
    envelope_recipients: Mapped[list[Any]] = mapped_column(default=list)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    message_id: Mapped[str] = mapped_column(String(998), index=True)
    message_id_derived: Mapped[bool] = mapped_column(Boolean, default=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default=MessageState.STORED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    failed_step: Mapped[str | None] = mapped_column(String(64))  # the pipeline step that failed (runner.py)
    flag: Mapped[str | None] = mapped_column(Text)  # e.g. a reused Message-ID
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    # What the pipeline read, filled in when processed.
    from_address: Mapped[str | None] = mapped_column(String(320))
    from_name: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column()
    body_text: Mapped[str | None] = mapped_column(Text)
    new_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    defects: Mapped[list[Any]] = mapped_column(default=list)
    noise_rule: Mapped[str | None] = mapped_column(String(64))
    noise_reason: Mapped[str | None] = mapped_column(Text)
    thread_rule: Mapped[str | None] = mapped_column(Text)
    decision_rule: Mapped[str | None] = mapped_column(String(64))  # what chose the primary: intents/primary.py
    language: Mapped[str | None] = mapped_column(String(8))
    intents: Mapped[list[Any] | None] = mapped_column()
    primary: Mapped[str | None] = mapped_column(String(32))
    scores: Mapped[dict[str, Any] | None] = mapped_column()
    processed_at: Mapped[datetime | None] = mapped_column()
    # Set when its content (raw bytes, text, addresses) was purged by retention or an erasure.
    content_purged_at: Mapped[datetime | None] = mapped_column()

    ticket: Mapped[Ticket | None] = relationship(back_populates="messages")


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_status_due", "status", "due_at"),
        Index("ix_tickets_received", "received_at"),
        Index("ix_tickets_requester", "requester"),
        Index("ix_tickets_closed", "closed_at"),
        Index("ix_tickets_due_id", "due_at", "id"),
        Index("ix_tickets_status_due_id", "status", "due_at", "id"),
        Index("ix_tickets_status_stage_due", "status", "stage", "due_at"),  # the queue's overdue filter
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    requester: Mapped[str] = mapped_column(String(320))
    requester_name: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(16), default="email")
    status: Mapped[str] = mapped_column(String(24))
    intents: Mapped[list[Any]] = mapped_column(default=list)
    primary: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="en")
    scores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reasons: Mapped[list[Any]] = mapped_column(default=list)
    entities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    noise_rule: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    linked_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When it last became closed (set by tickets.service.set_status): retention counts from here.
    closed_at: Mapped[datetime | None] = mapped_column()
    # When its content was purged (retention or erasure); what accountability needs stays.
    content_purged_at: Mapped[datetime | None] = mapped_column()
    # The request lifecycle (assistant/tickets/stages.py, clock.py). `status` stays for the queue.
    stage: Mapped[str] = mapped_column(String(24), default="new", server_default="new")
    identity: Mapped[str] = mapped_column(String(16), default="not_needed", server_default="not_needed")
    paused_since: Mapped[datetime | None] = mapped_column()
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    extended_months: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    fulfilled_at: Mapped[datetime | None] = mapped_column()
    # A complaint about an earlier request: that ticket, whose deadline this one keeps. A plain id, as
    # SQLite can add a foreign key only by rebuilding the table (which its own foreign keys forbid).
    earlier_ticket_id: Mapped[int | None] = mapped_column(Integer)
    # Optimistic locking (assistant/tickets/versions.py): every staff action and every new or edited
    # draft moves it on; a form or API call carrying an older number is refused, never applied.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    assignee: Mapped[str | None] = mapped_column(String(120))  # a staff name; None: nobody has taken it

    messages: Mapped[list[Message]] = relationship(back_populates="ticket", order_by="Message.id")
    drafts: Mapped[list[Draft]] = relationship(back_populates="ticket", order_by="Draft.id")
    events: Mapped[list[Event]] = relationship(back_populates="ticket", order_by="Event.id")
    # Loaded with the ticket (one IN query a page): the clock and the stage read them on every change.
    requests: Mapped[list[TicketRequest]] = relationship(back_populates="ticket", order_by="TicketRequest.id",
                                                         lazy="selectin", cascade="all, delete-orphan")


class TicketRequest(Base):
    """One request a ticket holds: a follow-up adds one, never replaces one; each is fulfilled on its own."""

    __tablename__ = "ticket_requests"
    __table_args__ = (Index("ix_ticket_requests_ticket", "ticket_id"),
                      Index("ix_ticket_requests_stage_due", "stage", "due_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    intent: Mapped[str] = mapped_column(String(32))
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    received_at: Mapped[datetime] = mapped_column()
    due_at: Mapped[datetime] = mapped_column()
    stage: Mapped[str] = mapped_column(String(24), default="new")
    fulfilled_at: Mapped[datetime | None] = mapped_column()

    ticket: Mapped[Ticket] = relationship(back_populates="requests")


class Draft(Base):
    """A reply awaiting a decision. `original_body` is what the templates wrote, `body` what staff kept."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_ticket_status", "ticket_id", "status"), Index("ix_drafts_decided", "decided_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    status: Mapped[str] = mapped_column(String(16), default=DraftStatus.PENDING)
    language: Mapped[str] = mapped_column(String(8))
    intents: Mapped[list[Any]] = mapped_column(default=list)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    original_body: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(String(998))
    message_id: Mapped[str] = mapped_column(String(998), index=True)  # ours, fixed before sending
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_by: Mapped[str | None] = mapped_column(String(120))
    edited_at: Mapped[datetime | None] = mapped_column()
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(24), default="acknowledgement", server_default="acknowledgement")

    ticket: Mapped[Ticket] = relationship(back_populates="drafts")
    files: Mapped[list[DraftFile]] = relationship(order_by="DraftFile.id")

    @property
    def edited(self) -> bool:
        return self.body != self.original_body


class DraftFile(Base):
    """A file staff attached to a fulfilment (the copy of the data, the portable file), sent with it."""

    __tablename__ = "draft_files"
    __table_args__ = (Index("ix_draft_files_draft", "draft_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(127))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Suppression(Base):
    """An address that must get no marketing (GDPR Art. 21(3)). Kept by hash through an erasure."""

    __tablename__ = "suppression"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str | None] = mapped_column(String(320))  # normalised; None once erased
    address_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the normalised address
    since: Mapped[datetime] = mapped_column(default=utcnow)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    removed_at: Mapped[datetime | None] = mapped_column()
    removed_by: Mapped[str | None] = mapped_column(String(120))
    removed_reason: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """Every change of state: who (a staff name or `system`), when, what."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_ticket", "ticket_id"),
        Index("ix_events_at", "at"),
        Index("ix_events_kind_at", "kind", "at"),
        Index("ix_events_actor_at", "actor", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    message_pk: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(48))
    detail: Mapped[str] = mapped_column(Text, default="")

    ticket: Mapped[Ticket | None] = relationship(back_populates="events")


class Correction(Base):
    """A staff reclassification kept beside the original prediction, to learn from."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    predicted_intents: Mapped[list[Any]] = mapped_column()
    predicted_primary: Mapped[str | None] = mapped_column(String(32))
    intents: Mapped[list[Any]] = mapped_column()
    primary: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A member of staff who signs in to the console. Passwords and API tokens are stored hashed."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # staff | admin
    password_hash: Mapped[str] = mapped_column(Text)
    api_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StaffSession(Base):
    """A signed-in console session. The id is the SHA-256 of the cookie's token, never the token."""

    __tablename__ = "staff_sessions"
    __table_args__ = (Index("ix_staff_sessions_user", "user_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()


class SignInAttempt(Base):
    """Every sign-in, kept to slow down and log repeated failures."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_name_at", "name", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(64), default="")
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(default=utcnow)




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


class DraftRevision(Base):
    """Every text a draft had, who wrote it and when: the draft history staff can read back."""

    __tablename__ = "draft_revisions"
    __table_args__ = (Index("ix_draft_revisions_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    ticket_version: Mapped[int] = mapped_column(Integer)  # the ticket's version this text made
    body: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketNote(Base):
    """An internal note on a ticket, never sent; `mentions` are the staff names it @mentions."""

    __tablename__ = "ticket_notes"
    __table_args__ = (Index("ix_ticket_notes_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    author: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    mentions: Mapped[list[Any]] = mapped_column(default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketPresence(Base):
    """Who has the ticket open (viewing) or is typing in it (editing), until `seen_at` goes stale."""

    __tablename__ = "ticket_presence"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(120), primary_key=True)
    activity: Mapped[str] = mapped_column(String(16))
    seen_at: Mapped[datetime] = mapped_column()


class Snippet(Base):
    """A canned passage staff insert into a free reply: plain text, never a template."""

    __tablename__ = "snippets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


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


__all__ = ["Base", "ChatLimit", "ChatSession", "Correction", "Draft", "DraftFile", "DraftRevision", "Event",
           "ImapFailure", "ImapFolder", "Message", "OutboxItem", "ReportRun", "RetentionRun", "SignInAttempt",
           "Snippet", "StaffSession", "Suppression", "Ticket", "TicketNote", "TicketPresence", "TicketRequest",
           "User", "utcnow"]
