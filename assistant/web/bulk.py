"""Bulk actions on the queue: the same staff action (`tickets/staff_actions.py`) on each ticket picked,
each in its own transaction, each at the version the queue showed.

A ticket changed since the queue page was loaded is skipped and reported, never overwritten: that is
what the version in each pick is for. Approving in bulk goes through a preview first (recipient,
subject, first lines of each reply): staff see exactly what will be sent before anything is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from assistant.storage.models import Draft, Ticket, User
from assistant.storage.states import DraftStatus
from assistant.tickets.service import TicketError, current_draft, get_ticket
from assistant.tickets.staff_actions import ActionInput, StaleVersion
from assistant.web.console import Console
from assistant.web.ticket_actions import perform_as
from replies import find_placeholders

MAX_PICKS = 200  # one queue page at its largest
PREVIEW_LINES = 4
_PICK = re.compile(r"([A-Z0-9-]{1,32})@(\d{1,9})")


class BulkAction(StrEnum):
    ASSIGN = "assign"
    NOISE = "noise"
    APPROVE = "approve"


@dataclass(frozen=True)
class Pick:
    """A ticket as the queue showed it: its reference and the version staff saw."""

    reference: str
    version: int

    @property
    def token(self) -> str:
        return f"{self.reference}@{self.version}"


@dataclass(frozen=True)
class Outcome:
    reference: str
    done: bool
    reason: str = ""  # why it was skipped, in a sentence


@dataclass(frozen=True)
class Preview:
    """One reply as it would leave: to whom, under which subject, beginning with which lines."""

    pick: Pick
    recipient: str
    subject: str
    first_lines: list[str]


def parse_picks(values: list[str]) -> list[Pick]:
    """`REF@VERSION` values from the queue's checkboxes; malformed ones are dropped, duplicates once."""
    picks: dict[str, Pick] = {}
    for value in values[:MAX_PICKS]:
        found = _PICK.fullmatch(value.strip())
        if found:
            picks.setdefault(found.group(1), Pick(found.group(1), int(found.group(2))))
    return list(picks.values())


async def run_bulk(console: Console, user: User, picks: list[Pick], *, action: BulkAction,
                   given: ActionInput) -> list[Outcome]:
    """The action on each pick in turn; a refusal on one ticket never stops the others."""
    outcomes = []
    for pick in picks:
        try:
            await perform_as(console, user, reference=pick.reference, action=action,
                             given=replace(given, version=pick.version))
        except StaleVersion as stale:
            who = stale.change.by or "someone"
            outcomes.append(Outcome(pick.reference, False, f"changed by {who} since the queue was loaded "
                                                           f"({stale.change.what}): skipped, nothing overwritten"))
        except TicketError as refused:
            outcomes.append(Outcome(pick.reference, False, str(refused)))
        else:
            outcomes.append(Outcome(pick.reference, True))
    return outcomes


async def approval_preview(console: Console, picks: list[Pick]) -> tuple[list[Preview], list[Outcome]]:
    """What approving would send, and which picks cannot be approved as they are (and why)."""
    ready: list[Preview] = []
    skipped: list[Outcome] = []
    async with console.db.session() as session:
        for pick in picks:
            try:
                ticket = await get_ticket(session, pick.reference)
            except TicketError as missing:
                skipped.append(Outcome(pick.reference, False, str(missing)))
                continue
            draft = await current_draft(session, ticket)
            reason = _not_approvable(ticket, draft, pick)
            if reason:
                skipped.append(Outcome(pick.reference, False, reason))
            else:
                assert draft is not None
                ready.append(Preview(pick, ticket.requester, draft.subject, _first_lines(draft.body)))
    return ready, skipped


def _not_approvable(ticket: Ticket, draft: Draft | None, pick: Pick) -> str:
    if ticket.version != pick.version:
        return "changed since the queue was loaded: open it to see what changed"
    if draft is None or draft.status != DraftStatus.PENDING:
        return "no draft waits for approval"
    remaining = find_placeholders(draft.body)
    if remaining:
        return "needs input: " + "; ".join(remaining)
    return ""


def _first_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.strip()][:PREVIEW_LINES]
