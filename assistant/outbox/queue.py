"""The outbox state machine: each item is delivered at most once, and staff see every doubt.

    queued --claim--> sending --250--> sent
                         |--4xx, refused--> queued (later, with backoff) ... --> failed (gave up)
                         |--5xx---------> failed (the ticket is flagged with the relay's answer)
                         '--no answer, or crash--> unknown --staff: `outbox resolve`--> sent | queued

Every move is a conditional UPDATE naming the state it leaves, so two processes can never
both claim an item, and a claimant can only finish the attempt it made. The claim is
committed BEFORE connecting to the relay: after a crash an item is found `sending`, never
`queued`, so it is never sent again by itself. While an item is `sending`, `next_attempt_at`
holds the time its claim expires; a claim still standing then belongs to a process that died
(its attempts are bounded well below that), and the item becomes `unknown` for staff to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import OutboundConfig
from assistant.outbox.compose import (
    ComposeError,
    Threading,
    address,
    compose_message,
    display_name,
    html_from_text,
    safe_html,
    threading_after,
)
from assistant.storage.models import Draft, DraftFile, Message, OutboxItem, Ticket, utcnow
from assistant.storage.states import DraftStatus, OutboxState
from assistant.tickets.audit import flag_for_review, record_event
from assistant.tickets.lifecycle import reply_delivered
from replies.language import reply_language

KINDS = ("reply", "acknowledgement", "report", "verification")
# States in which an item still has a next attempt (or a claim that expires).
WAITING_STATES = (OutboxState.QUEUED, OutboxState.SENDING)


class OutboxError(Exception):
    """An outbox action that cannot be done, said so a person knows what to do next."""


@dataclass(frozen=True)
class Claim:
    """What a sender holds while it delivers one item: a snapshot, detached from any session."""

    item_id: int
    kind: str
    attempt: int
    ticket_id: int | None
    draft_id: int | None
    message_id: str
    sender: str
    recipients: tuple[str, ...]
    raw: bytes


def claim_lease(outbound: OutboundConfig) -> timedelta:
    """How long a claim stands: longer than any one attempt, which the sender bounds to 3 timeouts."""
    return timedelta(seconds=outbound.timeout_seconds * 4 + 5)


# -- putting things in the outbox -------------------------------------------------------------------

async def enqueue(session: AsyncSession, *, kind: str, raw: bytes, message_id: str, sender: str,
                  recipients: list[str], ticket: Ticket | None = None, draft: Draft | None = None,
                  actor: str = "system") -> OutboxItem:
    """Add a fully built message. Refused if the draft (or the Message-ID) is already queued."""
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    item = OutboxItem(kind=kind, ticket_id=ticket.id if ticket else None, draft_id=draft.id if draft else None,
                      message_id=message_id, sender=sender, recipients=list(recipients), raw=raw,
                      state=OutboxState.QUEUED, attempts=0, next_attempt_at=utcnow())
    already = select(OutboxItem.id).where(OutboxItem.message_id == message_id)
    if draft is not None:
        already = select(OutboxItem.id).where((OutboxItem.message_id == message_id) | (OutboxItem.draft_id == draft.id))
    if (await session.execute(already)).first() is not None:
        raise OutboxError(f"this {kind} is already in the outbox")
    session.add(item)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent approval won the race; the unique keys refuse this one
        raise OutboxError(f"this {kind} is already in the outbox") from None
    if ticket is not None:
        record_event(session, ticket=ticket, actor=actor, kind=f"{kind}_queued",
                     detail=f"outbox #{item.id}: Message-ID <{message_id}> to {', '.join(recipients)}")
    return item


async def parent_message(session: AsyncSession, ticket: Ticket) -> Message | None:
    """The requester's last message on the ticket that was not machine mail: the one we answer."""
    rows = (await session.execute(
        select(Message).where(Message.ticket_id == ticket.id, Message.noise_rule.is_(None))
        .order_by(Message.received_at.desc(), Message.id.desc())
    )).scalars().all()
    from_requester = [row for row in rows if (row.from_address or "").lower() == ticket.requester.lower()]
    return (from_requester or list(rows) or [None])[0]


async def reply_threading(session: AsyncSession, ticket: Ticket, draft: Draft) -> Threading:
    parent = await parent_message(session, ticket)
    if parent is not None and not parent.message_id_derived:
        return threading_after(parent.message_id, parent.raw)
    return threading_after(draft.in_reply_to, None)  # ids we made up ourselves are not threaded


