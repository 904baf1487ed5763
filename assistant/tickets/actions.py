"""Staff actions that carry a request to its end: fulfil, refuse, extend, verify identity.

Each drafts the reply the law asks for (staff approve it like any draft) and moves the clock
or the identity, with an event naming who and why. They run in the caller's transaction.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.storage.models import Draft, DraftFile, Ticket, User
from assistant.storage.states import DraftStatus, TicketStatus
from assistant.tickets import clock
from assistant.tickets.audit import record_event, set_status
from assistant.tickets.drafting import StaffInput, draft_for_ticket
from assistant.tickets.lifecycle import establish_identity, open_requests, refresh_due
from assistant.tickets.service import TicketError, current_draft, get_ticket
from assistant.tickets.stages import FINISHED_STAGES, Identity, Stage
from replies.recipients import RECIPIENT_CATEGORIES  # the policy's recipients: after an erasure the company,
from replies.types import DraftKind  # not the requester, tells each of them (GDPR Art. 19)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path) -> Attachment:
        """A file from disk; refused (one sentence) if it cannot be read or is too large to mail."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise TicketError(f"cannot read {path}: {error.strerror}") from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise TicketError(f"{path.name} is larger than {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB: "
                              "send it by another channel and say so in --note")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return cls(path.name, content_type, data)


async def staff_account(session: AsyncSession, name: str) -> User:
    """`--by NAME` names an enabled console account: actions are audited under a real person."""
    user = (await session.execute(select(User).where(User.name == name.strip()))).scalar_one_or_none()
    if user is None or user.disabled:
        raise TicketError(f"--by {name}: no enabled console account has that name (create it with "
                          "`privacy-assistant users add`)")
    return user


async def _active_ticket(session: AsyncSession, reference: str) -> Ticket:
    ticket = await get_ticket(session, reference)
    if Stage(ticket.stage) in FINISHED_STAGES:
        raise TicketError(f"{ticket.reference} is {ticket.stage}: there is nothing left to do on it")
    return ticket


async def no_approved_reply_waiting(session: AsyncSession, ticket: Ticket) -> None:
    draft = await current_draft(session, ticket)
    if draft is not None and draft.status == DraftStatus.APPROVED:
        raise TicketError(f"{ticket.reference}: an approved reply is waiting to be sent; wait for it")


async def fulfil(session: AsyncSession, *, reference: str, by: str, config: Config, note: str = "",
                 attachments: list[Attachment] | None = None, informed: list[str] | None = None) -> Draft:
    """The fulfilment draft: the request done, per intent. Sent, it makes the ticket `fulfilled`."""
    ticket = await _active_ticket(session, reference)
    if ticket.identity == Identity.PENDING:
        raise TicketError(f"{ticket.reference}: the requester's identity is still pending; establish it first "
                          "(a reply from the mailbox, or `tickets verify`) before sending any personal data")
    unknown = sorted(set(informed or []) - set(RECIPIENT_CATEGORIES))
    if unknown:
        known = ", ".join(RECIPIENT_CATEGORIES)
        raise TicketError(f"unknown recipient categories {', '.join(unknown)} (known: {known})")
    await no_approved_reply_waiting(session, ticket)
    files = list(attachments or [])
    draft = await draft_for_ticket(session, ticket, by=by, config=config, kind=DraftKind.FULFILMENT, staff=StaffInput(
        note=note.strip(), attachments=[file.filename for file in files],
        recipients_informed=list(informed or [])))
    for file in files:
        session.add(DraftFile(draft_id=draft.id, filename=file.filename, content_type=file.content_type,
                              data=file.data))
    record_event(session, ticket=ticket, actor=by, kind="fulfilment_drafted",
                 detail=(note.strip() or "fulfilment drafted") + (f"; attached: {', '.join(f.filename for f in files)}"
                                                                   if files else ""))
    set_status(session, ticket, TicketStatus.AWAITING_APPROVAL, actor=by, why="fulfilment drafted")
    return draft


