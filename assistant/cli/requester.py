"""`privacy-assistant requester export|erase EMAIL`: what the assistant itself holds about one person."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import fail, open_private, run_with_database
from assistant.config import Config
from assistant.privacy.actors import command_line_user
from assistant.privacy.requester import Requester, RequesterError, erase_requester, export_requester
from assistant.storage.database import Database
from assistant.storage.models import utcnow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("requester", help="export or erase what the assistant holds about one person")
    actions = parser.add_subparsers(dest="action", required=True)

    export = actions.add_parser("export", help="everything held about EMAIL, as JSON (GDPR Art. 15)")
    export.add_argument("email", metavar="EMAIL")
    export.add_argument("--out", metavar="FILE", help="write to FILE (readable by its owner only), not stdout")
    export.add_argument("--by", metavar="NAME", help="the console account asking (default: cli:USER)")
    export.set_defaults(handler=run_export)

    erase = actions.add_parser("erase", help="erase it, keeping the accountability record and any opt-out")
    erase.add_argument("email", metavar="EMAIL")
    erase.add_argument("--by", required=True, metavar="NAME")
    erase.add_argument("--reason", required=True, metavar="TEXT")
    erase.set_defaults(handler=run_erase)


def _requester(config: Config, email: str) -> Requester:
    return Requester.of(email, plus_addressing=config.retention.plus_addressing)


def run_export(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> dict | str:
        async with db.session() as session, session.begin():
            try:
                actor = args.by.strip() if args.by else command_line_user()  # --by checked in cli/common.py
                return await export_requester(session, _requester(config, args.email), actor=actor, now=utcnow())
            except RequesterError as error:
                return str(error)

    document = run_with_database(args, work)
    if isinstance(document, str):
        return fail(document)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        with open_private(args.out) as handle:
            handle.write(text)
        print(f"{len(document['tickets'])} ticket(s), {len(document['messages'])} message(s) written to "
              f"{Path(args.out)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> dict[str, int] | str:
        async with db.session() as session:
            try:
                async with session.begin():
                    return await erase_requester(session, _requester(config, args.email), by=args.by.strip(),
                                                 reason=args.reason, now=utcnow())
            except RequesterError as error:
                return str(error)

    erased = run_with_database(args, work)
    if isinstance(erased, str):
        return fail(erased)
    print("erased: " + ", ".join(f"{count} {kind}" for kind, count in erased.items() if count)
          if any(erased.values()) else "nothing held about this address")
    return 0