def reply_html(draft: Draft) -> str:
    """The drafted HTML while the text is as drafted; after a staff edit, the edited text as HTML."""
    if draft.html and not draft.edited:
        return safe_html(draft.html)
    return html_from_text(draft.body)


async def draft_files(session: AsyncSession, draft: Draft) -> tuple[tuple[str, str, bytes], ...]:
    """The files staff attached to the draft (a fulfilment's copy of the data), in the order given."""
    rows = (await session.execute(select(DraftFile.filename, DraftFile.content_type, DraftFile.data)
                                  .where(DraftFile.draft_id == draft.id).order_by(DraftFile.id))).all()
    return tuple((name, content_type, data) for name, content_type, data in rows)


async def enqueue_reply(session: AsyncSession, *, ticket: Ticket, draft: Draft, outbound: OutboundConfig,
                        actor: str = "system", now: datetime | None = None) -> OutboxItem:
    """Build the approved reply completely (its Message-ID was fixed with the draft) and queue it."""
    language = reply_language(draft.language)
    try:
        message = compose_message(
            sender=address(outbound.from_address, display_name(language)),
            recipient=address(ticket.requester, ticket.requester_name),
            subject=draft.subject,
            text=draft.body,
            html_body=reply_html(draft),
            language=language,
            message_id=draft.message_id,
            date=now or utcnow(),
            threading=await reply_threading(session, ticket, draft),
            attachments=await draft_files(session, draft),
        )
    except ComposeError as error:
        raise OutboxError(f"{ticket.reference}: the reply cannot be sent: {error}") from None
    return await enqueue(session, kind="reply", raw=bytes(message), message_id=draft.message_id,
                         sender=outbound.from_address, recipients=[ticket.requester], ticket=ticket,
                         draft=draft, actor=actor)


# -- the sender's moves -----------------------------------------------------------------------------

async def due_item_ids(session: AsyncSession, *, now: datetime, limit: int = 50) -> list[int]:
    return list((await session.execute(
        select(OutboxItem.id).where(OutboxItem.state == OutboxState.QUEUED, OutboxItem.next_attempt_at <= now)
        .order_by(OutboxItem.next_attempt_at, OutboxItem.id).limit(limit)
    )).scalars())


async def claim(session: AsyncSession, item_id: int, *, now: datetime, lease: timedelta) -> Claim | None:
    """queued -> sending, or None if another process got there first. Commit before connecting."""
    claimed = await session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id, OutboxItem.state == OutboxState.QUEUED, OutboxItem.next_attempt_at <= now)
        .values(state=OutboxState.SENDING, attempts=OutboxItem.attempts + 1, next_attempt_at=now + lease)
    )
    if claimed.rowcount != 1:
        return None
    item = (await session.execute(select(OutboxItem).where(OutboxItem.id == item_id))).scalar_one()
    return Claim(item_id=item.id, kind=item.kind, attempt=item.attempts, ticket_id=item.ticket_id,
                 draft_id=item.draft_id, message_id=item.message_id, sender=item.sender,
                 recipients=tuple(item.recipients), raw=item.raw)


async def _move(session: AsyncSession, held: Claim, states: tuple[str, ...], **values: Any) -> bool:
    """Finish the attempt `held` made, if the item is still where that attempt left it."""
    moved = await session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == held.item_id, OutboxItem.attempts == held.attempt, OutboxItem.state.in_(states))
        .values(**values)
    )
    return moved.rowcount == 1


async def record_sent(session: AsyncSession, held: Claim, *, relay_reply: str, actor: str = "system",
                      timezone: str = "Europe/Paris") -> bool:
    """The relay answered 250. Also from `unknown`: this process knows for certain."""
    now = utcnow()
    if not await _move(session, held, (OutboxState.SENDING, OutboxState.UNKNOWN), state=OutboxState.SENT, sent_at=now,
                       relay_reply=relay_reply,
                       last_error=None):
        return False
    await _mark_delivered(session, held.item_id, actor=actor, detail=f"accepted by the relay: {relay_reply}",
                          timezone=timezone)
    return True


async def record_retry(session: AsyncSession, held: Claim, *, error: str, next_attempt_at: datetime) -> bool:
    """A temporary failure: back to `queued` for a later attempt."""
    if not await _move(session, held, (OutboxState.SENDING,), state=OutboxState.QUEUED, next_attempt_at=next_attempt_at,
                       last_error=error):
        return False
    await _ticket_event(session, held.ticket_id, kind=f"{held.kind}_deferred",
                        detail=f"attempt {held.attempt} failed for now ({error}); next attempt at "
                               f"{next_attempt_at:%Y-%m-%d %H:%M:%S} UTC")
    return True


