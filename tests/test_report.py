"""The weekly report's numbers: seeded weeks with known counts, read back through `report --format json`.

The seeded data is built so every figure has a ticket that must count and one that must not
(a week too early, a noise ticket, a draft rejected, a closure after the week's end...).
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.reports.queries import percentile, weekly_figures
from assistant.reports.render import render_csv, render_html, render_text, report_json
from assistant.reports.weeks import parse_week
from assistant.storage.database import Database
from assistant.storage.models import Correction, Draft, Event, Message, Ticket
from tests.support.cli import cli, cli_json, write_config

PARIS = ZoneInfo("Europe/Paris")
_numbers = itertools.count(1)
SECRET_NAME = "Jeanne Confidentielle"
SECRET_SUBJECT = "Mon dossier medical numero 4471"


def at(day: str, clock: str = "12:00") -> datetime:
    """A local Paris time, as staff would read it."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=PARIS)


class Seeder:
    """Rows as the pipeline and staff actions leave them, with the instants chosen by the test."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def ticket(self, received: datetime, primary: str | None, intents: list[str] | None = None, *,
               channel: str = "email", language: str = "en", status: str = "awaiting_approval",
               due: datetime | None = None, needs_review: bool = False, noise_rule: str | None = None) -> Ticket:
        ticket = Ticket(requester=f"person{next(_numbers)}@example.org", requester_name=SECRET_NAME,
                        subject=SECRET_SUBJECT, channel=channel, status=status,
                        intents=intents if intents is not None else ([primary] if primary else []),
                        primary=primary, language=language, needs_review=needs_review, noise_rule=noise_rule,
                        received_at=received, due_at=due or received + timedelta(days=30))
        self.session.add(ticket)
        return ticket

    def draft(self, ticket: Ticket, *, status: str = "approved", decided: datetime | None = None,
              edited: bool = False, intents: list[str] | None = None) -> Draft:
        draft = Draft(ticket=ticket, status=status, language=ticket.language,
                      intents=intents if intents is not None else list(ticket.intents), subject="Re: request",
                      original_body="Dear requester,\nas drafted.", message_id=f"d{next(_numbers)}@sodepac.com",
                      decided_at=decided, decided_by="staff" if decided else None)
        draft.body = draft.original_body + ("\nA line added by staff." if edited else "")
        self.session.add(draft)
        return draft

    def message(self, received: datetime, *, noise_rule: str | None = None, ticket: Ticket | None = None) -> None:
        number = next(_numbers)
        self.session.add(Message(channel="email", raw=b"Subject: x\r\n\r\nx\r\n", message_id=f"m{number}@example.org",
                                 content_hash=f"{number:064d}", received_at=received, state="processed",
                                 noise_rule=noise_rule, ticket=ticket))

    def event(self, ticket: Ticket, kind: str, when: datetime, detail: str = "") -> None:
        self.session.add(Event(ticket=ticket, actor="system", kind=kind, at=when, detail=detail))

    async def correction(self, ticket: Ticket, predicted: str, corrected: str, when: datetime) -> None:
        await self.session.flush()
        self.session.add(Correction(ticket_id=ticket.id, predicted_intents=[predicted], predicted_primary=predicted,
                                    intents=[corrected], primary=corrected, by="staff", at=when))


async def seed_reference_weeks(db: Database) -> None:
    """2026-W47 (16-22 November, Paris) and the weeks around it; the expected figures are in EXPECTED_W47."""
    async with db.session() as session, session.begin():
        s = Seeder(session)
        # -- 2026-W47: seven requests ------------------------------------------------------------
        a1 = s.ticket(at("2026-11-16", "09:00"), "access", language="fr")
        s.draft(a1, decided=at("2026-11-16", "19:00"))  # 10 h, as drafted
        s.message(at("2026-11-16", "09:00"), ticket=a1)
        s.message(at("2026-11-20", "10:00"), noise_rule="precedence", ticket=a1)  # an auto-reply joined it
        a2 = s.ticket(at("2026-11-17", "11:00"), "access", ["access", "portability"], language="fr")
        s.draft(a2, status="pending")
        s.ticket(at("2026-11-22", "23:30"), "access", channel="pipe")  # Sunday night local: still W47
        d1 = s.ticket(at("2026-11-17", "10:00"), "deletion", ["deletion", "opt_out"], channel="imap", language="fr")
        s.draft(d1, decided=at("2026-11-19", "10:00"), edited=True)  # 48 h, edited
        d2 = s.ticket(at("2026-11-18", "09:00"), "deletion", channel="imap")
        s.event(d2, "needs_review", at("2026-11-18", "09:00"), "low confidence")  # flag cleared by the correction
        await s.correction(d2, "access", "deletion", at("2026-11-18", "15:00"))
        s.draft(d2, status="rejected", decided=at("2026-11-18", "16:00"))
        c1 = s.ticket(at("2026-11-18", "08:00"), "complaint", ["complaint", "deletion"], channel="chat")
        s.draft(c1, decided=at("2026-11-18", "12:00"))  # 4 h
        await s.correction(c1, "question", "complaint", at("2026-11-18", "09:00"))
        s.ticket(at("2026-11-20", "14:00"), "opt_out", language="fr", needs_review=True)
        # Noise: no request, but counted as noise by its messages.
        n1 = s.ticket(at("2026-11-19"), None, status="noise", noise_rule="auto-submitted")
        s.message(at("2026-11-19"), noise_rule="auto-submitted", ticket=n1)
        n2 = s.ticket(at("2026-11-21"), None, status="noise", noise_rule="mailer-daemon", due=at("2026-11-21"))
        s.message(at("2026-11-21"), noise_rule="mailer-daemon", ticket=n2)
        s.message(at("2026-11-11"), noise_rule="auto-submitted")  # W46
        s.message(at("2026-11-23", "00:30"), noise_rule="auto-submitted")  # W48
        # -- 2026-W46: three requests --------------------------------------------------------------
        p1 = s.ticket(at("2026-11-10", "10:00"), "access")
        s.draft(p1, status="sent", decided=at("2026-11-11", "10:00"))
        p1.stage, p1.fulfilled_at = "fulfilled", at("2026-11-18", "10:00")  # the copy sent in W47: 8 days
        q1 = s.ticket(at("2026-11-13", "12:00"), "question")
        s.draft(q1, decided=at("2026-11-16", "12:00"))  # first approval in W47: 72 h
        q1.stage, q1.fulfilled_at = "fulfilled", at("2026-11-16", "13:00")  # the answer sent: 3 days 1 h
        q2 = s.ticket(at("2026-11-09", "09:00"), "question", language="fr")
        s.draft(q2, status="sent", decided=at("2026-11-10", "09:00"))
        s.draft(q2, decided=at("2026-11-17", "09:00"), edited=True)  # a second reply: a draft of W47, not an answer
        await s.correction(q2, "other", "question", at("2026-11-09", "10:00"))  # W46
        # -- older requests: the backlog at the end of W47 -----------------------------------------
        r1 = s.ticket(at("2026-10-01", "10:00"), "rectification", due=at("2026-11-10"))
        s.event(r1, "status_changed", at("2026-11-25"), "awaiting_approval -> closed")  # closed too late
        x1 = s.ticket(at("2026-10-06"), "deletion", status="closed", due=at("2026-11-15"))
        s.event(x1, "status_changed", at("2026-11-14"), "awaiting_approval -> closed")
        r2 = s.ticket(at("2026-10-21"), "rectification", due=at("2026-11-20"))
        s.draft(r2, decided=at("2026-11-24"))  # approved after the week's end
        s.ticket(at("2026-10-26", "10:00"), "objection", due=at("2026-11-25", "10:00"))
        s.ticket(at("2026-10-27"), "access", due=at("2026-12-05"))
        w39 = s.ticket(at("2026-09-25"), "question", due=at("2026-10-25"))  # before the 8-week trend
        s.draft(w39, decided=at("2026-09-28"))
        w39.stage, w39.fulfilled_at = "fulfilled", at("2026-09-28", "01:00")  # answered: never overdue


ZERO = dict.fromkeys(("complaint", "deletion", "access", "portability", "rectification", "objection", "opt_out",
                      "question", "other"), 0)
EXPECTED_W47 = {
    "week": "2026-W47",
    "opened": 7,
    "by_primary": ZERO | {"access": 3, "deletion": 2, "complaint": 1, "opt_out": 1},
    "by_intent": ZERO | {"access": 3, "portability": 1, "deletion": 3, "opt_out": 2, "complaint": 1},
    "by_channel": {"email": 4, "imap": 2, "chat": 1},
    "by_language": {"fr": 4, "en": 3},
    "answered": 4,
    "median_hours_to_reply": 29.0,  # of 4, 10, 48, 72
    "p90_hours_to_reply": 64.8,
    "fulfilled": 2,
    "share_fulfilled_in_time": 1.0,
    "median_days_to_fulfilment": 5.5,  # of 3.04 and 8
    "overdue": 2,
    "due_next_7_days": 1,
    "needs_review": 2,
    "reclassified": 2,
    "noise": 3,
}


@pytest.fixture
async def seeded(db: Database) -> Database:
    await seed_reference_weeks(db)
    return db


async def test_json_report_gives_the_seeded_counts(seeded: Database, tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    report = cli_json(config, "report", "--week", "2026-W47", "--format", "json")
    assert {key: report[key] for key in EXPECTED_W47} == EXPECTED_W47
    assert report["previous_week"] == {"week": "2026-W46", "opened": 3,
                                       "by_primary": ZERO | {"access": 1, "question": 2},
                                       "by_intent": ZERO | {"access": 1, "question": 2}}
    assert report["change"]["opened"] == 4 and report["change"]["by_primary"]["question"] == -2
    assert report["reclassifications"] == [{"predicted": "access", "corrected": "deletion", "count": 1},
                                           {"predicted": "question", "corrected": "complaint", "count": 1}]
    assert report["noise_by_kind"] == {"auto_reply": 2, "bounce": 1, "mailing_list": 0, "loop": 0, "other": 0}
    assert report["drafts"]["approved_unedited"] == 3 and report["drafts"]["approved_edited"] == 2
    assert report["drafts"]["by_intent"]["question"] == {"unedited": 1, "edited": 1}
    assert report["drafts"]["by_intent"]["deletion"] == {"unedited": 1, "edited": 1}
    assert report["drafts"]["by_intent"]["opt_out"] == {"unedited": 0, "edited": 1}
    assert [(week["week"], week["opened"]) for week in report["trend"]] == [
        ("2026-W40", 1), ("2026-W41", 1), ("2026-W42", 0), ("2026-W43", 1), ("2026-W44", 2), ("2026-W45", 0),
        ("2026-W46", 3), ("2026-W47", 7)]


async def test_every_format_carries_counts_and_never_a_name_or_subject(seeded: Database) -> None:
    figures = await weekly_figures(seeded, parse_week("2026-W47", "Europe/Paris"))
    outputs = {"text": render_text(figures), "csv": render_csv(figures), "json": str(report_json(figures)),
               "html": render_html(figures, chart_src="cid:chart@sodepac.com")}
    for form, output in outputs.items():
        assert SECRET_NAME not in output and SECRET_SUBJECT not in output and "example.org" not in output, form
    assert "Requests opened          7   (+4 on 2026-W46)" in outputs["text"]
    assert "median 29.0 h, 90th percentile 64.8 h (2.7 days)" in outputs["text"]
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    by_key = {(row["section"], row["key"]): row for row in rows}
    assert by_key[("summary", "opened")]["value"] == "7" and by_key[("summary", "opened")]["previous_week"] == "3"
    assert by_key[("by_channel", "imap")]["value"] == "2"
    assert by_key[("reclassified", "access->deletion")]["value"] == "1"
    assert "<script" not in outputs["html"].lower() and 'src="cid:chart@sodepac.com"' in outputs["html"]


async def test_an_empty_week_reads_as_zeros_not_errors(db: Database) -> None:
    report = report_json(await weekly_figures(db, parse_week("2026-W02", "Europe/Paris")))
    assert report["opened"] == 0 and report["answered"] == 0 and report["noise"] == 0
    assert report["median_hours_to_reply"] is None and report["p90_hours_to_reply"] is None
    assert set(report["by_primary"].values()) == {0}
    assert "No reply was approved this week." in render_html(
        await weekly_figures(db, parse_week("2026-W02", "Europe/Paris")), chart_src=None)


# -- Europe/Paris week boundaries: Sunday 23:30 is that week, Monday 00:30 the next --------------

DST_TICKETS = ("2026-03-22 23:30", "2026-03-23 00:30", "2026-03-29 23:30", "2026-03-30 00:30",
               "2026-10-18 23:30", "2026-10-19 00:30", "2026-10-25 23:30", "2026-10-26 00:30")


@pytest.mark.parametrize(("week", "expected"), [
    ("2026-W12", 1),  # Sunday 22 March 23:30 (UTC+1)
    ("2026-W13", 2),  # Monday 23 March 00:30 (UTC+1), Sunday 29 March 23:30 (UTC+2, the clocks went forward)
    ("2026-W14", 1),  # Monday 30 March 00:30
    ("2026-W42", 1),
    ("2026-W43", 2),  # Monday 19 October 00:30 (UTC+2), Sunday 25 October 23:30 (UTC+1, the clocks went back)
    ("2026-W44", 1),
])
async def test_daylight_saving_weeks_keep_local_midnight_boundaries(db: Database, week: str, expected: int) -> None:
    async with db.session() as session, session.begin():
        seeder = Seeder(session)
        for moment in DST_TICKETS:
            day, clock = moment.split()
            seeder.ticket(at(day, clock), "access")
    figures = await weekly_figures(db, parse_week(week, "Europe/Paris"))
    assert figures.opened == expected
    assert figures.by_intent["access"] == expected  # the JSON-list count uses the same bounds


def test_report_rejects_a_week_that_does_not_exist(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    result = cli(config, "report", "--week", "2025-W53")
    assert result.returncode == 2
    assert b"2025 has no ISO week 53" in result.stderr


@pytest.mark.parametrize(("values", "fraction", "expected"), [
    ([], 0.5, None),
    ([7.0], 0.9, 7.0),
    ([4.0, 10.0, 48.0, 72.0], 0.5, 29.0),
    ([4.0, 10.0, 48.0, 72.0], 0.9, 64.8),
    ([1.0, 2.0, 3.0], 0.5, 2.0),
    ([3.0, 1.0, 2.0, 10.0, 5.0], 0.9, 8.0),  # unsorted input; matches PostgreSQL percentile_cont
])
def test_percentile_interpolates_like_percentile_cont(values: list[float], fraction: float,
                                                      expected: float | None) -> None:
    result = percentile(values, fraction)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)  # percentile_cont is PostgreSQL's
async def test_percentiles_agree_with_postgresql_percentile_cont(seeded: Database) -> None:
    from sqlalchemy import text

    figures = await weekly_figures(seeded, parse_week("2026-W47", "Europe/Paris"))
    values = ",".join(f"({hours})" for hours in figures.reply_hours)
    async with seeded.engine.connect() as connection:
        median, p90 = (await connection.execute(text(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h), percentile_cont(0.9) WITHIN GROUP (ORDER BY h) "
            f"FROM (VALUES {values}) AS t(h)"))).one()
    assert figures.median_hours_to_reply == pytest.approx(median)
    assert figures.p90_hours_to_reply == pytest.approx(p90)


def test_html_json_and_csv_reach_a_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    for form in ("html", "csv", "json", "text"):
        out = tmp_path / f"report.{form}"
        result = cli(config, "report", "--week", "2026-W47", "--format", form, "--out", str(out))
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == b""
        assert "2026-W47" in out.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in (tmp_path / "report.html").read_text(encoding="utf-8")


__all__ = ["EXPECTED_W47", "Seeder", "at", "seed_reference_weeks"]
