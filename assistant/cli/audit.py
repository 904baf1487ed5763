"""`privacy-assistant audit export [--since DATE] [--until DATE] [--format jsonl|csv]`: the trail as a record."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import date
from zoneinfo import ZoneInfo

from assistant.cli.common import check_staff_name, config_from, fail, open_database, open_private
from assistant.privacy.actors import command_line_user
from assistant.privacy.audit import AuditFormat, export_lines, record_export
from assistant.web.audit_log import AuditFilters


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="the audit trail: events and staff sign-ins")
    actions = parser.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="every event and sign-in, oldest first")
    export.add_argument("--since", type=_day, metavar="DATE", help="from this day (YYYY-MM-DD, service time zone)")
    export.add_argument("--until", type=_day, metavar="DATE", help="to this day, included")
    export.add_argument("--format", choices=[f.value for f in AuditFormat], default=AuditFormat.JSONL.value)
    export.add_argument("--out", metavar="FILE", help="write to FILE (readable by its owner only), not stdout")
    export.add_argument("--by", metavar="NAME", help="the console account exporting (default: cli:USER)")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        return fail("--since is after --until", 2)
    config = config_from(args)
    filters = AuditFilters(since=args.since, until=args.until)
    output = AuditFormat(args.format)
    zone = ZoneInfo(config.service.timezone)

    async def work() -> str | None:
        async with open_database(config) as db:
            if args.by:
                await check_staff_name(db, args.by)
            async with db.session() as session, session.begin():
                record_export(session, filters, output, actor=args.by.strip() if args.by else command_line_user())
            with open_private(args.out) if args.out else contextlib.nullcontext(sys.stdout) as handle:
                async with db.session() as session:
                    async for chunk in export_lines(session, filters, zone, output):
                        handle.write(chunk)
        return None

    error = asyncio.run(work())
    return fail(error) if error else 0