async def record_failed(session: AsyncSession, held: Claim, *, error: str, relay_reply: str | None) -> bool:
    """A permanent failure (5xx) or too many attempts: the ticket is flagged with the relay's answer."""
    if not await _move(session, held, (OutboxState.SENDING,), state=OutboxState.FAILED, last_error=error,
                       relay_reply=relay_reply):
        return False
    await _flag(session, held.ticket_id, kind=f"{held.kind}_failed",
                detail=f"{held.kind} not delivered (outbox #{held.item_id}): {error}")
    return True


async def record_unknown(session: AsyncSession, held: Claim, *, error: str) -> bool:
    """The relay may or may not have the message: never resent until staff say which."""
    if not await _move(session, held, (OutboxState.SENDING,), state=OutboxState.UNKNOWN, last_error=error):
        return False
    await _flag_unknown(session, held.item_id, held.ticket_id, held.kind, error)
    return True


async def expire_claims(session: AsyncSession, *, now: datetime) -> list[int]:
    """`sending` items whose claim ran out belong to a process that died: they become `unknown`."""
    rows = (await session.execute(
        select(OutboxItem.id, OutboxItem.ticket_id, OutboxItem.kind)
        .where(OutboxItem.state == OutboxState.SENDING, OutboxItem.next_attempt_at <= now)
    )).all()
    expired = []
    for item_id, ticket_id, kind in rows:
        moved = await session.execute(
            update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == OutboxState.SENDING,
                                     OutboxItem.next_attempt_at <= now)
            .values(state=OutboxState.UNKNOWN, last_error="the sending process stopped during delivery")
        )
        if moved.rowcount == 1:
            await _flag_unknown(session, item_id, ticket_id, kind,
                                "the service stopped while delivering it; the relay may have it")
            expired.append(item_id)
    return expired


# -- staff ------------------------------------------------------------------------------------------

async def resolve(session: AsyncSession, item_id: int, *, delivered: bool, by: str,
                  timezone: str = "Europe/Paris") -> OutboxItem:
    """Staff's answer for an `unknown` item (checked in the relay's log or with the requester).

    delivered=True marks it sent without sending; False queues it again, which is also allowed
    for a `failed` item once the cause is fixed.
    """
    if not by.strip():
        raise OutboxError("say who resolves the item (--by NAME)")
    item = await session.get(OutboxItem, item_id)
    if item is None:
        raise OutboxError(f"no outbox item #{item_id}")
    allowed = (OutboxState.UNKNOWN,) if delivered else (OutboxState.UNKNOWN, OutboxState.FAILED)
    if item.state not in allowed:
        raise OutboxError(f"outbox #{item_id} is {item.state}: only {' or '.join(allowed)} items can be "
                          + ("marked sent" if delivered else "sent again"))
    now = utcnow()
    if delivered:
        values: dict[str, Any] = {"state": OutboxState.SENT, "sent_at": now, "relay_reply": f"marked sent by {by}"}
    else:
        values = {"state": OutboxState.QUEUED, "attempts": 0, "next_attempt_at": now}
    moved = await session.execute(update(OutboxItem).where(OutboxItem.id == item_id, OutboxItem.state == item.state)
                                  .values(**values))
    if moved.rowcount != 1:
        raise OutboxError(f"outbox #{item_id} changed meanwhile: look again")
    if delivered:
        await _mark_delivered(session, item_id, actor=by, detail=f"marked delivered by {by} (was {item.state})",
                              timezone=timezone)
    else:
        await _ticket_event(session, item.ticket_id, kind=f"{item.kind}_requeued", actor=by,
                            detail=f"outbox #{item_id} queued again by {by} (was {item.state})")
    await session.refresh(item)
    return item


