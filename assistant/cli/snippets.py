"""`privacy-assistant snippets list|add|edit|delete`: the canned passages for free replies (admins)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.cli.common import fail, print_json, run_in_transaction, run_with_database
from assistant.config import Config
from assistant.storage.database import Database
from assistant.tickets.actions import staff_account
from assistant.tickets.service import TicketError
from assistant.tickets.snippets import REPLY_LANGUAGES, delete_snippet, list_snippets, save_snippet


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("snippets", help="canned passages for free replies (admins manage them)")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="every snippet")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    for name in ("add", "edit"):
        change = actions.add_parser(name, help=f"{name} a snippet (plain text, never a template)")
        if name == "edit":
            change.add_argument("id", type=int)
        change.add_argument("--name", required=True)
        change.add_argument("--language", required=True, choices=REPLY_LANGUAGES)
        change.add_argument("--body-file", required=True, metavar="F", help="its text (- for standard input)")
        change.add_argument("--by", required=True, metavar="NAME", help="an admin account")
        change.set_defaults(handler=run_save)
    remove = actions.add_parser("delete", help="delete a snippet")
    remove.add_argument("id", type=int)
    remove.add_argument("--by", required=True, metavar="NAME", help="an admin account")
    remove.set_defaults(handler=run_delete)


async def _admin(session: AsyncSession, name: str) -> None:
    if (await staff_account(session, name)).role != "admin":
        raise TicketError(f"--by {name}: only an admin manages snippets")


def run_list(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> list[dict]:
        async with db.session() as session:
            return [{"id": s.id, "name": s.name, "language": s.language, "body": s.body, "updated_by": s.updated_by,
                     "updated_at": s.updated_at.isoformat()} for s in await list_snippets(session)]

    snippets = run_with_database(args, work)
    if args.json:
        print_json(snippets)
    for snippet in [] if args.json else snippets:
        print(f"#{snippet['id']:<4} {snippet['language']}  {snippet['name']}")
    return 0


def run_save(args: argparse.Namespace) -> int:
    body = sys.stdin.read() if args.body_file == "-" else Path(args.body_file).read_text(encoding="utf-8")

    async def save(session: AsyncSession, config: Config) -> None:
        await _admin(session, args.by)
        await save_snippet(session, name=args.name, language=args.language, body=body, by=args.by,
                           snippet_id=getattr(args, "id", None))

    error = run_in_transaction(args, save, (TicketError,))
    if error:
        return fail(error)
    print(f"snippet {args.name} saved")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    async def remove(session: AsyncSession, config: Config) -> None:
        await _admin(session, args.by)
        await delete_snippet(session, args.id)

    error = run_in_transaction(args, remove, (TicketError,))
    if error:
        return fail(error)
    print(f"snippet #{args.id} deleted")
    return 0
