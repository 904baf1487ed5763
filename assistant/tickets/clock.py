"""The legal clock of a ticket, as pure functions of the ticket and `now` (tests pass fixed times).

GDPR Art. 12(3): answer "without undue delay and in any event within one month of receipt",
extendable "by two further months where necessary", the requester being told "within one month
of receipt of the request, together with the reasons for the delay". The deadline:

- runs from receipt (`received_at`), on the company's calendar (`deadlines.due_date`);
- is paused while we wait for what we asked the requester for (identity, a clarification):
  EDPB Guidelines 01/2022 on the right of access, section 5.3. `paused_since` marks a running
  pause; resuming moves `due_at` (and every open request's) by the paused time;
- moves once with an extension, decided before the first month has passed;
- stops at fulfilment or refusal (`fulfilled_at`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from assistant.tickets.deadlines import due_date
from assistant.tickets.stages import FINISHED_STAGES, Stage


class Clocked(Protocol):
    stage: str
    received_at: datetime
    due_at: datetime
    paused_since: datetime | None
    paused_seconds: int
    extended_months: int


class ClockError(Exception):
    """A change the law does not allow, said in one sentence."""


def is_paused(ticket: Clocked) -> bool:
    return ticket.paused_since is not None


def is_overdue(ticket: Clocked, now: datetime) -> bool:
    """Past `due_at`, not finished, and not waiting for the requester."""
    return not is_paused(ticket) and Stage(ticket.stage) not in FINISHED_STAGES and now > ticket.due_at


def pause(ticket: Clocked, now: datetime) -> bool:
    """Stop the clock (idempotent: a second pause while paused changes nothing)."""
    if ticket.paused_since is not None:
        return False
    ticket.paused_since = now
    return True


def resume(ticket: Clocked, now: datetime) -> timedelta:
    """Restart the clock; the deadline moves by the time spent waiting. Returns that time."""
    if ticket.paused_since is None:
        return timedelta(0)
    waited = max(now - ticket.paused_since, timedelta(0))
    ticket.paused_since = None
    ticket.paused_seconds = (ticket.paused_seconds or 0) + int(waited.total_seconds())
    ticket.due_at = ticket.due_at + waited
    return waited


def first_month_end(ticket: Clocked, timezone: str) -> datetime:
    """One month from receipt, plus any time the clock was paused: the last moment to extend."""
    paused = timedelta(seconds=ticket.paused_seconds or 0)
    return due_date(ticket.received_at, timezone) + paused


def check_extension(ticket: Clocked, months: int, now: datetime, timezone: str) -> None:
    """Art. 12(3): one extension of one or two months, decided and told within the first month."""
    if months not in (1, 2):
        raise ClockError("a deadline can be extended by one or two months (GDPR Art. 12(3))")
    if ticket.extended_months:
        raise ClockError(f"the deadline was already extended by {ticket.extended_months} month(s): "
                         "GDPR Art. 12(3) allows one extension")
    if Stage(ticket.stage) in FINISHED_STAGES:
        raise ClockError(f"the request is {ticket.stage}: there is no deadline to extend")
    if now > first_month_end(ticket, timezone):
        raise ClockError("the first month has passed: an extension must be notified within one month of "
                         "receipt (GDPR Art. 12(3))")


def extend(ticket: Clocked, months: int, now: datetime, timezone: str) -> datetime:
    """Move `due_at` by `months` calendar months; returns the new deadline."""
    check_extension(ticket, months, now, timezone)
    ticket.extended_months = months
    ticket.due_at = due_date(ticket.due_at, timezone, months=months)
    return ticket.due_at
