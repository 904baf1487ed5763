"""`privacy-assistant outbox list|resolve`: what is queued, sent and failed, and the doubts to settle."""

from __future__ import annotations

import argparse

from assistant.cli.common import fail, print_json, run_with_database
from assistant.config import Config
from assistant.outbox.queue import OutboxError, item_summaries, list_items, resolve
from assistant.storage.database import Database
from assistant.storage.states import OUTBOX_STATES, OutboxState


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("outbox", help="replies waiting to be sent, sent, failed or in doubt")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list", help="outbox items, newest first")
    listing.add_argument("--state", choices=OUTBOX_STATES, action="append",
                         help="only items in this state (may be repeated)")
    listing.add_argument("--json", action="store_true", help="a JSON array for scripts")
    listing.set_defaults(handler=run_list)

    settle = actions.add_parser(
        "resolve", help="settle an item whose delivery is unknown (after checking the relay's log)")
    settle.add_argument("item_id", metavar="ID", type=int)
    choice = settle.add_mutually_exclusive_group(required=True)
    choice.add_argument("--sent", action="store_true", help="the relay had it: mark it sent, send nothing")
    choice.add_argument("--resend", action="store_true",
                        help="the relay did not have it: queue it again (also for a failed item)")
    settle.add_argument("--by", required=True, metavar="NAME")
    settle.set_defaults(handler=run_resolve)


def run_list(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> list[dict]:
        async with db.session() as session:
            return await item_summaries(session, await list_items(session, states=args.state))

    items = run_with_database(args, work)
    if args.json:
        print_json(items)
        return 0
    if not items:
        print("the outbox is empty")
        return 0
    print(f"{'ID':>5} {'KIND':<15} {'STATE':<9} {'TICKET':<18} {'TRIES':>5}  DETAIL")
    for item in items:
        detail = {OutboxState.SENT: f"sent {str(item['sent_at'])[:19]}",
                  OutboxState.QUEUED: f"next {str(item['next_attempt_at'])[:19]}"}
        text = detail.get(item["state"], item["relay_reply"] or item["last_error"] or "")
        print(f"{item['id']:>5} {item['kind']:<15} {item['state']:<9} {item['ticket'] or '-':<18} "
              f"{item['attempts']:>5}  {text}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session:
            try:
                async with session.begin():
                    await resolve(session, args.item_id, delivered=args.sent, by=args.by,
                                  timezone=config.service.timezone)
            except OutboxError as error:
                return str(error)
        return None

    error = run_with_database(args, work)
    if error:
        return fail(error)
    print(f"outbox #{args.item_id}: " + ("marked sent" if args.sent else "queued to be sent again") + f" by {args.by}")
    return 0
