"""Everything the assistant holds about one person: found, exported, erased.

The assistant answers access and erasure requests about the company; it must answer them about
itself too (GDPR Art. 15 and 17). A person is found by their address, normalised (case, and
"+tag" when `[retention] plus_addressing` is on): the tickets they opened and every message
they sent, in a ticket or not. What is held is a short list of kinds (`DATA_KINDS`), each
able to collect its rows as JSON and to erase them; a new kind of data is one more entry.

Erasure empties the content and keeps the accountability record (the ticket's reference,
intents, status, dates, deadline, who decided what and when; see `assistant.privacy.purge`),
and never an opt-out: an address that asked for no marketing must still be recognised after
an erasure (Art. 21(3)), so the suppression entry keeps it, or its hash, for that purpose only.
Both actions are recorded as events that name the person by the SHA-256 of the address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.mail.addresses import normalise_address
from assistant.privacy import purge
from assistant.storage.models import (
    Correction,
    Draft,
    DraftRevision,
    Event,
    Message,
    OutboxItem,
    Suppression,
    Ticket,
    TicketNote,
)
from assistant.storage.states import SETTLED_STATUSES
from assistant.tickets.audit import record_event
from assistant.tickets.shapes import DraftOut, TicketSummary, iso

# A ticket still being worked on needs the address to be answered: close it, then erase.


class RequesterEvent(StrEnum):
    EXPORTED = "requester_exported"
    ERASED = "requester_erased"


class RequesterError(Exception):
    """An export or erasure that cannot be done, in one line."""


@dataclass(frozen=True)
class Requester:
    """A person, by their normalised address."""

    address: str
    plus_addressing: bool = False

    @classmethod
    def of(cls, address: str, *, plus_addressing: bool = False) -> Requester:
        normalised = normalise_address(address, plus_addressing=plus_addressing)
        local, _, domain = normalised.rpartition("@")
        if not local or "." not in domain:
            raise RequesterError(f"{address!r} is not an email address")
        return cls(normalised, plus_addressing)

    @property
    def digest(self) -> str:
        """How events name the person: the SHA-256 of the normalised address, like the suppression list."""
        return hashlib.sha256(self.address.encode()).hexdigest()

    def matches(self, value: str | None) -> bool:
        return bool(value) and normalise_address(value, plus_addressing=self.plus_addressing) == self.address

    def candidates(self, column: Any) -> ColumnElement[bool]:
        """A SQL pre-filter for `matches` (which has the last word)."""
        lowered = func.lower(column)
        if not self.plus_addressing:
            return lowered == self.address
        local, _, domain = self.address.rpartition("@")
        pattern = f"{_like_escape(local)}+%@{_like_escape(domain)}"
        return or_(lowered == self.address, lowered.like(pattern, escape="\\"))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class Holdings:
    """The rows that belong to one person: their tickets, and every message they sent."""

    requester: Requester
    ticket_ids: list[int] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)


async def find_holdings(session: AsyncSession, requester: Requester) -> Holdings:
    tickets = (await session.execute(
        select(Ticket.id, Ticket.requester).where(requester.candidates(Ticket.requester)))).all()
    ticket_ids = [pk for pk, address in tickets if requester.matches(address)]
    messages = (await session.execute(
        select(Message.id, Message.from_address, Message.envelope_sender, Message.ticket_id).where(or_(
            requester.candidates(Message.from_address), requester.candidates(Message.envelope_sender),
            Message.ticket_id.in_(ticket_ids))))).all()
    message_ids = [pk for pk, sender, envelope, ticket_id in messages
                   if ticket_id in ticket_ids or requester.matches(sender) or requester.matches(envelope)]
    return Holdings(requester, sorted(ticket_ids), sorted(message_ids))


class DataKind(Protocol):
    """One kind of data held about a person."""

    name: str

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]: ...

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int: ...


class TicketsData:
    name = "tickets"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        tickets = (await session.execute(select(Ticket).where(Ticket.id.in_(held.ticket_ids))
                                         .order_by(Ticket.id))).scalars()
        return [{**TicketSummary.of(ticket, None).model_dump(), "requester_name": ticket.requester_name,
                 "entities": ticket.entities, "review_reasons": ticket.review_reasons,
                 "closed_at": iso(ticket.closed_at)} for ticket in tickets]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return len(await purge.strip_tickets(session, held.ticket_ids, now=now))


class MessagesData:
    """Mail and chat as received: the raw message (attachments included), and what was read from it."""

    name = "messages"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        messages = (await session.execute(select(Message).where(Message.id.in_(held.message_ids))
                                          .order_by(Message.id))).scalars()
        return [_message_export(message) for message in messages]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return await purge.purge_messages(session, held.message_ids, now=now)


class ChatData:
    """The website chat's transcripts, as the visitor typed them (their rows are also in `messages`)."""

    name = "chat_transcripts"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        rows = (await session.execute(select(Message).where(Message.id.in_(held.message_ids),
                                                            Message.channel == "chat").order_by(Message.id))).scalars()
        return [{"message": row.id, "at": iso(row.received_at), "name": row.from_name, "address": row.from_address,
                 "text": row.body_text} for row in rows]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return 0  # erased with the messages they are


