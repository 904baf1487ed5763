"""The week's figures, aggregated in the database (SQLAlchemy Core, the same SQL on SQLite and PostgreSQL).

Nothing here loads tickets into Python: every count is a GROUP BY or a SUM(CASE ...) and
comes back as a handful of rows. Two choices keep the SQL portable:

- "By every intent": `tickets.intents` is a JSON list. Unnesting it needs `json_each` on
  SQLite and `json_array_elements` on PostgreSQL, two dialect branches to keep in step. The
  labels are a closed set of nine (TAXONOMY.md), so one pass with nine
  `SUM(CASE WHEN CAST(intents AS TEXT) LIKE '%"label"%' ...)` columns counts them all on
  both. It is exact: labels are matched with their quotes and no label is another's quoted
  substring.
- Percentiles of the time to reply: SQLite has no `percentile_cont`. The database returns
  only the two instants of each ticket answered in the week (a few hundred pairs, never a
  ticket's content) and `percentile` below interpolates exactly as PostgreSQL's
  `percentile_cont` does.

Weeks are half-open ranges of UTC instants computed from the local calendar (`weeks.py`),
so the buckets of the 8-week trend are a CASE on those bounds: no time-zone arithmetic in SQL.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from assistant.reports.names import UNCLASSIFIED
from assistant.reports.weeks import Week
from assistant.storage.database import Database
from assistant.storage.models import Correction, Draft, Event, Message, Ticket, utcnow
from assistant.storage.states import DraftStatus, TicketStatus
from intents.types import LABELS

TREND_WEEKS = 8
# Draft states that mean staff approved the reply (it is then sent by the outbox).
APPROVED = (DraftStatus.APPROVED, DraftStatus.SENT)
# Mail delivered by the MTA through `ingest` (pipe) is email all the same.
CHANNELS = ("email", "imap", "chat")
# Which noise rules (assistant/mail/noise.py) make which kind of noise.
NOISE_KINDS = {
    "auto-submitted": "auto_reply",
    "auto-response-suppress": "auto_reply",
    "precedence": "auto_reply",
    "autoreply-header": "auto_reply",
    "null-sender": "bounce",
    "mailer-daemon": "bounce",
    "delivery-report": "bounce",
    "mailing-list": "mailing_list",
    "x-loop": "loop",
    "own-loop-header": "loop",
    "own-message-id": "loop",
}
NOISE_KIND_ORDER = ("auto_reply", "bounce", "mailing_list", "loop", "other")

tickets, drafts, events = Ticket.__table__, Draft.__table__, Event.__table__
corrections, messages = Correction.__table__, Message.__table__


@dataclass(frozen=True)
class WeekCount:
    week: str
    opened: int
    by_primary: dict[str, int]


@dataclass(frozen=True)
class Reclassification:
    predicted: str
    corrected: str
    count: int


@dataclass
class WeeklyFigures:
    """What the report says about one week; counts only, never a name or a message's text."""

    week: Week
    generated_at: datetime
    opened: int = 0
    by_primary: dict[str, int] = field(default_factory=dict)
    by_intent: dict[str, int] = field(default_factory=dict)
    previous_opened: int = 0
    previous_by_primary: dict[str, int] = field(default_factory=dict)
    previous_by_intent: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    reply_hours: list[float] = field(default_factory=list)
    fulfilled: int = 0  # fulfilled or refused this week (GDPR Art. 12(3)-(4): the clock stopped)
    fulfilled_in_time: int = 0
    fulfilment_days: list[float] = field(default_factory=list)
    overdue: int = 0
    due_next_7_days: int = 0
    drafts_unedited: dict[str, int] = field(default_factory=dict)
    drafts_edited: dict[str, int] = field(default_factory=dict)
    drafts_approved_unedited: int = 0
    drafts_approved_edited: int = 0
    needs_review: int = 0
    reclassifications: list[Reclassification] = field(default_factory=list)
    noise_by_rule: dict[str, int] = field(default_factory=dict)
    trend: list[WeekCount] = field(default_factory=list)

    @property
    def median_hours_to_reply(self) -> float | None:
        return percentile(self.reply_hours, 0.5)

    @property
    def p90_hours_to_reply(self) -> float | None:
        return percentile(self.reply_hours, 0.9)

    @property
    def share_fulfilled_in_time(self) -> float | None:
        return self.fulfilled_in_time / self.fulfilled if self.fulfilled else None

    @property
    def median_days_to_fulfilment(self) -> float | None:
        return percentile(self.fulfilment_days, 0.5)

    @property
    def reclassified(self) -> int:
        return sum(item.count for item in self.reclassifications)

    @property
    def noise(self) -> int:
        return sum(self.noise_by_rule.values())

    @property
    def noise_by_kind(self) -> dict[str, int]:
        kinds = dict.fromkeys(NOISE_KIND_ORDER, 0)
        for rule, count in self.noise_by_rule.items():
            kinds[NOISE_KINDS.get(rule, "other")] += count
        return kinds


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