async def cancel_queued_replies(session: AsyncSession, *, ticket: Ticket, by: str, why: str) -> int:
    """Replies not yet handed to the relay are withdrawn when their ticket closes or is merged.

    The sender claims an item with a conditional update from `queued`, so a reply is either
    cancelled here or sent, never both; one already `sending` cannot be called back, and the
    event says so.
    """
    cancelled = await session.execute(
        update(OutboxItem).where(OutboxItem.ticket_id == ticket.id, OutboxItem.kind == "reply",
                                 OutboxItem.state == OutboxState.QUEUED)
        .values(state=OutboxState.CANCELLED, last_error=why[:500]))
    if cancelled.rowcount:
        record_event(session, ticket=ticket, actor=by, kind="reply_cancelled",
                     detail=f"{cancelled.rowcount} queued reply not sent: {why}")
    in_flight = (await session.execute(select(OutboxItem.id).where(
        OutboxItem.ticket_id == ticket.id, OutboxItem.kind == "reply", OutboxItem.state == OutboxState.SENDING,
    ))).first()
    if in_flight is not None:
        record_event(session, ticket=ticket, actor="system", kind="reply_in_flight",
                     detail=f"outbox item #{in_flight[0]} was already being sent and could not be withdrawn")
    return cancelled.rowcount


async def list_items(session: AsyncSession, *, states: list[str] | None = None, limit: int = 200) -> list[OutboxItem]:
    query = select(OutboxItem).order_by(OutboxItem.id.desc()).limit(limit)
    if states:
        query = query.where(OutboxItem.state.in_(states))
    return list((await session.execute(query)).scalars())


async def item_summaries(session: AsyncSession, items: list[OutboxItem]) -> list[dict[str, Any]]:
    """The JSON shape of `outbox list --json`."""
    ticket_ids = {item.ticket_id for item in items if item.ticket_id}
    references = dict((await session.execute(
        select(Ticket.id, Ticket.reference).where(Ticket.id.in_(ticket_ids))
    )).all()) if ticket_ids else {}

    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    return [{
        "id": item.id,
        "kind": item.kind,
        "state": item.state,
        "ticket": references.get(item.ticket_id),
        "message_id": item.message_id,
        "recipients": list(item.recipients),
        "attempts": item.attempts,
        "next_attempt_at": when(item.next_attempt_at) if item.state in WAITING_STATES else None,
        "last_error": item.last_error,
        "relay_reply": item.relay_reply,
        "created_at": when(item.created_at),
        "sent_at": when(item.sent_at),
    } for item in items]


# -- what an outcome does to the ticket -------------------------------------------------------------

async def _ticket_event(session: AsyncSession, ticket_id: int | None, *, kind: str, detail: str,
                        actor: str = "system") -> Ticket | None:
    if ticket_id is None:
        return None
    ticket = await session.get(Ticket, ticket_id)
    record_event(session, ticket=ticket, ticket_id=ticket_id, actor=actor, kind=kind, detail=detail)
    return ticket


async def _flag(session: AsyncSession, ticket_id: int | None, *, kind: str, detail: str) -> None:
    """The outcome as the ticket's review flag (`tickets/audit.py`), for a person's attention."""
    ticket = await session.get(Ticket, ticket_id) if ticket_id is not None else None
    if ticket is not None:
        flag_for_review(session, ticket, detail, kind=kind)


async def _flag_unknown(session: AsyncSession, item_id: int, ticket_id: int | None, kind: str, why: str) -> None:
    await _flag(session, ticket_id, kind=f"{kind}_state_unknown",
                detail=f"{kind} outbox #{item_id} may or may not have been delivered ({why}); it will not be "
                       f"sent again until staff run `privacy-assistant outbox resolve {item_id} --sent|--resend`")


async def _mark_delivered(session: AsyncSession, item_id: int, *, actor: str, detail: str, timezone: str) -> None:
    """A delivered reply moves its ticket on according to the draft's kind (`tickets/lifecycle.py`)."""
    item = (await session.execute(select(OutboxItem).where(OutboxItem.id == item_id))).scalar_one()
    ticket = await _ticket_event(session, item.ticket_id, kind=f"{item.kind}_sent", actor=actor,
                                 detail=f"Message-ID <{item.message_id}> {detail}")
    if item.kind != "reply" or ticket is None or item.draft_id is None:
        return
    await session.execute(update(Draft).where(Draft.id == item.draft_id).values(status=DraftStatus.SENT))
    draft = await session.get(Draft, item.draft_id)
    await session.refresh(ticket, ["requests"])
    reply_delivered(session, ticket, draft, actor=actor, now=utcnow(), timezone=timezone)


__all__ = ["KINDS", "Claim", "OutboxError", "claim", "claim_lease", "due_item_ids", "enqueue", "enqueue_reply",
           "expire_claims", "item_summaries", "list_items", "parent_message", "record_failed", "record_retry",
           "record_sent", "record_unknown", "reply_html", "reply_threading", "resolve"]
