"""`privacy-assistant ingest FILE|-`: one raw message from an MTA pipe, through the same path as SMTP.

Exit 0 stored, 65 not a mail message or too large, 75 temporary failure (the MTA keeps it and retries).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from assistant.cli.common import EX_DATAERR, EX_TEMPFAIL, config_from, fail, open_database
from assistant.config import Config
from assistant.intake import accept
from assistant.mail.fingerprint import is_mail_message
from assistant.pipeline.runner import process_message
from assistant.pipeline.tools import build_tools
from assistant.storage.states import MessageState


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("ingest", help="store one raw message (a file, or - for standard input)")
    parser.add_argument("source", metavar="FILE|-")
    parser.add_argument("--sender", help="the envelope sender, if the MTA passes it")
    parser.add_argument("--no-process", action="store_true",
                        help="only store it; the running service processes it")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    limit = config.smtp.max_message_size
    try:
        raw = _read_at_most(args.source, limit + 1)  # never more than one byte past the limit in memory
    except OSError as error:
        return fail(f"cannot read {args.source}: {error.strerror}", EX_DATAERR)
    if len(raw) > limit:  # the same limit as SMTP's 552, said to the MTA as a bounce
        return fail(f"the message is over smtp.max_message_size ({limit} bytes); nothing stored", EX_DATAERR)
    if not is_mail_message(raw):
        return fail("the input is not a mail message (no header block); nothing stored", EX_DATAERR)
    try:
        return asyncio.run(_store_and_process(config, raw, args))
    except Exception as error:  # the MTA must keep the message and retry
        return fail(f"temporary failure, message not stored: {error}", EX_TEMPFAIL)


def _read_at_most(source: str, size: int) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read(size)
    with Path(source).open("rb") as file:
        return file.read(size)


async def _store_and_process(config: Config, raw: bytes, args: argparse.Namespace) -> int:
    async with open_database(config) as db:
        stored = await accept(db, raw, channel="pipe", envelope_sender=args.sender)
        note = " (already received)" if stored.duplicate else ""
        print(f"stored as message #{stored.message_pk}{note}", file=sys.stderr)
        if args.no_process or stored.duplicate:
            return 0
        try:
            tools = await asyncio.to_thread(build_tools, config)
            outcome = await process_message(db, tools, stored.message_pk)
        except Exception as error:  # stored is what counts: the service finishes it later
            print(f"stored, processing deferred: {error}", file=sys.stderr)
            return 0
        if outcome.ticket_reference:
            print(f"filed in {outcome.ticket_reference}", file=sys.stderr)
        elif outcome.state == MessageState.FAILED:
            print(f"stored, but processing failed: {outcome.detail}", file=sys.stderr)
        return 0
