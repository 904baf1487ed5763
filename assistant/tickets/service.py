"""Every change to a ticket goes through these functions, and each writes an event row.

They take an open session and do not commit: the caller decides the transaction, so a
pipeline run or a staff action is all-or-nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from assistant.config import OutboundConfig
from assistant.outbox.queue import OutboxError, cancel_queued_replies, enqueue_reply
from assistant.storage.batching import assign_key, pending_or_stored, unflushed
from assistant.storage.models import Correction, Draft, Message, Ticket, User, utcnow
from assistant.storage.states import DraftStatus, TicketStatus
from assistant.tickets.audit import record_event, set_status
from assistant.tickets.errors import TicketError, TicketNotFound
from assistant.tickets.lifecycle import add_requests, align_requests, change_stage, refresh_due
from assistant.tickets.references import format_reference
from assistant.tickets.stages import Identity, Stage, identity_for
from assistant.tickets.versions import draftless_here, mark_opened, note_drafted, opened_here, record_revision
from intents import LABELS
from replies import find_placeholders


async def open_ticket(session: AsyncSession, *, requester: str, requester_name: str, subject: str,
                      channel: str, status: str, received_at: datetime, due_at: datetime,
                      intents: list[str], primary: str | None, language: str,
                      scores: dict[str, float], needs_review: bool, review_reasons: list[str],
                      entities: dict, noise_rule: str | None = None,
                      linked_ticket_id: int | None = None, actor: str = "system", stage: str = "new",
                      identity: str = "not_needed") -> Ticket:
    ticket = Ticket(requester=requester, requester_name=requester_name, subject=subject,
                    channel=channel, status=status, intents=intents, primary=primary,
                    language=language, scores=scores, needs_review=needs_review,
                    review_reasons=review_reasons, entities=entities, noise_rule=noise_rule,
                    received_at=received_at, due_at=due_at, linked_ticket_id=linked_ticket_id,
                    stage=stage, identity=identity, paused_seconds=0, extended_months=0, version=1, requests=[])
    session.add(ticket)
    if not await assign_key(session, ticket):
        await session.flush()
    # The number is the row id: unique across processes without a counter to contend for.
    ticket.reference = format_reference(received_at.year, ticket.id)
    mark_opened(session, ticket)
    record_event(session, ticket=ticket, actor=actor, kind="ticket_opened",
                 detail=f"status {status}, stage {stage}, identity {identity}"
                 + (f", linked to ticket #{linked_ticket_id}" if linked_ticket_id else ""))
    return ticket


async def get_ticket(session: AsyncSession, reference: str, *, full: bool = False) -> Ticket:
    query = select(Ticket).where(Ticket.reference == reference.strip().upper())
    if full:
        query = query.options(selectinload(Ticket.messages), selectinload(Ticket.drafts),
                              selectinload(Ticket.events))
    ticket = (await session.execute(query)).scalar_one_or_none()
    if ticket is None:
        raise TicketNotFound(reference)
    return ticket


async def ticket_by_reference(session: AsyncSession, reference: str) -> Ticket | None:
    """The ticket with this reference; one opened in this transaction is found without a flush first."""
    return await pending_or_stored(session, Ticket, lambda ticket: ticket.reference == reference,
                                   select(Ticket).where(Ticket.reference == reference))


def requester_unwritten(session: AsyncSession, requester: str, *, besides: Ticket | None = None) -> bool:
    """A ticket of this requester (other than `besides`) was opened or changed in this transaction and
    is not written yet: a query on the requester's tickets must flush first to see it (two messages
    of one requester in one batch, `pipeline/runner.py`)."""
    return any(ticket.requester == requester and ticket is not besides for ticket in unflushed(session, Ticket))


async def current_draft(session: AsyncSession, ticket: Ticket) -> Draft | None:
    """The newest draft that is not superseded."""
    return (await session.execute(
        select(Draft).where(Draft.ticket_id == ticket.id, Draft.status != DraftStatus.SUPERSEDED)
        .order_by(Draft.id.desc()).limit(1)
    )).scalar_one_or_none()


async def add_draft(session: AsyncSession, ticket: Ticket, draft: Draft, *, actor: str = "system") -> Draft:
    """A new draft replaces any pending one: staff only ever decide on the newest."""
    if not draftless_here(session, ticket):
        await session.execute(update(Draft).where(Draft.ticket_id == ticket.id, Draft.status == DraftStatus.PENDING)
                              .values(status=DraftStatus.SUPERSEDED))
    note_drafted(session, ticket)
    draft.ticket_id = ticket.id
    session.add(draft)
    if not await assign_key(session, draft):
        await session.flush()
    await record_revision(session, ticket, draft, by=actor)
    record_event(session, ticket=ticket, actor=actor, kind="draft_created",
                 detail=f"draft #{draft.id} in {draft.language} for {', '.join(draft.intents)}")
    return draft


async def _pending_draft(session: AsyncSession, ticket: Ticket) -> Draft:
    draft = await current_draft(session, ticket)
    if draft is None:
        raise TicketError(f"{ticket.reference} has no draft")
    if draft.status != DraftStatus.PENDING:
        raise TicketError(f"{ticket.reference}: the draft is already {draft.status}")
    return draft


async def approve_draft(session: AsyncSession, *, reference: str, by: str, outbound: OutboundConfig) -> Draft:
    """Approve and queue the reply in the caller's transaction: approved means queued, exactly once."""
    ticket = await get_ticket(session, reference)
    draft = await _pending_draft(session, ticket)
    remaining = find_placeholders(draft.body)
    if remaining:
        quoted = "; ".join(remaining)
        raise TicketError(f"{ticket.reference}: edit the draft first, placeholders remain: {quoted}")
    decided_at = utcnow()
    # Conditional on `pending`: of two approvals racing, only one moves the draft (and queues it).
    moved = await session.execute(update(Draft).where(Draft.id == draft.id, Draft.status == DraftStatus.PENDING)
                                  .values(status=DraftStatus.APPROVED, decided_by=by, decided_at=decided_at))
    if moved.rowcount != 1:
        raise TicketError(f"{ticket.reference}: the draft was decided meanwhile")
    draft.status, draft.decided_by, draft.decided_at = DraftStatus.APPROVED, by, decided_at
    record_event(session, ticket=ticket, actor=by, kind="draft_approved", detail=f"draft #{draft.id}")
    try:
        await enqueue_reply(session, ticket=ticket, draft=draft, outbound=outbound, actor=by)
    except OutboxError as error:
        raise TicketError(str(error)) from None
    set_status(session, ticket, TicketStatus.OPEN, actor=by, why="reply approved, waiting to be sent")
    return draft


