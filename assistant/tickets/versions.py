"""Optimistic locking and the draft history: two people on one ticket never overwrite each other.

Each ticket carries a version number. Every staff action and every new or edited draft moves it
on; a console form, an API call or a CLI command that names an older version is refused with
the other person's change (who, when, what, and the draft's text now), so the stale user can
merge by hand. Each text a draft has had is kept as a `DraftRevision`: nothing typed is lost.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import Draft, DraftRevision, Event, Ticket, utcnow
from assistant.storage.states import DraftStatus


@dataclass(frozen=True)
class LastChange:
    """What moved a ticket past the version someone was looking at."""

    version: int
    by: str
    at: datetime | None
    what: str
    draft_body: str | None  # the pending draft's text now, if there is one


async def claim_version(session: AsyncSession, ticket: Ticket, expected: int | None) -> bool:
    """Compare-and-set: moves the ticket from `expected` (its current version when None) to the next.

    One conditional UPDATE, so of two concurrent actions on one version only one succeeds (on
    PostgreSQL the second waits for the first's row lock, then matches no row). False if stale."""
    current = ticket.version if expected is None else expected
    moved = await session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.version == current)
        .values(version=current + 1).execution_options(synchronize_session="fetch"))
    return moved.rowcount == 1


_OPENED = "tickets opened in this session, and whether drafted on"


def mark_opened(session: AsyncSession, ticket: Ticket) -> None:
    """Note a ticket inserted by this session: nobody else can see it, let alone draft on it, until
    the commit, so its first draft needs neither the conditional version update nor a supersede."""
    session.info.setdefault(_OPENED, {})[ticket.id] = False  # no draft yet


def opened_here(session: AsyncSession, ticket: Ticket) -> bool:
    return ticket.id in session.info.get(_OPENED, {})


def draftless_here(session: AsyncSession, ticket: Ticket) -> bool:
    """Opened by this session and not drafted on yet: no pending draft of it can exist to supersede.

    A batch can hold a new request and its follow-up (`pipeline/runner.py`): the follow-up's draft
    must supersede the first one as it would in a later transaction, or two drafts stay pending."""
    return session.info.get(_OPENED, {}).get(ticket.id) is False


def note_drafted(session: AsyncSession, ticket: Ticket) -> None:
    if opened_here(session, ticket):
        session.info[_OPENED][ticket.id] = True


async def bump_version(session: AsyncSession, ticket: Ticket) -> None:
    """Moves the version on unconditionally: the pipeline's new drafts make open pages stale too."""
    if opened_here(session, ticket):
        ticket.version += 1  # written with the ticket's own pending update
        return
    await session.execute(update(Ticket).where(Ticket.id == ticket.id).values(version=Ticket.version + 1)
                          .execution_options(synchronize_session="fetch"))


async def record_revision(session: AsyncSession, ticket: Ticket, draft: Draft, *, by: str) -> None:
    """Keeps this text of the draft, under the ticket version it made."""
    await bump_version(session, ticket)
    session.add(DraftRevision(draft_id=draft.id, ticket_id=ticket.id, ticket_version=ticket.version,
                              body=draft.body, by=by, at=utcnow()))


async def last_change(session: AsyncSession, ticket: Ticket) -> LastChange:
    """The newest recorded change and the pending draft's text: the view a stale user is shown."""
    event = (await session.execute(select(Event).where(Event.ticket_id == ticket.id)
                                   .order_by(Event.id.desc()).limit(1))).scalar_one_or_none()
    pending = select(Draft).where(Draft.ticket_id == ticket.id, Draft.status == DraftStatus.PENDING)
    draft = (await session.execute(pending.order_by(Draft.id.desc()).limit(1))).scalar_one_or_none()
    return LastChange(
        version=ticket.version,
        by=event.actor if event else "",
        at=event.at if event else None,
        what=(event.kind.replace("_", " ") + (f": {event.detail}" if event.detail else "")) if event else "",
        draft_body=draft.body if draft else None,
    )


async def draft_history(session: AsyncSession, ticket: Ticket) -> list[DraftRevision]:
    """Every text the ticket's drafts have had, oldest first."""
    return list((await session.execute(select(DraftRevision).where(DraftRevision.ticket_id == ticket.id)
                                       .order_by(DraftRevision.id))).scalars())


def changes_from_previous(history: list[DraftRevision]) -> dict[int, str]:
    """For each revision of the same draft after the first: what changed, as a unified diff (by line)."""
    changes: dict[int, str] = {}
    previous: dict[int, DraftRevision] = {}
    for revision in history:
        before = previous.get(revision.draft_id)
        if before is not None:
            lines = difflib.unified_diff(before.body.splitlines(), revision.body.splitlines(), lineterm="", n=1)
            changes[revision.id] = "\n".join(list(lines)[2:])  # without the ---/+++ file headers
        previous[revision.draft_id] = revision
    return changes
