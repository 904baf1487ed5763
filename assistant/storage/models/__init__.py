"""The schema, one module per area. Raw messages are kept as bytes until retention or an erasure purges
them (assistant/privacy/): until then nothing is lost and anything can be re-run. Events are append-only
(database triggers, migration 0007): only a purge may shorten their text.

Every table is imported here, so `Base.metadata` is complete for Alembic and the rest of the code
imports from `assistant.storage.models` without knowing which area a table lives in.
"""

from assistant.storage.models.base import Base, UTCDateTime, utcnow
from assistant.storage.models.operations import (
    ChatFormToken,
    ChatLimit,
    ChatSession,
    ImapFailure,
    ImapFolder,
    OutboxItem,
    ReportRun,
    RetentionRun,
)
from assistant.storage.models.requests import (
    Correction,
    Draft,
    DraftFile,
    Event,
    Message,
    Suppression,
    Ticket,
    TicketRequest,
)
from assistant.storage.models.staff import (
    DraftRevision,
    SavedView,
    SignInAttempt,
    SignInLimit,
    Snippet,
    StaffSession,
    TicketNote,
    TicketPresence,
    User,
)

__all__ = [
    "Base",
    "ChatFormToken",
    "ChatLimit",
    "ChatSession",
    "Correction",
    "Draft",
    "DraftFile",
    "DraftRevision",
    "Event",
    "ImapFailure",
    "ImapFolder",
    "Message",
    "OutboxItem",
    "ReportRun",
    "RetentionRun",
    "SavedView",
    "SignInAttempt",
    "SignInLimit",
    "Snippet",
    "StaffSession",
    "Suppression",
    "Ticket",
    "TicketNote",
    "TicketPresence",
    "TicketRequest",
    "UTCDateTime",
    "User",
    "utcnow",
]
