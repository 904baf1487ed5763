"""`privacy-assistant retention run [--dry-run]`: the daily purge, on demand."""

from __future__ import annotations

import argparse

from assistant.cli.common import fail, print_json, run_with_database
from assistant.config import Config
from assistant.privacy.retention import RetentionResult, run_retention
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from assistant.storage.states import TicketStatus


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("retention", help="purge the content of requests past their retention period")
    actions = parser.add_subparsers(dest="action", required=True)
    run = actions.add_parser("run", help="purge now what [retention] says has expired (serve does it daily)")
    run.add_argument("--dry-run", action="store_true", help="list what would be purged, change nothing")
    run.add_argument("--by", metavar="NAME", help="the console account running it (default: system)")
    run.add_argument("--json", action="store_true", help="the result as JSON")
    run.set_defaults(handler=run_retention_now)


def run_retention_now(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> RetentionResult | str:
        actor = args.by.strip() if args.by else "system"  # --by is checked in cli/common.py
        return await run_retention(db, config.retention, now=utcnow(), dry_run=args.dry_run, actor=actor)

    result = run_with_database(args, work)
    if isinstance(result, str):
        return fail(result)
    if args.json:
        print_json(result.as_dict())
        return 0
    print(result.summary())
    for label, references in ((TicketStatus.CLOSED, result.tickets), (TicketStatus.NOISE, result.noise_tickets)):
        if references:
            print(f"  {label}: {', '.join(references)}")
    if not result.dry_run:
        print("  rows emptied: " + ", ".join(f"{count} {kind}" for kind, count in result.counts.as_dict().items()))
    return 0