async def reject_draft(session: AsyncSession, *, reference: str, by: str, reason: str) -> Draft:
    if not reason.strip():
        raise TicketError("give a reason for rejecting the draft")
    ticket = await get_ticket(session, reference)
    draft = await _pending_draft(session, ticket)
    draft.status, draft.decided_by, draft.decided_at, draft.reason = DraftStatus.REJECTED, by, utcnow(), reason
    record_event(session, ticket=ticket, actor=by, kind="draft_rejected", detail=reason)
    set_status(session, ticket, TicketStatus.OPEN, actor=by, why="draft rejected")
    return draft


async def edit_draft(session: AsyncSession, *, reference: str, by: str, body: str) -> Draft:
    if not body.strip():
        raise TicketError("the edited draft is empty")
    ticket = await get_ticket(session, reference)
    draft = await _pending_draft(session, ticket)
    if body == draft.body:
        return draft
    draft.body, draft.edited_by, draft.edited_at = body, by, utcnow()
    await record_revision(session, ticket, draft, by=by)
    record_event(session, ticket=ticket, actor=by, kind="draft_edited", detail=f"draft #{draft.id}")
    return draft


async def reclassify(session: AsyncSession, *, reference: str, intents: list[str], primary: str,
                     by: str) -> tuple[Ticket, Correction]:
    unknown = sorted(set(intents) - set(LABELS))
    if unknown:
        raise TicketError(f"unknown intents: {', '.join(unknown)} (labels: {', '.join(LABELS)})")
    if primary not in intents:
        raise TicketError(f"the primary intent {primary} must be one of --intents")
    if "other" in intents and len(intents) > 1:
        raise TicketError("'other' is never combined with another intent")
    ticket = await get_ticket(session, reference)
    correction = Correction(ticket_id=ticket.id, predicted_intents=list(ticket.intents),
                            predicted_primary=ticket.primary, intents=intents, primary=primary, by=by)
    session.add(correction)
    record_event(session, ticket=ticket, actor=by, kind="reclassified",
                 detail=f"{ticket.primary} {sorted(ticket.intents)} -> {primary} {sorted(intents)}")
    ticket.intents, ticket.primary, ticket.needs_review = intents, primary, False
    align_requests(ticket, intents)
    return ticket, correction


async def close_ticket(session: AsyncSession, *, reference: str, by: str, reason: str = "") -> Ticket:
    """Closed without (another) reply; a pending draft is withdrawn so it can never be approved later."""
    ticket = await get_ticket(session, reference)
    if ticket.status == TicketStatus.CLOSED:
        raise TicketError(f"{ticket.reference} is already closed")
    await _withdraw_replies(session, ticket, by=by)
    record_event(session, ticket=ticket, actor=by, kind="ticket_closed", detail=reason.strip())
    _close_stage(session, ticket, by=by, why=reason.strip() or "closed by staff")
    return ticket


