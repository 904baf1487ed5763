"""What staff can do to a ticket, shared by the HTML forms and the JSON API so both behave the same.

Each action is one transaction: it happens with its event rows, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.storage.models import utcnow
from assistant.tickets import actions, service
from assistant.tickets.drafting import redraft
from assistant.tickets.service import TicketError

if TYPE_CHECKING:
    from assistant.storage.models import User
    from assistant.web.console import Console

ACTIONS = ("save", "approve", "reject", "reclassify", "merge", "extend", "close", "fulfil", "refuse", "clarify",
           "verify", "override")


@dataclass(frozen=True)
class ActionInput:
    body: str | None = None  # the draft as the editor holds it (save, approve)
    reason: str = ""
    intents: list[str] = field(default_factory=list)
    primary: str = ""
    into: str = ""
    months: int = 0
    note: str = ""  # fulfil: what was done; verify: how identity was established
    informed: list[str] = field(default_factory=list)  # fulfil: recipient categories told (Art. 19)
    attachments: list[actions.Attachment] = field(default_factory=list)  # fulfil: the files sent


async def perform_as(console: Console, user: User, *, reference: str, action: str, given: ActionInput) -> None:
    """`perform` for a signed-in member of staff, as the HTML forms and the API both call it."""
    async with console.db.session() as session:
        await perform(session, console.config, reference=reference, action=action, by=user.name, given=given,
                      on_approved=console.on_approved)


async def perform(session: AsyncSession, config: Config, *, reference: str, action: str, by: str,
                  given: ActionInput, on_approved: Callable[[], None] | None = None) -> None:
    """Runs the action in its own transaction; raises TicketError (nothing changed) when it is refused.

    `on_approved` runs after an approval is committed: it wakes the outbox sender, so the reply
    leaves now rather than at the sender's next poll."""
    if action not in ACTIONS:
        raise TicketError(f"unknown action {action!r}")
    async with session.begin():
        if action in ("save", "approve") and given.body is not None:
            draft = await service.current_draft(session, await service.get_ticket(session, reference))
            if draft is not None and draft.status == "pending" and _normalised(given.body) != draft.body:
                await service.edit_draft(session, reference=reference, by=by, body=_normalised(given.body))
            elif action == "save" and (draft is None or draft.status != "pending"):
                raise TicketError("there is no pending draft to edit")
        if action == "approve":
            await service.approve_draft(session, reference=reference, by=by, outbound=config.outbound)
        elif action == "reject":
            await service.reject_draft(session, reference=reference, by=by, reason=given.reason.strip())
        elif action == "reclassify":
            primary = given.primary or (given.intents[0] if given.intents else "")
            intents = [primary, *[i for i in given.intents if i != primary]] if primary else list(given.intents)
            if not intents:
                raise TicketError("choose at least one intent")
            await service.reclassify(session, reference=reference, intents=intents, primary=primary, by=by)
            await redraft(session, reference=reference, by=by, config=config)
        elif action == "merge":
            await service.merge_tickets(session, reference=reference, into=given.into.strip(), by=by)
        elif action == "extend":
            await actions.extend(session, reference=reference, by=by, months=given.months, reason=given.reason,
                                 config=config, now=utcnow())
        elif action == "close":
            await service.close_ticket(session, reference=reference, by=by, reason=given.reason)
        else:
            await _lifecycle_action(session, config, reference=reference, action=action, by=by, given=given)
    if action == "approve" and on_approved is not None:
        on_approved()


async def _lifecycle_action(session: AsyncSession, config: Config, *, reference: str, action: str, by: str,
                            given: ActionInput) -> None:
    """fulfil, refuse, clarify, verify, override: the actions that carry a request to its end (`tickets/actions.py`)."""
    if action == "fulfil":
        await actions.fulfil(session, reference=reference, by=by, config=config, note=given.note,
                             attachments=given.attachments, informed=given.informed)
    elif action == "refuse":
        await actions.refuse(session, reference=reference, by=by, reason=given.reason, config=config)
    elif action == "clarify":
        await actions.clarify(session, reference=reference, by=by, question=given.note, config=config)
    elif action == "verify":
        await actions.verify(session, reference=reference, by=by, config=config, now=utcnow(), note=given.note)
    elif action == "override":
        if not given.reason.strip():
            raise TicketError("give the reason for overriding the identity check")
        await actions.verify(session, reference=reference, by=by, config=config, now=utcnow(),
                             override_reason=given.reason)


def _normalised(body: str) -> str:
    """Browsers submit textarea text with CRLF line ends (HTML form encoding); drafts keep LF."""
    return body.replace("\r\n", "\n").replace("\r", "\n")
