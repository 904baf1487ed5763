"""The `privacy-assistant` command. Each subcommand lives in a module of this package.

Exit codes: 0 done, 1 the action was refused (the message says why), 2 usage or
configuration error, 65 input is not a mail message, 75 temporary failure (retry).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from assistant.cli import (
    drafts,
    ingest,
    intents_cmd,
    messages,
    outbox,
    report,
    serve_cmd,
    suppression,
    tickets,
    users,
)
from assistant.config import ConfigError

COMMANDS = (serve_cmd, ingest, tickets, drafts, outbox, messages, intents_cmd, report, users, suppression)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, like a config error
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="privacy-assistant",
                     description="The SODEPAC privacy inbox assistant.")
    parser.add_argument("--config", help="config file (default: $PRIVACY_ASSISTANT_CONFIG or ./config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else getattr(logging, os.environ.get("LOG_LEVEL", "INFO")),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:  # schema upgrades are news once, not on every command
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(args.handler(args) or 0)
    except ConfigError as error:
        print(f"privacy-assistant: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
