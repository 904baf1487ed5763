"""`privacy-assistant messages list|retry`: the stored messages, and a second chance for failed ones."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from assistant.cli.common import print_json, run_with_database
from assistant.config import Config
from assistant.pipeline.failed import requeue_failed
from assistant.pipeline.runner import PipelineWorker
from assistant.pipeline.tools import build_tools
from assistant.privacy.actors import command_line_user
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.storage.states import MESSAGE_STATES, MessageState
from assistant.tickets.shapes import iso


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("messages", help="stored messages and failed processing")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list", help="messages, newest first")
    listing.add_argument("--state", choices=MESSAGE_STATES)
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    retry = actions.add_parser("retry", help="process failed messages again")
    retry.add_argument("ids", nargs="*", type=int, metavar="ID", help="message numbers (default: all failed)")
    retry.set_defaults(handler=run_retry)


def run_list(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> list[dict]:
        query = select(Message).order_by(Message.id.desc()).limit(args.limit)
        if args.state:
            query = query.where(Message.state == args.state)
        async with db.session() as session:
            return [{"id": m.id, "state": m.state, "channel": m.channel, "message_id": m.message_id,
                     "received_at": iso(m.received_at), "sender": m.from_address or m.envelope_sender,
                     "subject": m.subject, "error": m.error, "failed_step": m.failed_step, "flag": m.flag,
                     "noise_rule": m.noise_rule, "decision_rule": m.decision_rule}
                    for m in (await session.execute(query)).scalars()]

    rows = run_with_database(args, work)
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        step = f" in step {row['failed_step']}" if row["failed_step"] else ""  # none recorded before 0009
        failure = f"failed{step}: {row['error']}" if row["error"] else ""
        extra = failure or row["flag"] or row["noise_rule"] or ""
        print(f"#{row['id']:<6} {row['state']:<10} {row['channel']:<6} {row['received_at'][:19]}  "
              f"{row['sender'] or '-'}  {extra}")
    return 0


def run_retry(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> tuple[int, int]:
        async with db.session() as session, session.begin():
            queued = await requeue_failed(session, ids=args.ids or None, actor=command_line_user())
        outcomes = await PipelineWorker(db, build_tools(config)).run_pending()
        return queued, sum(1 for outcome in outcomes if outcome.state == MessageState.FAILED)

    queued, failed = run_with_database(args, work)
    print(f"retried {queued} message(s); {failed} failed again")
    return 1 if failed else 0