async def _staff_draft(session: AsyncSession, *, reference: str, by: str, config: Config, kind: DraftKind,
                       note: str, missing: str) -> Draft:
    """A draft whose substance is the staff's own words (reasons, a question), refused without them."""
    if not note.strip():
        raise TicketError(missing)
    ticket = await _active_ticket(session, reference)
    await no_approved_reply_waiting(session, ticket)
    draft = await draft_for_ticket(session, ticket, by=by, config=config, kind=kind,
                                   staff=StaffInput(note=note.strip()))
    record_event(session, ticket=ticket, actor=by, kind=f"{kind}_drafted", detail=note.strip())
    set_status(session, ticket, TicketStatus.AWAITING_APPROVAL, actor=by, why=f"{kind.replace('_', ' ')} drafted")
    return draft


async def refuse(session: AsyncSession, *, reference: str, by: str, reason: str, config: Config) -> Draft:
    """The refusal draft with the Art. 12(4) content: the reasons, the CNIL, a judicial remedy."""
    return await _staff_draft(session, reference=reference, by=by, config=config, kind=DraftKind.REFUSAL,
                              note=reason, missing="give the reasons for the refusal: GDPR Art. 12(4) requires them "
                                                   "in the reply")


async def clarify(session: AsyncSession, *, reference: str, by: str, question: str, config: Config) -> Draft:
    """Ask the requester a question; once it is sent the clock pauses until they answer (EDPB 01/2022)."""
    return await _staff_draft(session, reference=reference, by=by, config=config, kind=DraftKind.CLARIFICATION,
                              note=question, missing="write the question to ask the requester")


async def extend(session: AsyncSession, *, reference: str, by: str, months: int, reason: str, config: Config,
                 now: datetime) -> Draft:
    """Art. 12(3): once, by one or two months, decided in the first month; the notice is drafted at once."""
    if not reason.strip():
        raise TicketError("give the reason for the extension: the requester must be told it (GDPR Art. 12(3))")
    ticket = await get_ticket(session, reference)
    zone = config.service.timezone
    try:
        previous = ticket.due_at
        clock.extend(ticket, months, now, zone)
    except clock.ClockError as error:
        raise TicketError(f"{ticket.reference}: {error}") from None
    from assistant.tickets.deadlines import due_date

    for request in open_requests(ticket):
        request.due_at = due_date(request.due_at, zone, months=months)
    refresh_due(ticket)
    record_event(session, ticket=ticket, actor=by, kind="deadline_extended",
                 detail=f"{previous:%Y-%m-%d} -> {ticket.due_at:%Y-%m-%d} ({months} month(s)): {reason.strip()}; "
                        f"the notice must reach the requester by {clock.first_month_end(ticket, zone):%Y-%m-%d}")
    draft = await draft_for_ticket(session, ticket, by=by, config=config, kind=DraftKind.EXTENSION_NOTICE,
                                   staff=StaffInput(note=reason.strip(), extension_months=months))
    set_status(session, ticket, TicketStatus.AWAITING_APPROVAL, actor=by, why="extension notice drafted")
    return draft


async def verify(session: AsyncSession, *, reference: str, by: str, config: Config, now: datetime,
                 note: str = "", override_reason: str = "") -> Ticket:
    """Identity established by staff (`note`: how), or waived by an admin (`override_reason`); audited."""
    user = await staff_account(session, by)
    ticket = await get_ticket(session, reference)
    if override_reason:
        if user.role != "admin":
            raise TicketError("only an admin can override the identity check")
        identity, how = Identity.OVERRIDDEN, f"overridden by {by}: {override_reason.strip()}"
    else:
        if not note.strip():
            raise TicketError("say how identity was established (--note TEXT)")
        identity, how = Identity.VERIFIED, f"verified by {by}: {note.strip()}"
    if ticket.identity in (Identity.VERIFIED, Identity.OVERRIDDEN):
        raise TicketError(f"{ticket.reference}: identity is already {ticket.identity}")
    if ticket.identity == Identity.NOT_NEEDED:
        raise TicketError(f"{ticket.reference}: no identity check is needed for this request (GDPR Art. 12(6))")
    establish_identity(session, ticket, identity, actor=by, how=how, now=now)
    pending = await current_draft(session, ticket)
    if pending is not None and pending.status == DraftStatus.PENDING and pending.kind == DraftKind.IDENTITY_REQUEST:
        # The draft asking for identity is moot: replace it with the acknowledgement.
        await draft_for_ticket(session, ticket, by=by, config=config, kind=DraftKind.ACKNOWLEDGEMENT)
    return ticket
