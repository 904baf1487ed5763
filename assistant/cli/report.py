"""`privacy-assistant report [--week 2026-W47] [--format html|text|json|csv] [--out FILE] [--send]`"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from assistant.cli.common import EXIT_REFUSED, config_from, fail, run_with_database
from assistant.config import Config
from assistant.reports.queries import WeeklyFigures, weekly_figures
from assistant.reports.render import FORMATS, data_uri, render_csv, render_html, render_json, render_text
from assistant.reports.weeks import WeekError, last_complete_week, parse_week
from assistant.storage.database import Database
from assistant.storage.models import utcnow

EXIT_USAGE = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help="the weekly report: what came in and how it was handled (counts only)",
        description="The weekly report for one ISO week, by default the last complete week in [reports] timezone.")
    parser.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: last complete week)")
    parser.add_argument("--format", choices=FORMATS, help="output form (default: text)")
    parser.add_argument("--out", metavar="FILE", help="write the report to FILE instead of the terminal")
    parser.add_argument("--send", action="store_true",
                        help="queue the report mail to [reports] recipients (once per week: refused if already sent)")
    parser.set_defaults(handler=run)


def _render(fmt: str, figures: WeeklyFigures) -> str:
    if fmt == "json":
        return render_json(figures)
    if fmt == "csv":
        return render_csv(figures)
    if fmt == "html":  # a file has no cid: parts, so the chart travels inside it
        from assistant.reports.chart import render_chart  # matplotlib: loaded only when drawing

        return render_html(figures, chart_src=data_uri(render_chart(figures)))
    return render_text(figures)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    zone = config.reports.timezone
    now = utcnow()
    try:
        week = parse_week(args.week, zone) if args.week else last_complete_week(now, zone)
    except WeekError as error:
        return fail(str(error), EXIT_USAGE)
    if args.send:
        if not config.reports.recipients:
            return fail("no [reports] recipients in the config: nobody to send the report to")
        if week.end > now:
            return fail(f"{week.label} has not ended yet: only a complete week's report is sent")
    show = not args.send or args.format or args.out

    async def work(config: Config, db: Database) -> tuple[str | None, str | None, str | None]:
        """(the report text, what was queued, why sending was refused)."""
        text = _render(args.format or "text", await weekly_figures(db, week, now=now)) if show else None
        if not args.send:
            return text, None, None
        from assistant.reports.mailing import claimed_week, queue_report

        queued = await queue_report(db, config, week, claimed_by=f"report --send ({_user()})", now=now)
        if queued is None:
            taken = await claimed_week(db, week)
            assert taken is not None
            return text, None, (f"the report for {week.label} was already queued on "
                                f"{taken.claimed_at:%Y-%m-%d %H:%M} UTC by {taken.claimed_by}"
                                + (f" (outbox #{taken.outbox_id})" if taken.outbox_id else ""))
        return text, (f"queued the report for {week.label} to {', '.join(config.reports.recipients)} "
                      f"(outbox #{queued.outbox_id})"), None

    text, queued, refused = run_with_database(args, work)
    if text is not None:
        _write(text, args.out)
    if refused:
        return fail(refused, EXIT_REFUSED)
    if queued:
        print(queued, file=sys.stderr if text is not None and not args.out else sys.stdout)
    return 0


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # some containers have no login name for the uid
        return "unknown user"


