"""`privacy-assistant drafts approve|reject|edit`"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.cli.common import fail, run_with_database
from assistant.cli.ticket_actions import perform_from_cli, ticket_command
from assistant.config import Config
from assistant.storage.database import Database
from assistant.tickets.service import TicketError, current_draft, get_ticket
from assistant.tickets.staff_actions import ActionInput


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("drafts", help="approve, reject, edit or write a ticket's draft reply")
    actions = parser.add_subparsers(dest="action", required=True)

    approve = ticket_command(actions, "approve", "approve the draft (refused while placeholders remain)")
    approve.set_defaults(handler=run_approve)

    reject = ticket_command(actions, "reject", "reject the draft with a reason")
    reject.add_argument("--reason", required=True, metavar="TEXT")
    reject.set_defaults(handler=run_reject)

    edit = ticket_command(actions, "edit", "edit the draft in $EDITOR, or from --body-file")
    edit.add_argument("--body-file", metavar="F", help="the new body (- for standard input)")
    edit.set_defaults(handler=run_edit)

    write = ticket_command(actions, "write", "a reply in your own words, as the new draft (then approve it)")
    write.add_argument("--language", required=True, choices=("en", "fr"), help="the reply's language")
    write.add_argument("--body-file", required=True, metavar="F", help="the reply's text (- for standard input)")
    write.set_defaults(handler=run_write)


def run_approve(args: argparse.Namespace) -> int:
    error = perform_from_cli(args, "approve", ActionInput())
    if error:
        return fail(error)
    print(f"{args.reference}: draft approved by {args.by}")
    return 0


def run_reject(args: argparse.Namespace) -> int:
    error = perform_from_cli(args, "reject", ActionInput(reason=args.reason))
    if error:
        return fail(error)
    print(f"{args.reference}: draft rejected by {args.by}")
    return 0


def run_edit(args: argparse.Namespace) -> int:
    if args.body_file:
        body = sys.stdin.read() if args.body_file == "-" else Path(args.body_file).read_text(encoding="utf-8")
    else:
        current = _current_body(args)
        if current is None:
            return fail(f"{args.reference} has no draft to edit")
        body = _edit_in_editor(current)
        if body is None:
            return fail("set $EDITOR (or $VISUAL), or pass --body-file")
    error = perform_from_cli(args, "save", ActionInput(body=body))
    if error:
        return fail(error)
    print(f"{args.reference}: draft edited by {args.by}")
    return 0


def run_write(args: argparse.Namespace) -> int:
    body = sys.stdin.read() if args.body_file == "-" else Path(args.body_file).read_text(encoding="utf-8")
    error = perform_from_cli(args, "compose", ActionInput(body=body, language=args.language))
    if error:
        return fail(error)
    print(f"{args.reference}: your reply is the draft; approve it with `drafts approve`")
    return 0


def _current_body(args: argparse.Namespace) -> str | None:
    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session:
            try:
                draft = await current_draft(session, await get_ticket(session, args.reference))
            except TicketError:
                return None
            return draft.body if draft else None

    return run_with_database(args, work)


def _edit_in_editor(text: str) -> str | None:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        return None
    with tempfile.NamedTemporaryFile("w+", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
        path = handle.name
    try:
        subprocess.run([*shlex.split(editor), path], check=True)
        return Path(path).read_text(encoding="utf-8")
    finally:
        os.unlink(path)
