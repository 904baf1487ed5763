"""`privacy-assistant tickets fulfil|refuse|clarify|extend|verify`: carrying a request to its end.

Each drafts the reply the law asks for (approve it with `drafts approve`), and is refused,
exit 1 with one sentence, when the law or the ticket's state does not allow it.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from assistant.cli.common import fail, run_with_database
from assistant.config import Config
from assistant.storage.database import Database
from assistant.tickets import actions
from assistant.tickets.service import TicketError
from assistant.tickets.staff_actions import ActionInput, perform


def ticket_command(parsers: argparse._SubParsersAction, name: str, help: str, *,
                    versioned: bool = True) -> argparse.ArgumentParser:
    """A staff action on one ticket: its reference, who acts (`--by`) and, for most, `--version`."""
    command = parsers.add_parser(name, help=help)
    command.add_argument("reference", metavar="REF")
    command.add_argument("--by", required=True, metavar="NAME")
    if versioned:
        _add_version(command)
    return command


def add_actions(parsers: argparse._SubParsersAction) -> None:
    fulfil = ticket_command(parsers, "fulfil", "draft the fulfilment: the request done (data attached, erasure...)")
    fulfil.add_argument("--attach", action="append", default=[], metavar="FILE", help="a file to send (repeatable)")
    fulfil.add_argument("--note", default="", metavar="TEXT", help="what was done, for the reply")
    fulfil.add_argument("--informed", action="append", default=[], choices=sorted(actions.RECIPIENT_CATEGORIES),
                        help="erasure: a recipient category told of it (GDPR Art. 19; repeatable)")
    fulfil.set_defaults(handler=run_fulfil)

    refuse = ticket_command(parsers, "refuse", "draft a refusal with its reasons (GDPR Art. 12(4))")
    refuse.add_argument("--reason", required=True, metavar="TEXT")
    refuse.set_defaults(handler=run_refuse)

    clarify = ticket_command(parsers, "clarify", "draft a question to the requester; the clock pauses once sent")
    clarify.add_argument("--question", required=True, metavar="TEXT")
    clarify.set_defaults(handler=run_clarify)

    extend = ticket_command(parsers, "extend", "extend the deadline once, within the first month (Art. 12(3))")
    extend.add_argument("--months", type=int, required=True, choices=(1, 2))
    extend.add_argument("--reason", required=True, metavar="TEXT")
    extend.set_defaults(handler=run_extend)

    verify = ticket_command(parsers, "verify", "record that identity was established (or, admins, waive it)")
    verify.add_argument("--note", default="", metavar="TEXT", help="how identity was established")
    verify.add_argument("--override", action="store_true", help="admins: proceed without establishing identity")
    verify.add_argument("--reason", default="", metavar="TEXT", help="why the check is overridden")
    verify.set_defaults(handler=run_verify)


def add_teamwork(parsers: argparse._SubParsersAction) -> None:
    """assign, note, reopen: the console's team actions, from a terminal."""
    assign = ticket_command(parsers, "assign", "give the ticket to a colleague (--to ''  for nobody)")
    assign.add_argument("--to", required=True, metavar="NAME", help="a console account, or '' for nobody")
    assign.set_defaults(handler=lambda args: _run(args, "assign", ActionInput(assignee=args.to),
                                                  f"{args.reference}: assigned to {args.to or 'nobody'}"))

    note = ticket_command(parsers, "note", "add an internal note (never sent); @name mentions a colleague",
                           versioned=False)
    note.add_argument("--text", required=True, metavar="TEXT")
    note.set_defaults(handler=lambda args: _run(args, "note", ActionInput(note=args.text),
                                                f"{args.reference}: note added"))

    reopen = ticket_command(parsers, "reopen", "reopen a closed ticket, with the reason (the deadline is kept)")
    reopen.add_argument("--reason", required=True, metavar="TEXT")
    reopen.set_defaults(handler=lambda args: _run(args, "reopen", ActionInput(reason=args.reason),
                                                  f"{args.reference}: reopened by {args.by}"))

    merge = ticket_command(parsers, "merge", "merge a duplicate into the ticket to keep (different requesters: "
                                              "an admin, with --reason)")
    merge.add_argument("--into", required=True, metavar="REF", help="the ticket to keep")
    merge.add_argument("--reason", default="", metavar="TEXT", help="why two requesters' tickets are one request")
    merge.set_defaults(handler=lambda args: _run(args, "merge", ActionInput(into=args.into, reason=args.reason),
                                                 f"{args.reference}: merged into {args.into.strip().upper()}"))


def _add_version(parser: argparse.ArgumentParser) -> None:
    """Optimistic locking from a script: the action is refused if the ticket moved past this version."""
    parser.add_argument("--version", type=int, default=None, metavar="N",
                        help="the ticket version you checked (`tickets show`); refused if it changed since "
                             "(default: the current version)")


def perform_from_cli(args: argparse.Namespace, action: str, given: ActionInput) -> str | None:
    """One action from the table the console and the API use (`tickets/staff_actions.py`), as `--by`;
    its refusal as a sentence, else None. `--by` is checked first (cli/common.py)."""
    given = replace(given, version=getattr(args, "version", None))

    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session:
            try:
                await perform(session, config, reference=args.reference, action=action, by=args.by, given=given)
            except TicketError as error:
                return str(error)
        return None

    return run_with_database(args, work)


def _run(args: argparse.Namespace, action: str, given: ActionInput, done: str) -> int:
    error = perform_from_cli(args, action, given)
    if error:
        return fail(error)
    print(done)
    return 0


def run_fulfil(args: argparse.Namespace) -> int:
    try:
        files = [actions.Attachment.from_path(Path(path)) for path in args.attach]
    except TicketError as error:
        return fail(str(error))
    return _run(args, "fulfil", ActionInput(note=args.note, attachments=files, informed=args.informed),
                f"{args.reference}: fulfilment drafted; approve it with `drafts approve`")


def run_refuse(args: argparse.Namespace) -> int:
    return _run(args, "refuse", ActionInput(reason=args.reason),
                f"{args.reference}: refusal drafted; approve it with `drafts approve`")


def run_clarify(args: argparse.Namespace) -> int:
    return _run(args, "clarify", ActionInput(note=args.question),
                f"{args.reference}: question drafted; approve it with `drafts approve` "
                "(the clock pauses once it is sent)")


def run_extend(args: argparse.Namespace) -> int:
    return _run(args, "extend", ActionInput(months=args.months, reason=args.reason),
                f"{args.reference}: deadline extended by {args.months} month(s); approve the extension notice "
                "now: it must reach the requester within the first month")


def run_verify(args: argparse.Namespace) -> int:
    if args.override and not args.reason.strip():
        return fail("give the reason for overriding the identity check (--reason TEXT)")
    if not args.override and args.reason:
        return fail("--reason goes with --override; to record a verification, use --note TEXT")
    given = ActionInput(reason=args.reason) if args.override else ActionInput(note=args.note)
    return _run(args, "override" if args.override else "verify", given,
                f"{args.reference}: identity " + ("overridden" if args.override else "verified") + f" by {args.by}")
