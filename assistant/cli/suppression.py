"""`privacy-assistant suppression list|remove`: the addresses that get no marketing (GDPR Art. 21(3))."""

from __future__ import annotations

import argparse
import csv
import sys

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.cli.common import fail, print_json, run_in_transaction, run_with_database
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from assistant.tickets.service import TicketError
from assistant.tickets.suppression import suppression_list, unsuppress


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("suppression", help="the marketing suppression list (opt-outs)")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list", help="addresses on the list, oldest first")
    form = listing.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="a JSON array: address, since, ticket")
    form.add_argument("--csv", action="store_true", help="CSV with a header row: address,since,ticket")
    listing.set_defaults(handler=run_list)

    remove = actions.add_parser("remove", help="take an address off the list (a misread message)")
    remove.add_argument("address", metavar="ADDRESS")
    remove.add_argument("--reason", required=True, metavar="TEXT")
    remove.add_argument("--by", required=True, metavar="NAME")
    remove.set_defaults(handler=run_remove)


def run_list(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> list[dict]:
        async with db.session() as session:
            return [entry.to_json() for entry in await suppression_list(session)]

    entries = run_with_database(args, work)
    if args.json:
        print_json(entries)
    elif args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=["address", "since", "ticket"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(entries)
    elif not entries:
        print("the suppression list is empty")
    else:
        for entry in entries:
            print(f"{entry['address']:<40} {entry['since'][:10]}  {entry['ticket'] or '-'}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    async def remove(session: AsyncSession, config: Config) -> None:
        await unsuppress(session, address=args.address, by=args.by, reason=args.reason, now=utcnow())

    error = run_in_transaction(args, remove, (TicketError,))
    if error:
        return fail(error)
    print(f"{args.address.strip().lower()}: taken off the suppression list by {args.by}")
    return 0
