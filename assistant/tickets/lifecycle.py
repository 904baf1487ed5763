"""Moving a ticket through its stages (see `stages.py`), each move an event saying who and why.

`change_stage` is the one place a stage changes. The other functions here are the moments
that move it: a reply leaving the outbox, identity being established, an extension. They
take the open session and `now`, and do not commit (see `service.py`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, Ticket, TicketRequest
from assistant.storage.states import TicketStatus
from assistant.tickets import clock
from assistant.tickets.audit import record_event, set_status
from assistant.tickets.errors import TicketError
from assistant.tickets.stages import (
    ANSWER_INTENTS,
    FINISHED_STAGES,
    MARKETING_INTENTS,
    PAUSED_STAGES,
    Identity,
    Stage,
    identity_for,
)
from replies.types import DraftKind

# What sending a draft of each kind does to the ticket's stage.
STAGE_AFTER_SENDING = {
    DraftKind.ACKNOWLEDGEMENT: Stage.IN_PROGRESS,
    DraftKind.IDENTITY_REQUEST: Stage.AWAITING_IDENTITY,
    DraftKind.CLARIFICATION: Stage.AWAITING_INFORMATION,
}
# Kinds whose sending discharges the requests they cover (Art. 12(3): the clock stops) or refuses them (12(4)).
CLOSING_KINDS = {DraftKind.FULFILMENT: Stage.FULFILLED, DraftKind.ANSWER: Stage.FULFILLED,
                 DraftKind.REFUSAL: Stage.REFUSED}
# A reply staff wrote in their own words (tickets/free_reply.py): it informs, it decides nothing, so
# sending it moves no stage and no clock; staff fulfil, refuse or clarify with the actions for that.
FREE_REPLY = "free_reply"


def change_stage(session: AsyncSession, ticket: Ticket, stage: Stage, *, actor: str, why: str,
                 now: datetime) -> bool:
    """Move the ticket to `stage`, pausing or resuming its clock to match; False if it was there already."""
    previous = Stage(ticket.stage)
    if previous == stage:
        return False
    ticket.stage = stage
    detail = f"{previous} -> {stage}: {why}"
    if stage in PAUSED_STAGES:
        clock.pause(ticket, now)
        detail += " (the deadline is paused)"
    elif previous in PAUSED_STAGES:
        waited = clock.resume(ticket, now)
        shift_open_requests(ticket, waited)
        detail += f" (the deadline resumes, moved by {_days(waited.total_seconds())} to {ticket.due_at:%Y-%m-%d})"
    if stage in (Stage.FULFILLED, Stage.REFUSED):
        ticket.fulfilled_at = now
    record_event(session, ticket=ticket, actor=actor, kind="stage_changed", detail=detail)
    status = {Stage.FULFILLED: TicketStatus.ANSWERED, Stage.REFUSED: TicketStatus.ANSWERED,
              Stage.CLOSED: TicketStatus.CLOSED, Stage.NOISE: TicketStatus.NOISE}.get(stage)
    if status:
        set_status(session, ticket, status, actor=actor, why=why)
    return True


def _days(seconds: float) -> str:
    days = seconds / 86400
    return f"{days:.1f} days" if days < 10 else f"{days:.0f} days"


def shift_open_requests(ticket: Ticket, by: object) -> None:
    for request in ticket.requests:
        if request.fulfilled_at is None:
            request.due_at = request.due_at + by  # type: ignore[operator]


def add_requests(ticket: Ticket, intents: list[str], *, message_pk: int | None, received_at: datetime,
                 due_at: datetime) -> list[TicketRequest]:
    """One row per intent not already open on the ticket: a follow-up adds, never replaces."""
    open_intents = {request.intent for request in ticket.requests if request.fulfilled_at is None}
    added = [TicketRequest(intent=intent, message_pk=message_pk, received_at=received_at, due_at=due_at,
                           stage=Stage.NEW) for intent in intents if intent not in open_intents]
    ticket.requests.extend(added)
    return added


def align_requests(ticket: Ticket, intents: list[str]) -> None:
    """After a reclassification: open requests follow the corrected intents, keeping their deadline.

    Also sets the identity a corrected request needs (Art. 12(6)), unless already established."""
    pending = open_requests(ticket)
    due_at = min((request.due_at for request in pending), default=ticket.due_at)
    for request in pending:
        if request.intent not in intents:
            ticket.requests.remove(request)
    add_requests(ticket, intents, message_pk=None, received_at=ticket.received_at, due_at=due_at)
    if ticket.identity in (Identity.PENDING, Identity.NOT_NEEDED):
        ticket.identity = identity_for([request.intent for request in open_requests(ticket)])


def open_requests(ticket: Ticket) -> list[TicketRequest]:
    return [request for request in ticket.requests if request.fulfilled_at is None]


def refresh_due(ticket: Ticket) -> None:
    """The ticket is due when its earliest open request is (a complaint keeps its earlier request's date)."""
    pending = open_requests(ticket)
    if pending:
        ticket.due_at = min(request.due_at for request in pending)


def reply_delivered(session: AsyncSession, ticket: Ticket, draft: Draft, *, actor: str, now: datetime,
                    timezone: str) -> None:
    """What a sent reply does: its kind says whether the request moves on, waits, or is done."""
    if draft.kind == FREE_REPLY:
        return
    kind = DraftKind(draft.kind)
    covered = set(draft.intents)
    if kind in CLOSING_KINDS:
        _finish_requests(ticket, covered, CLOSING_KINDS[kind], now)
    elif kind in STAGE_AFTER_SENDING and kind != DraftKind.CLARIFICATION:
        # A first reply confirms an opt-out made at filing and answers questions and complaints in
        # words: those requests are fulfilled by it, whatever else it says.
        _finish_requests(ticket, covered & (MARKETING_INTENTS | ANSWER_INTENTS), Stage.FULFILLED, now)
    if Stage(ticket.stage) in FINISHED_STAGES:
        return
    if kind == DraftKind.EXTENSION_NOTICE:
        _check_extension_in_time(session, ticket, now, timezone)
        return
    # A ticket from before request rows existed is finished by the closing reply itself.
    if (ticket.requests and not open_requests(ticket)) or (not ticket.requests and kind in CLOSING_KINDS):
        refused = all(request.stage == Stage.REFUSED for request in ticket.requests) if ticket.requests \
            else kind == DraftKind.REFUSAL
        change_stage(session, ticket, Stage.REFUSED if refused else Stage.FULFILLED, actor=actor,
                     why=f"the {kind.replace('_', ' ')} was sent", now=now)
        return
    refresh_due(ticket)
    target = STAGE_AFTER_SENDING.get(kind, Stage.IN_PROGRESS)
    if target == Stage.AWAITING_IDENTITY and ticket.identity != Identity.PENDING:
        target = Stage.IN_PROGRESS  # identity was established while the request was on its way
    change_stage(session, ticket, target, actor=actor, why=f"the {kind.replace('_', ' ')} was sent", now=now)


def _finish_requests(ticket: Ticket, intents: set[str], stage: Stage, now: datetime) -> None:
    for request in open_requests(ticket):
        if request.intent in intents:
            request.stage, request.fulfilled_at = stage, now


def _check_extension_in_time(session: AsyncSession, ticket: Ticket, now: datetime, timezone: str) -> None:
    if now > clock.first_month_end(ticket, timezone):
        ticket.needs_review = True
        reason = "the extension notice went out after the first month (GDPR Art. 12(3) requires it within it)"
        ticket.review_reasons = [*(ticket.review_reasons or []), reason]
        record_event(session, ticket=ticket, actor="system", kind="needs_review", detail=reason)


def reopen(session: AsyncSession, ticket: Ticket, *, actor: str, reason: str, now: datetime,
           answered: bool) -> None:
    """A closed (or noise) ticket back in the working queue, with the reason, audited.

    The deadline is not restarted: it counts from the request's receipt (GDPR Art. 12(3)), so a
    reopened ticket is due when it was and shows overdue if that date has passed. A misfiled noise
    ticket becomes new; one that had replies goes back to in progress."""
    closed = Stage(ticket.stage) in (Stage.CLOSED, Stage.NOISE)
    if not closed and ticket.status not in (TicketStatus.CLOSED, TicketStatus.NOISE):
        raise TicketError(f"{ticket.reference} is not closed")
    if not reason.strip():
        raise TicketError("give the reason for reopening the ticket")
    record_event(session, ticket=ticket, actor=actor, kind="ticket_reopened", detail=reason.strip())
    change_stage(session, ticket, Stage.IN_PROGRESS if answered else Stage.NEW, actor=actor,
                 why=f"reopened: {reason.strip()}", now=now)
    set_status(session, ticket, TicketStatus.OPEN, actor=actor, why=f"reopened: {reason.strip()}")


def establish_identity(session: AsyncSession, ticket: Ticket, identity: Identity, *, actor: str, how: str,
                       now: datetime) -> bool:
    """Identity verified (or overridden by an admin): a paused request resumes. False if nothing changed."""
    if ticket.identity not in (Identity.PENDING, Identity.NOT_NEEDED) or ticket.identity == identity:
        return False
    if ticket.identity == Identity.NOT_NEEDED and identity == Identity.VERIFIED and not how:
        return False
    previous, ticket.identity = ticket.identity, identity
    record_event(session, ticket=ticket, actor=actor, kind=f"identity_{identity}",
                 detail=f"identity {previous} -> {identity}: {how}")
    if Stage(ticket.stage) == Stage.AWAITING_IDENTITY:
        change_stage(session, ticket, Stage.IN_PROGRESS, actor=actor, why="identity established", now=now)
    return True
