"""The report as an email, and queueing it exactly once per week.

A week's report is claimed by inserting its `ReportRun` row (the week is unique) in the SAME
transaction as its outbox item: a second process, or a second `report --send`, fails on the
unique key and knows the week is taken, and a crash leaves either both rows or neither.
Delivery is the outbox sender's job (`assistant/outbox/`), which sends queued items once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assistant.config import Config
from assistant.outbox.compose import LOOP_HEADER, address
from assistant.outbox.queue import enqueue
from assistant.reports.queries import WeeklyFigures, weekly_figures
from assistant.reports.render import render_html, render_text, subject_line
from assistant.reports.weeks import Week
from assistant.storage.database import Database
from assistant.storage.models import ReportRun, utcnow

log = logging.getLogger(__name__)

SENDER_NAME = "SODEPAC privacy assistant"


@dataclass(frozen=True)
class QueuedReport:
    week: str
    outbox_id: int
    message_id: str


def claimant() -> str:
    """Who claims a week: enough to find the process in the logs."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def message_domain(config: Config) -> str:
    # Our Message-IDs carry one of our own domains: one coming back in is recognised as a loop.
    if config.service.own_domains:
        return config.service.own_domains[0]
    return config.outbound.from_address.rpartition("@")[2] or "localhost"


def automatic_mail(*, sender: str, recipients: list[str], subject: str, domain: str, date: datetime,
                   idstring: str) -> tuple[EmailMessage, str]:
    """The headers of a mail the service writes to staff by itself, and its Message-ID (no brackets)."""
    message_id = make_msgid(idstring=idstring, domain=domain)[1:-1]
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = address(sender, SENDER_NAME)
    message["To"] = tuple(address(recipient) for recipient in recipients)
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{message_id}>"
    # RFC 3834 section 5: made by a program; responders must not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office replies to it
    message[LOOP_HEADER] = "1"
    message["Content-Language"] = "en"
    return message, message_id


def compose_report(figures: WeeklyFigures, chart_png: bytes, *, sender: str, recipients: list[str],
                   domain: str, date: datetime) -> tuple[EmailMessage, str]:
    """The report mail and its Message-ID (without brackets).

    multipart/alternative: text/plain, then multipart/related (text/html + the chart as
    image/png, referenced from the HTML by `cid:`, RFC 2392). Readers that show no HTML get
    the same figures as text.
    """
    message, message_id = automatic_mail(sender=sender, recipients=recipients, subject=subject_line(figures),
                                         domain=domain, date=date, idstring="report")
    chart_id = make_msgid(idstring="chart", domain=domain)[1:-1]
    message.set_content(render_text(figures), subtype="plain", charset="utf-8")
    message.add_alternative(render_html(figures, chart_src=f"cid:{chart_id}"), subtype="html", charset="utf-8")
    html_part = message.get_payload()[1]
    html_part.add_related(chart_png, maintype="image", subtype="png", cid=f"<{chart_id}>",
                          filename=f"intents-{figures.week.label}.png", disposition="inline")
    return message, message_id


async def build_report_mail(db: Database, config: Config, week: Week, *,
                            now: datetime | None = None) -> tuple[EmailMessage, str]:
    now = now or utcnow()
    figures = await weekly_figures(db, week, now=now)
    # Matplotlib (about 25 MB resident) is imported once a week, by the drawing, not by `serve` at start.
    from assistant.reports.chart import render_chart

    chart_png = await asyncio.to_thread(render_chart, figures)  # CPU work off the service's loop
    return compose_report(figures, chart_png, sender=config.outbound.from_address,
                          recipients=list(config.reports.recipients), domain=message_domain(config), date=now)


async def claimed_week(db: Database, week: Week) -> ReportRun | None:
    return await claimed_run(db, week.label)


async def claimed_run(db: Database, label: str) -> ReportRun | None:
    async with db.session() as session:
        return (await session.execute(select(ReportRun).where(ReportRun.week == label))).scalar_one_or_none()


async def latest_claimed_week(db: Database) -> str | None:
    """The newest week with a report (ISO labels sort as text: 2026-W09 < 2026-W47 < 2027-W01)."""
    async with db.session() as session:
        return (await session.execute(select(func.max(ReportRun.week)).where(ReportRun.kind == "weekly"))).scalar_one()


async def claim_and_queue(db: Database, *, label: str, kind: str, claimed_by: str, now: datetime,
                          message: EmailMessage, message_id: str, sender: str, recipients: list[str]) -> int | None:
    """Claim the period `label` and queue its mail in one transaction; the outbox id, or None if taken.

    The unique label is the claim: of two processes (or restarts), the second fails on it."""
    async with db.session() as session:
        try:
            async with session.begin():
                run = ReportRun(week=label, kind=kind, claimed_by=claimed_by, claimed_at=now)
                session.add(run)
                await session.flush()  # the unique label: a concurrent claim fails here
                item = await enqueue(session, kind="report", raw=bytes(message), message_id=message_id,
                                     sender=sender, recipients=recipients)
                run.outbox_id = item.id
        except IntegrityError:
            log.info("%s %s: already claimed by another process", kind, label)
            return None
    return item.id


async def queue_report(db: Database, config: Config, week: Week, *, claimed_by: str | None = None,
                       now: datetime | None = None) -> QueuedReport | None:
    """Claim `week` and queue its report mail; None when the week was already claimed."""
    if not config.reports.recipients:
        raise ValueError("no [reports] recipients configured")
    if await claimed_week(db, week) is not None:
        return None  # cheap check first: do not build a report that another process sent
    now = now or utcnow()
    message, message_id = await build_report_mail(db, config, week, now=now)
    item_id = await claim_and_queue(db, label=week.label, kind="weekly", claimed_by=claimed_by or claimant(), now=now,
                                    message=message, message_id=message_id, sender=config.outbound.from_address,
                                    recipients=list(config.reports.recipients))
    if item_id is None:
        return None
    log.info("report %s queued as outbox #%s", week.label, item_id)
    return QueuedReport(week.label, item_id, message_id)
