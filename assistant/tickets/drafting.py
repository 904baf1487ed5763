"""One way to draft a ticket's reply, for the pipeline and for staff actions alike.

The kind of the first reply follows the request (see `first_reply_kind`); staff actions
(fulfil, refuse, extend, clarify) name theirs. Drafting itself is `replies.render_draft`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.mail.headers import new_message_id
from assistant.storage.models import Draft, Message, Ticket
from assistant.storage.states import DraftStatus, TicketStatus
from assistant.tickets.audit import set_status
from assistant.tickets.lifecycle import open_requests
from assistant.tickets.service import add_draft, current_draft, get_ticket
from assistant.tickets.stages import ANSWER_INTENTS, FINISHED_STAGES, MARKETING_INTENTS, Identity, Stage
from assistant.tickets.suppression import is_suppressed
from intents import order_intents
from intents.types import Entities
from replies import DraftRequest, render_draft
from replies.language import reply_language
from replies.types import DraftKind, EarlierRequest


@dataclass(frozen=True)
class StaffInput:
    """What a member of staff adds to a draft they ask for (refusal reasons, what was done...)."""

    note: str = ""
    attachments: list[str] = field(default_factory=list)
    extension_months: int = 0
    recipients_informed: list[str] = field(default_factory=list)


def first_reply_kind(intents: list[str], identity: str) -> DraftKind:
    """The kind of the reply the pipeline drafts (the contract in replies/types.py)."""
    if set(intents) <= MARKETING_INTENTS:
        return DraftKind.FULFILMENT  # done at filing: the reply confirms it (Art. 21(3))
    if set(intents) <= ANSWER_INTENTS | MARKETING_INTENTS:
        return DraftKind.ANSWER
    if identity == Identity.PENDING:
        return DraftKind.IDENTITY_REQUEST
    return DraftKind.ACKNOWLEDGEMENT


async def earlier_request(session: AsyncSession, ticket: Ticket) -> EarlierRequest | None:
    if ticket.earlier_ticket_id is None:
        return None
    earlier = await session.get(Ticket, ticket.earlier_ticket_id)
    if earlier is None or earlier.reference is None:
        return None
    return EarlierRequest(reference=earlier.reference, received_at=earlier.received_at, due_at=earlier.due_at)


async def draft_reply_for(session: AsyncSession, ticket: Ticket, *, intents: list[str], subject: str,
                          new_text: str, in_reply_to: str | None, config: Config, actor: str = "system",
                          kind: DraftKind | None = None, staff: StaffInput | None = None) -> Draft:
    local = ZoneInfo(config.service.timezone)
    kind = kind or first_reply_kind(intents, ticket.identity)
    staff = staff or StaffInput()
    earlier = await earlier_request(session, ticket)
    entities = Entities.from_json(ticket.entities)
    request = DraftRequest(
        reference=ticket.reference or "",
        language=reply_language(ticket.language),
        intents=intents,
        requester_email=ticket.requester,
        requester_name=ticket.requester_name,
        subject=subject,
        # Dates are shown on the company's calendar, not in UTC (a Paris-midnight deadline is that day).
        received_at=ticket.received_at.astimezone(local),
        due_at=ticket.due_at.astimezone(local),
        kind=kind,
        new_text=new_text,
        entities=entities,
        identity_pending=ticket.identity == Identity.PENDING,
        representative=entities.representative,
        suppressed=not MARKETING_INTENTS.isdisjoint(intents) and await is_suppressed(session, ticket.requester),
        earlier_request=EarlierRequest(earlier.reference, earlier.received_at.astimezone(local),
                                       earlier.due_at.astimezone(local)) if earlier else None,
        extension_months=staff.extension_months,
        staff_note=staff.note,
        attachments=list(staff.attachments),
        recipients_informed=list(staff.recipients_informed),
    )
    rendered = render_draft(request, config.company)
    return await add_draft(session, ticket, Draft(
        kind=kind,
        language=rendered.language,
        intents=intents,
        subject=rendered.subject,
        body=rendered.text,
        html=rendered.html,
        original_body=rendered.text,
        in_reply_to=in_reply_to,
        message_id=new_message_id(config.service.own_domains[0]),
    ), actor=actor)


async def latest_message(session: AsyncSession, ticket: Ticket) -> Message | None:
    """The newest message of the ticket that is not machine mail: the one a reply answers."""
    return (await session.execute(select(Message).where(Message.ticket_id == ticket.id, Message.noise_rule.is_(None))
                                  .order_by(Message.id.desc()).limit(1))).scalar_one_or_none()


def outstanding_intents(ticket: Ticket) -> list[str]:
    """The intents still to fulfil, primary first; a ticket without request rows answers its intents."""
    pending = [request.intent for request in open_requests(ticket)] if ticket.requests else list(ticket.intents)
    return order_intents(list(dict.fromkeys(pending)), ticket.primary) if pending else []


async def draft_for_ticket(session: AsyncSession, ticket: Ticket, *, by: str, config: Config,
                           kind: DraftKind | None = None, intents: list[str] | None = None,
                           staff: StaffInput | None = None) -> Draft:
    """A draft answering the ticket's newest message, for its outstanding requests."""
    message = await latest_message(session, ticket)
    return await draft_reply_for(
        session, ticket, intents=intents or outstanding_intents(ticket) or list(ticket.intents),
        subject=(message.subject if message and message.subject else ticket.subject),
        new_text=(message.new_text or "") if message else "",
        in_reply_to=message.message_id if message else None, config=config, actor=by, kind=kind, staff=staff)


async def redraft(session: AsyncSession, *, reference: str, by: str, config: Config) -> Draft | None:
    """A new draft after a reclassification, replacing a pending one.

    Nothing is drafted for a finished ticket, or while an approved reply waits to be sent.
    """
    ticket = await get_ticket(session, reference)
    current = await current_draft(session, ticket)
    if Stage(ticket.stage) in FINISHED_STAGES or (current and current.status == DraftStatus.APPROVED):
        return None
    draft = await draft_for_ticket(session, ticket, by=by, config=config)
    set_status(session, ticket, TicketStatus.AWAITING_APPROVAL, actor=by, why="new draft after reclassification")
    return draft