class DraftsData:
    name = "drafts"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        drafts = (await session.execute(select(Draft).where(Draft.ticket_id.in_(held.ticket_ids))
                                        .order_by(Draft.id))).scalars()
        return [{**DraftOut.of(draft).model_dump(), "ticket_id": draft.ticket_id} for draft in drafts]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return await purge.purge_drafts(session, held.ticket_ids)


class StaffWritingData:
    """Every earlier text of the drafts and the internal notes staff wrote about the person's requests
    (GDPR Art. 15 covers them too). Emptied with the drafts (`purge.purge_drafts`)."""

    name = "draft_history_and_notes"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        revisions = (await session.execute(select(DraftRevision).where(DraftRevision.ticket_id.in_(held.ticket_ids))
                                           .order_by(DraftRevision.id))).scalars()
        notes = (await session.execute(select(TicketNote).where(TicketNote.ticket_id.in_(held.ticket_ids))
                                       .order_by(TicketNote.id))).scalars()
        return [*({"kind": "draft_text", "ticket_id": r.ticket_id, "draft_id": r.draft_id, "by": r.by,
                   "at": iso(r.at), "text": r.body} for r in revisions),
                *({"kind": "internal_note", "ticket_id": n.ticket_id, "by": n.author, "at": iso(n.at),
                   "text": n.body} for n in notes)]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return 0  # emptied with the drafts they belong to


class OutboxData:
    """Replies and acknowledgements as sent (or queued) to the person."""

    name = "replies"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        items = (await session.execute(select(OutboxItem).where(OutboxItem.ticket_id.in_(held.ticket_ids))
                                       .order_by(OutboxItem.id))).scalars()
        return [{"id": item.id, "kind": item.kind, "ticket_id": item.ticket_id, "state": item.state,
                 "message_id": item.message_id, "recipients": list(item.recipients),
                 "created_at": iso(item.created_at), "sent_at": iso(item.sent_at),
                 "raw": item.raw.decode("utf-8", "replace")} for item in items]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return await purge.purge_outbox(session, held.ticket_ids)


class EventsData:
    """The timeline of each ticket and message: kept, cut to what the system wrote."""

    name = "events"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        events = (await session.execute(select(Event).where(_events_of(held)).order_by(Event.id))).scalars()
        return [{"at": iso(event.at), "actor": event.actor, "kind": event.kind, "detail": event.detail,
                 "ticket_id": event.ticket_id, "message": event.message_pk} for event in events]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return await purge.reduce_events(session, ticket_ids=held.ticket_ids, message_ids=held.message_ids)


class CorrectionsData:
    """Staff reclassifications: intents only, no content; kept through an erasure as part of the record."""

    name = "corrections"

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        rows = (await session.execute(select(Correction).where(Correction.ticket_id.in_(held.ticket_ids))
                                      .order_by(Correction.id))).scalars()
        return [{"ticket_id": row.ticket_id, "predicted_intents": row.predicted_intents,
                 "predicted_primary": row.predicted_primary, "intents": row.intents, "primary": row.primary,
                 "by": row.by, "at": iso(row.at)} for row in rows]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        return 0


