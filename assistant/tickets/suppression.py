"""The suppression list: addresses that must get no more marketing (GDPR Art. 21(2)-(3), 7(3)).

An objection to direct marketing is absolute and takes effect at once: the pipeline adds the
address when such a ticket is filed, before anyone approves anything. Staff can take an entry
off (a misread message), with a reason; both are events. Entries are keyed by the SHA-256 of the
normalised address, so an erasure of the address (issue 14) can keep the entry as a hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.mail.addresses import normalise_address
from assistant.storage.batching import pending_or_stored
from assistant.storage.models import Suppression, Ticket
from assistant.tickets.audit import record_event
from assistant.tickets.service import TicketError


@dataclass(frozen=True)
class SuppressionEntry:
    address: str
    since: datetime
    ticket: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"address": self.address, "since": self.since.isoformat(), "ticket": self.ticket}


def address_hash(address: str) -> str:
    return hashlib.sha256(normalise_address(address).encode("utf-8")).hexdigest()


async def _entry(session: AsyncSession, address: str) -> Suppression | None:
    """The address's entry; one this transaction added or changed is found without a flush first."""
    wanted = address_hash(address)
    return await pending_or_stored(session, Suppression, lambda entry: entry.address_hash == wanted,
                                   select(Suppression).where(Suppression.address_hash == wanted))


async def is_suppressed(session: AsyncSession, address: str) -> bool:
    entry = await _entry(session, address)
    return entry is not None and entry.removed_at is None


async def suppress(session: AsyncSession, *, address: str, ticket: Ticket | None, actor: str, why: str,
                   now: datetime) -> bool:
    """Put the address on the list (again, if it was taken off); False if it was on it already."""
    normalised = normalise_address(address)
    entry = await _entry(session, normalised)
    if entry is not None and entry.removed_at is None:
        return False
    if entry is None:
        entry = Suppression(address=normalised, address_hash=address_hash(normalised))
        session.add(entry)
    entry.address, entry.since, entry.ticket_id = normalised, now, ticket.id if ticket else None
    entry.removed_at = entry.removed_by = entry.removed_reason = None
    record_event(session, ticket=ticket, actor=actor, kind="suppressed",
                 detail=f"{normalised} is on the suppression list from now: {why}")
    return True


async def unsuppress(session: AsyncSession, *, address: str, by: str, reason: str, now: datetime) -> Suppression:
    """Staff take an address off the list (a misread message); the reason is kept."""
    if not reason.strip():
        raise TicketError("give the reason for taking the address off the suppression list")
    entry = await _entry(session, address)
    if entry is None or entry.removed_at is not None:
        raise TicketError(f"{normalise_address(address)} is not on the suppression list")
    entry.removed_at, entry.removed_by, entry.removed_reason = now, by, reason.strip()
    ticket = await session.get(Ticket, entry.ticket_id) if entry.ticket_id else None
    record_event(session, ticket=ticket, actor=by, kind="unsuppressed",
                 detail=f"{entry.address} taken off the suppression list: {reason.strip()}")
    return entry


async def suppression_list(session: AsyncSession) -> list[SuppressionEntry]:
    rows = (await session.execute(
        select(Suppression.address, Suppression.since, Ticket.reference)
        .outerjoin(Ticket, Ticket.id == Suppression.ticket_id)
        .where(Suppression.removed_at.is_(None), Suppression.address.is_not(None))
        .order_by(Suppression.since, Suppression.id))).all()
    return [SuppressionEntry(address, since, reference) for address, since, reference in rows]
