"""Requests as they arrive and are worked: the stored message, its ticket, the ticket's requests,
drafts and events, corrections of the classifier, the marketing suppression list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.storage.models.base import Base, utcnow
from assistant.storage.states import DraftStatus, MessageState


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

    # Never set through it: it tells the unit of work to insert the ticket first (storage/batching.py).
    ticket: Mapped[Ticket | None] = relationship()


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