async def weekly_figures(db: Database, week: Week, *, now: datetime | None = None) -> WeeklyFigures:
    """Every figure of the report for `week`, read in one transaction (one consistent snapshot)."""
    figures = WeeklyFigures(week=week, generated_at=now or utcnow())
    async with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # READ COMMITTED would give each query its own snapshot; the figures must add up.
            connection = await connection.execution_options(isolation_level="REPEATABLE READ")
        async with connection.begin():
            await _opened(connection, week, figures)
            await _intents(connection, week, figures)
            await _channels_and_languages(connection, week, figures)
            await _replies(connection, week, figures)
            await _fulfilment(connection, week, figures)
            await _backlog(connection, week, figures)
            await _drafts(connection, week, figures)
            await _classifier_health(connection, week, figures)
            await _noise(connection, week, figures)
    return figures


def _in_week(column: ColumnElement, week: Week) -> ColumnElement[bool]:
    return and_(column >= week.start, column < week.end)


def _not_noise() -> ColumnElement[bool]:
    return tickets.c.status != TicketStatus.NOISE


def _label_sums(column: ColumnElement) -> list[ColumnElement[int]]:
    text = cast(column, String)
    return [func.sum(case((text.like(f'%"{label}"%'), 1), else_=0)).label(label) for label in LABELS]


def _zero_labels() -> dict[str, int]:
    return dict.fromkeys(LABELS, 0)


