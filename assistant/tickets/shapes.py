"""The public JSON shapes of tickets, defined once.

The API's response models, `tickets list|show --json`, the console's ticket page and a requester's
own-data export all build these, so a field has one name and one type everywhere. The field names
are a contract with scripts: add fields freely, never rename or remove one.
Instants are ISO 8601 strings (`datetime.isoformat()`), None when unset.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.storage.models import Draft, Event, Message, Ticket, TicketRequest, utcnow
from assistant.storage.states import TICKET_STATUSES
from assistant.tickets.clock import is_overdue, is_paused
from intents.primary import rule_reason


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class TicketSummary(BaseModel):
    """A ticket as the queue lists it."""

    reference: str | None
    status: Literal[TICKET_STATUSES]  # type: ignore[valid-type]
    requester: str
    subject: str
    language: str
    intents: list[str]
    primary: str | None
    received_at: str | None
    due_at: str | None
    draft_status: str | None
    needs_review: bool
    channel: str
    stage: str
    overdue: bool = False
    paused: bool
    fulfilled_at: str | None
    identity: Literal["not_needed", "pending", "verified", "overridden"]
    extended_months: int

    @classmethod
    def of(cls, ticket: Ticket, draft_status: str | None, now: datetime | None = None) -> TicketSummary:
        return cls(
            reference=ticket.reference, status=ticket.status, requester=ticket.requester, subject=ticket.subject,
            language=ticket.language, intents=list(ticket.intents), primary=ticket.primary,
            received_at=iso(ticket.received_at), due_at=iso(ticket.due_at), draft_status=draft_status,
            needs_review=ticket.needs_review, channel=ticket.channel, stage=ticket.stage,
            overdue=is_overdue(ticket, now or utcnow()), paused=is_paused(ticket),
            fulfilled_at=iso(ticket.fulfilled_at), identity=ticket.identity, extended_months=ticket.extended_months,
        )


class MessageOut(BaseModel):
    """One message of a ticket's thread, with the rules that decided what it is."""

    id: int
    message_id: str
    sender: str | None
    sender_name: str | None
    subject: str | None
    received_at: str | None
    channel: str
    text: str | None
    attachments: list[dict[str, Any]]
    noise_rule: str | None
    noise_reason: str | None
    thread_rule: str | None
    flag: str | None
    defects: list[Any]
    decision_rule: str | None = None  # the rule that chose the primary intent (intents/primary.py)
    decision_reason: str | None = None  # that rule's reason, in words

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        return cls(
            id=message.id, message_id=message.message_id, sender=message.from_address,
            sender_name=message.from_name, subject=message.subject, received_at=iso(message.received_at),
            channel=message.channel, text=message.new_text, attachments=message.attachments,
            noise_rule=message.noise_rule, noise_reason=message.noise_reason, thread_rule=message.thread_rule,
            flag=message.flag, defects=message.defects, decision_rule=message.decision_rule,
            decision_reason=rule_reason(message.decision_rule),
        )


class DraftOut(BaseModel):
    id: int
    status: str
    language: str
    intents: list[str]
    subject: str
    body: str
    original_body: str
    edited: bool
    message_id: str
    created_at: str | None
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    kind: str

    @classmethod
    def of(cls, draft: Draft) -> DraftOut:
        return cls(
            id=draft.id, status=draft.status, language=draft.language, intents=list(draft.intents),
            subject=draft.subject, body=draft.body, original_body=draft.original_body, edited=draft.edited,
            message_id=draft.message_id, created_at=iso(draft.created_at), decided_by=draft.decided_by,
            decided_at=iso(draft.decided_at), reason=draft.reason, kind=draft.kind,
        )


class RequestOut(BaseModel):
    """One request of a ticket and its own legal clock (GDPR Art. 12(3))."""

    intent: str
    stage: str
    received_at: str | None
    due_at: str | None
    fulfilled_at: str | None

    @classmethod
    def of(cls, request: TicketRequest) -> RequestOut:
        return cls(intent=request.intent, stage=request.stage, received_at=iso(request.received_at),
                   due_at=iso(request.due_at), fulfilled_at=iso(request.fulfilled_at))


class EventOut(BaseModel):
    """One line of a ticket's audit trail."""

    at: str | None
    actor: str
    kind: str
    detail: str

    @classmethod
    def of(cls, event: Event) -> EventOut:
        return cls(at=iso(event.at), actor=event.actor, kind=event.kind, detail=event.detail)


class AuditEventOut(EventOut):
    """One line of the whole audit log, with the reference of its ticket (None for events of no ticket)."""

    ticket: str | None = None

    @classmethod
    def of_ticket(cls, event: Event, ticket: str | None) -> AuditEventOut:
        return cls(**dict(EventOut.of(event)), ticket=ticket)


class TicketOut(TicketSummary):
    """A ticket with everything staff see on its page."""

    version: int = Field(description="Send it back with an action: a stale one is refused with 409")
    assignee: str | None
    requester_name: str
    scores: dict[str, float]
    review_reasons: list[str]
    entities: dict[str, Any]
    noise_rule: str | None
    linked_ticket: str | None
    linked_from: list[str]
    earlier_request: str | None
    paused_since: str | None
    requests: list[RequestOut]
    recipients_checklist: list[dict[str, str]]
    messages: list[MessageOut]
    drafts: list[DraftOut]
    events: list[EventOut]

    @classmethod
    def of(cls, ticket: Ticket, draft_status: str | None, *, linked_ticket: str | None, linked_from: list[str],
           earlier_request: str | None, recipients_checklist: list[dict[str, str]]) -> TicketOut:
        """The ticket loaded with its messages, drafts, events and requests; the references it is linked
        to by are read by the caller (`views.ticket_detail`)."""
        return cls(
            **dict(TicketSummary.of(ticket, draft_status)),
            requester_name=ticket.requester_name, version=ticket.version, assignee=ticket.assignee,
            scores=ticket.scores, review_reasons=ticket.review_reasons, entities=ticket.entities,
            noise_rule=ticket.noise_rule, linked_ticket=linked_ticket, linked_from=linked_from,
            earlier_request=earlier_request, paused_since=iso(ticket.paused_since),
            requests=[RequestOut.of(request) for request in ticket.requests],
            recipients_checklist=recipients_checklist,
            messages=[MessageOut.of(message) for message in ticket.messages],
            drafts=[DraftOut.of(draft) for draft in ticket.drafts],
            events=[EventOut.of(event) for event in ticket.events],
        )