class SuppressionData:
    """The person's opt-out. An erasure keeps it by its hash only, so that the address still gets no
    marketing (GDPR Art. 21(3)) and nothing else about the person remains in it."""

    name = "suppression"

    async def _rows(self, session: AsyncSession, held: Holdings) -> list[Suppression]:
        rows = (await session.execute(select(Suppression).where(or_(
            Suppression.address_hash == held.requester.digest, held.requester.candidates(Suppression.address)))
            .order_by(Suppression.id))).scalars()
        return [row for row in rows
                if row.address_hash == held.requester.digest or held.requester.matches(row.address)]

    async def collect(self, session: AsyncSession, held: Holdings) -> list[dict[str, Any]]:
        return [{"address": row.address, "since": iso(row.since), "ticket_id": row.ticket_id,
                 "in_force": row.removed_at is None, "removed_at": iso(row.removed_at)}
                for row in await self._rows(session, held)]

    async def erase(self, session: AsyncSession, held: Holdings, *, now: datetime) -> int:
        rows = [row for row in await self._rows(session, held) if row.address is not None]
        for row in rows:
            row.address = None  # the hash stays: enough to recognise the address, and only that
        return len(rows)


# Order matters for erasure: events are cut last, after the rows whose ids they name.
DATA_KINDS: tuple[DataKind, ...] = (TicketsData(), MessagesData(), ChatData(), DraftsData(), StaffWritingData(),
                                    OutboxData(),
                                    CorrectionsData(), SuppressionData(), EventsData())


def _events_of(held: Holdings) -> ColumnElement[bool]:
    return or_(Event.ticket_id.in_(held.ticket_ids), Event.message_pk.in_(held.message_ids))


def _message_export(message: Message) -> dict[str, Any]:
    return {"id": message.id, "ticket_id": message.ticket_id, "channel": message.channel,
            "received_at": iso(message.received_at), "message_id": message.message_id,
            "envelope_sender": message.envelope_sender, "from_address": message.from_address,
            "from_name": message.from_name, "subject": message.subject, "text": message.body_text,
            "new_text": message.new_text, "attachments": message.attachments, "language": message.language,
            "intents": message.intents, "noise_rule": message.noise_rule,
            "raw": message.raw.decode("utf-8", "replace")}


async def export_requester(session: AsyncSession, requester: Requester, *, actor: str,
                           now: datetime) -> dict[str, Any]:
    """Everything held about the person, and an event saying who exported it."""
    held = await find_holdings(session, requester)
    document: dict[str, Any] = {"requester": requester.address, "exported_at": now.isoformat(),
                                "plus_addressing": requester.plus_addressing}
    for kind in DATA_KINDS:
        document[kind.name] = await kind.collect(session, held)
    record_event(session, actor=actor, kind=RequesterEvent.EXPORTED, at=now,
                 detail=f"requester sha256:{requester.digest}: {_sizes(document)}")
    return document


async def erase_requester(session: AsyncSession, requester: Requester, *, by: str, reason: str,
                          now: datetime) -> dict[str, int]:
    """Erase the person's data but the record and their opt-out; refused while a ticket is still open."""
    if not reason.strip():
        raise RequesterError("give the reason for the erasure (--reason)")
    held = await find_holdings(session, requester)
    unsettled = list((await session.execute(select(Ticket.reference).where(
        Ticket.id.in_(held.ticket_ids), Ticket.status.not_in(SETTLED_STATUSES)))).scalars())
    if unsettled:
        raise RequesterError(f"still open: {', '.join(unsettled)}; answer and close first (the reply needs "
                             f"the address)")
    erased = {kind.name: await kind.erase(session, held, now=now) for kind in DATA_KINDS}
    for ticket_id in held.ticket_ids:
        record_event(session, ticket_id=ticket_id, actor=by, kind=purge.CONTENT_PURGED, at=now,
                     detail=f"erasure of the requester's data by {by}")
    record_event(session, actor=by, kind=RequesterEvent.ERASED, at=now,
                 detail=f"requester sha256:{requester.digest}: "
                        f"{len(held.ticket_ids)} tickets, {len(held.message_ids)} messages; {reason.strip()}")
    return erased


def _sizes(document: dict[str, Any]) -> str:
    return ", ".join(f"{len(document[kind.name])} {kind.name}" for kind in DATA_KINDS)
