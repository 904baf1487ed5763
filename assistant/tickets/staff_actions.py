"""The one table of what staff can do to a ticket: the console's forms, the JSON API and the CLI all
call `perform`, so each action is sequenced (save-then-approve, reclassify-then-redraft) in one place.

Each action is one transaction: it happens with its event rows, or not at all. A refusal is a
`TicketError` (a sentence saying what to do next); nothing has changed when it is raised.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.storage.models import utcnow
from assistant.storage.states import DraftStatus
from assistant.tickets import actions, service
from assistant.tickets.assignment import assign
from assistant.tickets.drafting import redraft
from assistant.tickets.free_reply import compose, reopen_ticket
from assistant.tickets.notes import add_note
from assistant.tickets.service import TicketError
from assistant.tickets.versions import LastChange, claim_version, last_change


@dataclass(frozen=True)
class ActionInput:
    """What a member of staff gave with an action; each action reads only its own fields."""

    body: str | None = None  # the draft as the editor holds it (save, approve)
    reason: str = ""
    intents: list[str] = field(default_factory=list)
    primary: str = ""
    into: str = ""
    months: int = 0
    note: str = ""  # fulfil: what was done; verify: how identity was established
    informed: list[str] = field(default_factory=list)  # fulfil: recipient categories told (Art. 19)
    attachments: list[actions.Attachment] = field(default_factory=list)  # fulfil: the files sent
    assignee: str = ""  # assign: a staff name, "" for nobody
    language: str = ""  # compose: the reply's language
    version: int | None = None  # the ticket version the person acted on; None: whatever is current
    discard_edits: bool = False  # reclassify: replace a draft that has saved edits


class StaleVersion(TicketError):
    """Someone changed the ticket since the person loaded it: refused, with their change to look at."""

    def __init__(self, reference: str, change: LastChange) -> None:
        when = f" at {change.at:%d %b %Y %H:%M} UTC" if change.at else ""
        super().__init__(f"{reference} was changed by {change.by or 'someone'}{when} ({change.what}) since you "
                         "opened it; nothing of yours was saved: look at their change, then try again")
        self.change = change


@dataclass(frozen=True)
class Call:
    """One action being performed: by whom, on which ticket, with what."""

    session: AsyncSession
    config: Config
    reference: str
    by: str
    given: ActionInput


# A handler returns None, or the name of an outcome other than the action's own (said to staff).
Handler = Callable[[Call], Awaitable[str | None]]
OUTCOMES = frozenset({"reclassify_unchanged"})


async def _write_body(call: Call, *, required: bool) -> None:
    """The editor's text becomes the draft's, when it changed (an edit is its own event)."""
    body = call.given.body
    draft = await service.current_draft(call.session, await service.get_ticket(call.session, call.reference))
    pending = draft is not None and draft.status == DraftStatus.PENDING
    if required and not pending:
        raise TicketError("there is no pending draft to edit")
    if body is not None and pending and normalised(body) != draft.body:
        await service.edit_draft(call.session, reference=call.reference, by=call.by, body=normalised(body))
    elif required and body is None:
        raise TicketError("give the draft's new text")


async def _save(call: Call) -> None:
    await _write_body(call, required=True)


async def _approve(call: Call) -> None:
    await _write_body(call, required=False)
    await service.approve_draft(call.session, reference=call.reference, by=call.by, outbound=call.config.outbound)


async def _reject(call: Call) -> None:
    await service.reject_draft(call.session, reference=call.reference, by=call.by, reason=call.given.reason.strip())


async def _reclassify(call: Call) -> str | None:
    given = call.given
    primary = given.primary or (given.intents[0] if given.intents else "")
    intents = [primary, *[i for i in given.intents if i != primary]] if primary else list(given.intents)
    if not intents:
        raise TicketError("choose at least one intent")
    ticket = await service.get_ticket(call.session, call.reference)
    if set(intents) == set(ticket.intents or []) and primary == ticket.primary:
        return "reclassify_unchanged"  # nothing to correct: the draft, and edits saved in it, stay as they are
    draft = await service.current_draft(call.session, ticket)
    if draft is not None and draft.status == DraftStatus.PENDING and draft.edited and not given.discard_edits:
        raise TicketError(f"the draft has edits saved by {draft.edited_by or 'staff'}; a new draft would replace "
                          "them: confirm that you want to replace the edited draft (they stay in its history)")
    await service.reclassify(call.session, reference=call.reference, intents=intents, primary=primary, by=call.by)
    await redraft(call.session, reference=call.reference, by=call.by, config=call.config)


async def _merge(call: Call) -> None:
    await service.merge_tickets(call.session, reference=call.reference, into=call.given.into.strip(), by=call.by,
                                reason=call.given.reason)


async def _extend(call: Call) -> None:
    await actions.extend(call.session, reference=call.reference, by=call.by, months=call.given.months,
                         reason=call.given.reason, config=call.config, now=utcnow())


async def _close(call: Call) -> None:
    await service.close_ticket(call.session, reference=call.reference, by=call.by, reason=call.given.reason)


async def _noise(call: Call) -> None:
    await service.close_as_noise(call.session, reference=call.reference, by=call.by, reason=call.given.reason)


async def _fulfil(call: Call) -> None:
    await actions.fulfil(call.session, reference=call.reference, by=call.by, config=call.config,
                         note=call.given.note, attachments=call.given.attachments, informed=call.given.informed)


async def _refuse(call: Call) -> None:
    await actions.refuse(call.session, reference=call.reference, by=call.by, reason=call.given.reason,
                         config=call.config)


async def _clarify(call: Call) -> None:
    await actions.clarify(call.session, reference=call.reference, by=call.by, question=call.given.note,
                          config=call.config)


async def _verify(call: Call) -> None:
    await actions.verify(call.session, reference=call.reference, by=call.by, config=call.config, now=utcnow(),
                         note=call.given.note)


async def _override(call: Call) -> None:
    if not call.given.reason.strip():
        raise TicketError("give the reason for overriding the identity check")
    await actions.verify(call.session, reference=call.reference, by=call.by, config=call.config, now=utcnow(),
                         override_reason=call.given.reason)


async def _take(call: Call) -> None:
    await assign(call.session, reference=call.reference, to=call.by, by=call.by)


async def _assign(call: Call) -> None:
    await assign(call.session, reference=call.reference, to=call.given.assignee, by=call.by)


async def _compose(call: Call) -> None:
    await compose(call.session, reference=call.reference, by=call.by, body=call.given.body or "",
                  language=call.given.language, config=call.config)


async def _note(call: Call) -> None:
    await add_note(call.session, reference=call.reference, by=call.by, text=call.given.note)


async def _reopen(call: Call) -> None:
    await reopen_ticket(call.session, reference=call.reference, by=call.by, reason=call.given.reason)


TICKET_ACTIONS: dict[str, Handler] = {
    "save": _save, "approve": _approve, "reject": _reject, "reclassify": _reclassify, "merge": _merge,
    "extend": _extend, "close": _close, "noise": _noise, "fulfil": _fulfil, "refuse": _refuse, "clarify": _clarify,
    "verify": _verify, "override": _override, "take": _take, "assign": _assign, "compose": _compose,
    "note": _note, "reopen": _reopen,
}
# A note changes nothing anyone is editing: it is added whatever version the page showed, and does
# not make other people's open pages stale.
UNVERSIONED = frozenset({"note"})
ACTIONS = tuple(TICKET_ACTIONS)


async def perform(session: AsyncSession, config: Config, *, reference: str, action: str, by: str,
                  given: ActionInput, on_approved: Callable[[], None] | None = None) -> str:
    """Runs the action in its own transaction; raises TicketError (nothing changed) when it is refused.
    Returns what happened: the action's name, or one of OUTCOMES.

    `on_approved` runs after an approval is committed: it wakes the outbox sender, so the reply
    leaves now rather than at the sender's next poll."""
    handler = TICKET_ACTIONS.get(action)
    if handler is None:
        raise TicketError(f"unknown action {action!r}")
    async with session.begin():
        ticket = await service.get_ticket(session, reference)
        if action not in UNVERSIONED and not await claim_version(session, ticket, given.version):
            raise StaleVersion(ticket.reference or reference, await last_change(session, ticket))
        outcome = await handler(Call(session, config, reference, by, given))
    if action == "approve" and on_approved is not None:
        on_approved()
    return outcome or action


def normalised(body: str) -> str:
    """Browsers submit textarea text with CRLF line ends (HTML form encoding); drafts keep LF."""
    return body.replace("\r\n", "\n").replace("\r", "\n")
