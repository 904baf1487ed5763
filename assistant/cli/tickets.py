"""`privacy-assistant tickets list|show|reclassify`"""

from __future__ import annotations

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

from assistant.cli.common import config_from, fail, print_json, run_with_database
from assistant.cli.ticket_actions import add_actions, add_teamwork, perform_from_cli, ticket_command
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from assistant.storage.states import TICKET_STATUSES
from assistant.tickets.service import TicketError, get_ticket
from assistant.tickets.shapes import TicketSummary
from assistant.tickets.staff_actions import ActionInput
from assistant.tickets.stages import Stage
from assistant.tickets.views import ticket_detail, ticket_list_query


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("tickets", help="list, show, reclassify, assign, note, reopen... tickets")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list", help="tickets, oldest first")
    listing.add_argument("--status", choices=TICKET_STATUSES)
    listing.add_argument("--stage", choices=[str(stage) for stage in Stage])
    listing.add_argument("--overdue", action="store_true", help="only requests past their deadline")
    listing.add_argument("--json", action="store_true", help="a JSON array for scripts")
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="one ticket with its messages, drafts and events")
    show.add_argument("reference", metavar="REF")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    fix = ticket_command(actions, "reclassify", "correct the intents (kept to retrain the model)")
    fix.add_argument("--intents", required=True, help="comma-separated labels, e.g. deletion,opt_out")
    fix.add_argument("--primary", required=True)
    fix.add_argument("--discard-edits", action="store_true",
                     help="replace a draft that has saved edits (they stay in the draft history)")
    fix.set_defaults(handler=run_reclassify)
    add_actions(actions)
    add_teamwork(actions)


def run_list(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> list[dict]:
        async with db.session() as session:
            rows = (await session.execute(ticket_list_query(status=args.status, stage=args.stage,
                                                            overdue_at=utcnow() if args.overdue else None))).all()
            return [TicketSummary.of(ticket, draft_status).model_dump() for ticket, draft_status in rows]

    tickets = run_with_database(args, work)
    if args.json:
        print_json(tickets)
        return 0
    if not tickets:
        print("no tickets")
        return 0
    print(f"{'REFERENCE':<18} {'STAGE':<20} {'PRIMARY':<14} {'LANG':<4} {'DUE':<10} {'CLOCK':<8} {'DRAFT':<9} "
          "REQUESTER")
    for t in tickets:
        flag = " (review)" if t["needs_review"] else ""
        print(f"{t['reference']:<18} {t['stage']:<20} {t['primary'] or '-':<14} {t['language']:<4} "
              f"{t['due_at'][:10]:<10} {clock_word(t):<8} {t['draft_status'] or '-':<9} {t['requester']}{flag}")
    return 0


def clock_word(t: dict) -> str:
    """The state of the legal clock in one word."""
    if t["fulfilled_at"]:
        return "stopped"
    if t["paused"]:
        return "paused"
    if t["overdue"]:
        return "OVERDUE"
    return "extended" if t["extended_months"] else "running"


def run_show(args: argparse.Namespace) -> int:
    async def work(config: Config, db: Database) -> dict | str:
        async with db.session() as session:
            try:
                ticket = await get_ticket(session, args.reference, full=True)
            except TicketError as error:
                return str(error)
            return (await ticket_detail(session, ticket)).model_dump()

    detail = run_with_database(args, work)
    if isinstance(detail, str):
        return fail(detail)
    if args.json:
        print_json(detail)
    else:
        print(render_ticket_text(detail, ZoneInfo(config_from(args).service.timezone)))
    return 0


def local_time(iso: str, zone: ZoneInfo, *, with_time: bool = True) -> str:
    """An ISO 8601 UTC instant as people read it: the company's calendar, to the minute."""
    moment = datetime.fromisoformat(iso).astimezone(zone)
    return moment.strftime("%Y-%m-%d %H:%M %Z" if with_time else "%Y-%m-%d")


def render_ticket_text(t: dict, zone: ZoneInfo) -> str:
    lines = [
        f"{t['reference']}  {t['stage']} ({t['status']})  due {local_time(t['due_at'], zone, with_time=False)}  "
        f"clock {clock_word(t)}  identity {t['identity']}  version {t['version']}"
        + (f"  assigned to {t['assignee']}" if t.get("assignee") else ""),
        f"From: {t['requester_name']} <{t['requester']}>",
        f"Subject: {t['subject']}",
        f"Intents: {', '.join(t['intents']) or '-'} (primary {t['primary'] or '-'}, {t['language']})"
        + ("  NEEDS REVIEW: " + "; ".join(t["review_reasons"]) if t["needs_review"] else ""),
    ]
    if t["noise_rule"]:
        lines.append(f"Noise: {t['noise_rule']}")
    if t["linked_ticket"]:
        lines.append(f"Linked to: {t['linked_ticket']}")
    for message in t["messages"]:
        lines += ["", f"--- message {message['id']} from {message['sender']} at "
                      f"{local_time(message['received_at'], zone)}"]
        if message["decision_rule"]:
            lines.append(f"Primary by rule {message['decision_rule']}: {message['decision_reason'] or '-'}")
        lines.append(message["text"] or "")
    for draft in t["drafts"]:
        lines += ["", f"--- draft {draft['id']} ({draft['status']})", f"Subject: {draft['subject']}", draft["body"]]
    lines += ["", "--- events"] + [f"{local_time(e['at'], zone)}  {e['actor']:<10} {e['kind']}: {e['detail']}"
                                   for e in t["events"]]
    return "\n".join(lines)


def run_reclassify(args: argparse.Namespace) -> int:
    labels = [label.strip() for label in args.intents.split(",") if label.strip()]
    if args.primary not in labels:  # the table would put it first; the CLI asks for it to be listed
        return fail(f"the primary intent {args.primary} must be one of --intents")
    error = perform_from_cli(args, "reclassify", ActionInput(intents=labels, primary=args.primary,
                                                                discard_edits=args.discard_edits))
    if error:
        return fail(error)
    print(f"{args.reference}: now {args.primary} {labels}; re-drafted unless a reply was already approved")
    return 0
