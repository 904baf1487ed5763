"""The people who work the console: accounts, sessions, sign-in attempts, and what they write
beside the drafts (revisions, internal notes, presence, canned snippets)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assistant.storage.models.base import Base, utcnow

if TYPE_CHECKING:
    from assistant.storage.models.requests import Draft, Ticket


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
    # "en" or "fr", chosen in the console's header; NULL follows the browser (web.default_language else).
    console_language: Mapped[str | None] = mapped_column(String(8))


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

    # Never set through these: they tell the unit of work to insert the draft and the ticket first,
    # when a batch's rows go in with one flush (storage/batching.py).
    draft: Mapped[Draft] = relationship()
    ticket: Mapped[Ticket] = relationship()


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


class SignInLimit(Base):
    """Failed sign-ins counted per key (`pair:<address>|<name>`, `address:<address>`) and how long the key
    must wait. Each attempt claims its key's row under a lock before the password is checked, so
    concurrent attempts cannot all read "0 failures" (issue 16, finding 5); several processes share it."""

    __tablename__ = "sign_in_limits"
    __table_args__ = (Index("ix_sign_in_limits_last", "last_failure_at"),)

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column()
    blocked_until: Mapped[datetime | None] = mapped_column()
class SavedView(Base):
    """A named queue view of one member of staff: the queue's filters and sort as its URL query."""

    __tablename__ = "saved_views"
    __table_args__ = (UniqueConstraint("owner", "name", name="uq_saved_views_owner_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(120))  # a staff name
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(Text)  # canonical: re-encoded from the typed filters
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
