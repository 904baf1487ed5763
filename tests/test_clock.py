"""The legal clock with fixed times: pauses, extension, overdue (GDPR Art. 12(3), EDPB 01/2022)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from assistant.tickets import clock
from assistant.tickets.deadlines import due_date
from assistant.tickets.stages import Identity, Stage, identity_for

PARIS = "Europe/Paris"
RECEIVED = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)  # due on the last day of February
DUE = due_date(RECEIVED, PARIS)


@dataclass
class FakeTicket:
    """The clock's fields only: the clock is pure and needs no database."""

    stage: str = Stage.NEW
    received_at: datetime = RECEIVED
    due_at: datetime = DUE
    paused_since: datetime | None = None
    paused_seconds: int = 0
    extended_months: int = 0


def at(day: int, month: int = 2, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def test_one_calendar_month_from_receipt() -> None:
    assert FakeTicket().due_at == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)


def test_overdue_only_when_past_due_running_and_unfinished() -> None:
    ticket = FakeTicket()
    assert not clock.is_overdue(ticket, at(28, hour=8))
    assert clock.is_overdue(ticket, at(28, hour=10))
    for finished in (Stage.FULFILLED, Stage.REFUSED, Stage.CLOSED, Stage.NOISE):
        assert not clock.is_overdue(FakeTicket(stage=finished), at(10, month=3))
    # A first reply that only acknowledged the request leaves it running, and overdue in time.
    assert clock.is_overdue(FakeTicket(stage=Stage.IN_PROGRESS), at(10, month=3))


def test_a_pause_stops_the_clock_and_moves_the_deadline_by_the_wait() -> None:
    ticket = FakeTicket(stage=Stage.AWAITING_IDENTITY)
    assert clock.pause(ticket, at(5))
    assert not clock.pause(ticket, at(6))  # already paused: the first moment counts
    assert not clock.is_overdue(ticket, at(20, month=3))  # waiting for the requester is never overdue
    waited = clock.resume(ticket, at(15))
    assert waited == timedelta(days=10)
    assert ticket.due_at == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert ticket.paused_seconds == 10 * 86400 and ticket.paused_since is None
    assert clock.resume(ticket, at(16)) == timedelta(0)  # resuming a running clock changes nothing


def test_extension_once_by_one_or_two_months_within_the_first_month() -> None:
    ticket = FakeTicket(stage=Stage.IN_PROGRESS)
    with pytest.raises(clock.ClockError, match="one or two months"):
        clock.extend(ticket, 3, at(10), PARIS)
    assert clock.extend(ticket, 2, at(10), PARIS) == datetime(2026, 4, 28, 8, 0, tzinfo=UTC)  # summer time
    assert ticket.extended_months == 2
    with pytest.raises(clock.ClockError, match="already extended"):
        clock.extend(ticket, 1, at(11), PARIS)


def test_no_extension_after_the_first_month_even_on_an_overdue_ticket() -> None:
    ticket = FakeTicket(stage=Stage.IN_PROGRESS)
    with pytest.raises(clock.ClockError, match="first month has passed"):
        clock.extend(ticket, 1, at(1, month=3), PARIS)
    assert ticket.due_at == datetime(2026, 2, 28, 9, 0, tzinfo=UTC) and ticket.extended_months == 0


def test_time_paused_counts_towards_the_first_month() -> None:
    ticket = FakeTicket(stage=Stage.IN_PROGRESS)
    clock.pause(ticket, at(1))
    clock.resume(ticket, at(11))  # ten days waiting for identity
    assert clock.first_month_end(ticket, PARIS) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.extend(ticket, 1, at(5, month=3), PARIS)  # still within the (paused-adjusted) first month
    assert ticket.due_at == datetime(2026, 4, 10, 8, 0, tzinfo=UTC)  # 10:00 in Paris, now in summer time


def test_no_extension_of_a_finished_request() -> None:
    with pytest.raises(clock.ClockError, match="fulfilled"):
        clock.extend(FakeTicket(stage=Stage.FULFILLED), 1, at(2), PARIS)


@pytest.mark.parametrize(("intents", "identity"), [
    (["access"], Identity.PENDING), (["deletion", "opt_out"], Identity.PENDING), (["portability"], Identity.PENDING),
    (["rectification"], Identity.PENDING), (["opt_out"], Identity.NOT_NEEDED), (["objection"], Identity.NOT_NEEDED),
    (["question"], Identity.NOT_NEEDED), (["complaint"], Identity.NOT_NEEDED), (["other"], Identity.NOT_NEEDED),
])
def test_identity_is_asked_only_where_art_12_6_allows(intents: list[str], identity: Identity) -> None:
    assert identity_for(intents) == identity


def test_every_stage_runs_pauses_or_is_finished_and_only_one_of_them() -> None:
    from assistant.tickets.stages import FINISHED_STAGES, PAUSED_STAGES, RUNNING_STAGES

    assert set(Stage) == RUNNING_STAGES | PAUSED_STAGES | FINISHED_STAGES
    assert not (RUNNING_STAGES & PAUSED_STAGES or RUNNING_STAGES & FINISHED_STAGES or PAUSED_STAGES & FINISHED_STAGES)