async def _opened(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Tickets opened by primary intent over the trend window, one bucket a week."""
    weeks = [week.shifted(offset) for offset in range(1 - TREND_WEEKS, 1)]
    bucket = case(*((tickets.c.received_at < item.end, index) for index, item in enumerate(weeks)),
                  else_=len(weeks) - 1).label("bucket")
    rows = await connection.execute(
        select(bucket, tickets.c.primary, func.count().label("n"))
        .where(_not_noise(), tickets.c.received_at >= weeks[0].start, tickets.c.received_at < week.end)
        .group_by(bucket, tickets.c.primary)
    )
    per_week = [_zero_labels() for _ in weeks]
    for index, primary, count in rows:
        label = primary or UNCLASSIFIED
        per_week[index][label] = per_week[index].get(label, 0) + count
    figures.trend = [WeekCount(item.label, sum(counts.values()), counts) for item, counts in zip(weeks, per_week,
                                                                                                 strict=True)]
    figures.by_primary, figures.opened = per_week[-1], figures.trend[-1].opened
    figures.previous_by_primary, figures.previous_opened = per_week[-2], figures.trend[-2].opened


async def _intents(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Tickets by every intent they carry (a ticket asking two things counts under both)."""
    previous = week.shifted(-1)
    this_week = case((tickets.c.received_at >= week.start, 1), else_=0).label("this_week")
    rows = await connection.execute(
        select(this_week, *_label_sums(tickets.c.intents))
        .where(_not_noise(), tickets.c.received_at >= previous.start, tickets.c.received_at < week.end)
        .group_by(this_week)
    )
    figures.by_intent, figures.previous_by_intent = _zero_labels(), _zero_labels()
    for row in rows:
        target = figures.by_intent if row.this_week else figures.previous_by_intent
        target.update({label: int(getattr(row, label) or 0) for label in LABELS})


async def _channels_and_languages(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    channel = case((tickets.c.channel == "pipe", literal("email")), else_=tickets.c.channel).label("channel")
    rows = await connection.execute(
        select(channel, tickets.c.language, func.count().label("n"))
        .where(_not_noise(), _in_week(tickets.c.received_at, week))
        .group_by(channel, tickets.c.language)
    )
    by_channel, by_language = dict.fromkeys(CHANNELS, 0), {}
    for channel_name, language, count in rows:
        by_channel[channel_name] = by_channel.get(channel_name, 0) + count
        key = language or "und"
        by_language[key] = by_language.get(key, 0) + count
    figures.by_channel = by_channel
    figures.by_language = dict(sorted(by_language.items(), key=lambda item: (-item[1], item[0])))


async def _replies(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Tickets whose FIRST approved reply was approved this week, and how long that took."""
    approved_this_week = (
        select(drafts.c.ticket_id)
        .where(drafts.c.status.in_(APPROVED), _in_week(drafts.c.decided_at, week))
    )
    first_approval = func.min(drafts.c.decided_at)
    rows = await connection.execute(
        select(tickets.c.received_at, first_approval.label("first_approval"))
        .select_from(drafts.join(tickets, tickets.c.id == drafts.c.ticket_id))
        .where(drafts.c.status.in_(APPROVED), drafts.c.decided_at.is_not(None),
               drafts.c.ticket_id.in_(approved_this_week))
        .group_by(tickets.c.id, tickets.c.received_at)
        .having(first_approval >= week.start)
    )
    hours = [max((approved - received).total_seconds(), 0.0) / 3600 for received, approved in rows]
    figures.answered, figures.reply_hours = len(hours), hours


async def _fulfilment(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Requests whose fulfilment or refusal was sent this week: how many within the deadline, how long."""
    rows = (await connection.execute(
        select(tickets.c.received_at, tickets.c.due_at, tickets.c.fulfilled_at)
        .where(_not_noise(), tickets.c.fulfilled_at.is_not(None), _in_week(tickets.c.fulfilled_at, week))
    )).all()
    figures.fulfilled = len(rows)
    figures.fulfilled_in_time = sum(1 for _, due, done in rows if done <= due)
    figures.fulfilment_days = [max((done - received).total_seconds(), 0.0) / 86400 for received, _, done in rows]


async def _backlog(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Requests still unfulfilled when the week ended: overdue, or due within 7 days.

    "Unfulfilled" is read as of the week's end, not as of today, so the report for a past week
    says the same thing whenever it is produced: not fulfilled or refused before the end (a
    first reply does not stop the clock, GDPR Art. 12(3)), and not closed before the end (the
    `status_changed` event that `set_status` writes).
    """
    end = week.end
    fulfilled_before = and_(tickets.c.fulfilled_at.is_not(None), tickets.c.fulfilled_at < end)
    closed_before = exists().where(events.c.ticket_id == tickets.c.id, events.c.kind == "status_changed",
                                   events.c.detail.like("%-> closed%"), events.c.at < end)
    received = tickets.c.received_at < end
    # The ranges sit in the CASEs, not the WHERE: they match nearly every ticket, and SQLite would
    # otherwise walk the due-date index row by row, ten times slower than one scan (measured).
    row = (await connection.execute(
        select(
            func.sum(case((and_(received, tickets.c.due_at < end), 1), else_=0)).label("overdue"),
            func.sum(case((and_(received, tickets.c.due_at >= end, tickets.c.due_at < end + timedelta(days=7)), 1),
                          else_=0)).label("due_soon"),
        ).where(_not_noise(), ~fulfilled_before, ~closed_before)
    )).one()
    figures.overdue, figures.due_next_7_days = int(row.overdue or 0), int(row.due_soon or 0)


async def _drafts(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Replies approved this week as the templates wrote them, or after a staff edit, by intent."""
    edited = case((drafts.c.body != drafts.c.original_body, 1), else_=0).label("edited")
    rows = await connection.execute(
        select(edited, func.count().label("n"), *_label_sums(drafts.c.intents))
        .where(drafts.c.status.in_(APPROVED), _in_week(drafts.c.decided_at, week))
        .group_by(edited)
    )
    figures.drafts_unedited, figures.drafts_edited = _zero_labels(), _zero_labels()
    for row in rows:
        counts = {label: int(getattr(row, label) or 0) for label in LABELS}
        if row.edited:
            figures.drafts_edited, figures.drafts_approved_edited = counts, row.n
        else:
            figures.drafts_unedited, figures.drafts_approved_unedited = counts, row.n


async def _classifier_health(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    # A reclassification clears the flag, so the `needs_review` event kept at opening counts too.
    flagged_event = exists().where(events.c.ticket_id == tickets.c.id, events.c.kind == "needs_review")
    figures.needs_review = int((await connection.execute(
        select(func.count()).where(_not_noise(), _in_week(tickets.c.received_at, week),
                                   or_(tickets.c.needs_review == true(), flagged_event))
    )).scalar_one())
    rows = await connection.execute(
        select(corrections.c.predicted_primary, corrections.c.primary, func.count().label("n"))
        .where(_in_week(corrections.c.at, week))
        .group_by(corrections.c.predicted_primary, corrections.c.primary)
    )
    figures.reclassifications = sorted(
        (Reclassification(predicted or UNCLASSIFIED, corrected, int(count)) for predicted, corrected, count in rows),
        key=lambda item: (-item.count, item.predicted, item.corrected),
    )


async def _noise(connection: AsyncConnection, week: Week, figures: WeeklyFigures) -> None:
    """Machine-generated mail received this week, counted per message (it may join a ticket)."""
    rows = await connection.execute(
        select(messages.c.noise_rule, func.count().label("n"))
        .where(messages.c.noise_rule.is_not(None), _in_week(messages.c.received_at, week))
        .group_by(messages.c.noise_rule)
    )
    figures.noise_by_rule = {rule: int(count) for rule, count in sorted(rows)}


__all__ = ["TREND_WEEKS", "Reclassification", "WeekCount", "WeeklyFigures", "percentile", "weekly_figures"]