async def close_as_noise(session: AsyncSession, *, reference: str, by: str, reason: str = "") -> Ticket:
    """Staff saw machine mail or spam the noise rules missed: kept as noise (retention's shorter period),
    never answered; its pending draft and queued replies are withdrawn as for a close."""
    ticket = await get_ticket(session, reference)
    if ticket.status in (TicketStatus.CLOSED, TicketStatus.NOISE):
        raise TicketError(f"{ticket.reference} is already {ticket.status}; reopen it first")
    await _withdraw_replies(session, ticket, by=by)
    why = reason.strip() or "noise, closed by staff"
    record_event(session, ticket=ticket, actor=by, kind="ticket_closed_as_noise", detail=why)
    change_stage(session, ticket, Stage.NOISE, actor=by, why=why, now=utcnow())
    return ticket


async def _withdraw_replies(session: AsyncSession, ticket: Ticket, *, by: str) -> None:
    """A pending draft can never be approved later, and nothing queued leaves, once a ticket is closed."""
    if not opened_here(session, ticket):
        await session.execute(update(Draft).where(Draft.ticket_id == ticket.id, Draft.status == DraftStatus.PENDING)
                              .values(status=DraftStatus.SUPERSEDED))
    await cancel_queued_replies(session, ticket=ticket, by=by, why=f"ticket closed by {by}")


def _close_stage(session: AsyncSession, ticket: Ticket, *, by: str, why: str) -> None:
    if ticket.stage != Stage.NOISE:
        change_stage(session, ticket, Stage.CLOSED, actor=by, why=why, now=utcnow())
    set_status(session, ticket, TicketStatus.CLOSED, actor=by, why=why)


async def merge_tickets(session: AsyncSession, *, reference: str, into: str, by: str, reason: str = "") -> Ticket:
    """The same request opened twice: the messages move to `into`, this ticket closes and links to it.

    Tickets of different requesters merge only on an admin's word with a reason (issue 16, finding 4):
    each would see the other's messages and data in the replies (GDPR Art. 5(1)(f)).
    """
    source = await get_ticket(session, reference)
    try:
        target = await get_ticket(session, into)
    except TicketNotFound:  # a typo in the target: a refusal on this ticket, not "no such ticket" for it
        raise TicketError(f"there is no ticket {into.strip()[:40] or '(none given)'} to merge into; "
                          "check the reference") from None
    if source.id == target.id:
        raise TicketError("a ticket cannot be merged into itself")
    if source.status == TicketStatus.CLOSED:
        raise TicketError(f"{source.reference} is closed; reopen it before merging")
    if target.status == TicketStatus.CLOSED:
        raise TicketError(f"{target.reference} is closed; merge into an open ticket")
    reason = reason.strip()
    if source.requester.casefold() != target.requester.casefold():
        await _admit_cross_requester_merge(session, source, target, by=by, reason=reason)
    await session.execute(update(Message).where(Message.ticket_id == source.id).values(ticket_id=target.id))
    await session.execute(update(Draft).where(Draft.ticket_id == source.id, Draft.status == DraftStatus.PENDING)
                          .values(status=DraftStatus.SUPERSEDED))
    if target.received_at > source.received_at:  # the earlier receipt starts the legal clock
        target.received_at, target.due_at = source.received_at, min(target.due_at, source.due_at)
    source.linked_ticket_id = target.id
    for request in [r for r in source.requests if r.fulfilled_at is None]:  # each keeps its own deadline
        add_requests(target, [request.intent], message_pk=request.message_pk, received_at=request.received_at,
                     due_at=request.due_at)
    refresh_due(target)
    if target.identity == Identity.NOT_NEEDED and identity_for(list(source.intents)) == Identity.PENDING:
        target.identity = Identity.PENDING  # a merge never skips an identity check (Art. 12(6))
        record_event(session, ticket=target, actor=by, kind="identity_pending",
                     detail=f"{source.reference} asked for something that needs the requester's identity")
    await cancel_queued_replies(session, ticket=source, by=by, why=f"merged into {target.reference}")
    why = f": {reason}" if reason else ""
    record_event(session, ticket=source, actor=by, kind="merged_into", detail=f"{target.reference}{why}")
    record_event(session, ticket=target, actor=by, kind="merged_from", detail=f"{source.reference}{why}")
    _close_stage(session, source, by=by, why=f"merged into {target.reference}")
    return target


async def _admit_cross_requester_merge(session: AsyncSession, source: Ticket, target: Ticket, *, by: str,
                                       reason: str) -> None:
    """Refuses, with what to do next, unless `by` is an enabled admin who gave a reason."""
    role = (await session.execute(select(User.role).where(User.name == by, User.disabled.is_(False)))).scalar()
    if role != "admin":
        raise TicketError(f"{source.reference} and {target.reference} have different requesters; only an admin "
                          "can merge them, with a reason")
    if not reason:
        raise TicketError(f"{source.reference} and {target.reference} have different requesters: give the reason "
                          "for merging them (how you know it is the same person)")
