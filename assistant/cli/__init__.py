"""The `privacy-assistant` command. Each subcommand lives in a module of this package.

Only the module of the command being run is imported: `tickets list` should not pay for
spaCy, the console and the report's charts (a second or more on every call).

Exit codes: 0 done, 1 the action was refused (the message says why), 2 usage or
configuration error, 65 input is not a mail message, 75 temporary failure (retry).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from assistant.cli.common import Refused, fail
from assistant.config import ConfigError
from assistant.log_privacy import keep_content_out_of_logs
from assistant.storage.database import DatabaseUnavailable

# Command name -> (the module that registers it, its one-line help for the top-level listing).
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve_cmd", "run the SMTP listener, the console and the workers"),
    "ingest": ("ingest", "store one raw message (a file, or - for standard input)"),
    "tickets": ("tickets", "list, show, reclassify, assign, note and reopen tickets"),
    "drafts": ("drafts", "approve, reject, edit or write a ticket's draft reply"),
    "snippets": ("snippets", "canned passages for free replies (admins manage them)"),
    "outbox": ("outbox", "replies waiting to be sent, sent, failed or in doubt"),
    "messages": ("messages", "stored messages and failed processing"),
    "classify": ("intents_cmd", "classify messages: JSON Lines in, JSON Lines out"),
    "evaluate": ("intents_cmd", "score the model on a labelled JSON Lines file"),
    "train": ("intents_cmd", "train a new model version from the project's data"),
    "report": ("report", "the weekly report"),
    "users": ("users", "create console accounts and API tokens"),
    "imap": ("imap_cmd", "the mailbox read over IMAP ([imap] in the config)"),
    "retention": ("retention", "purge the content of requests past their retention period"),
    "requester": ("requester", "export or erase what the assistant holds about one person"),
    "audit": ("audit", "the audit trail: events and staff sign-ins"),
    "suppression": ("suppression", "the marketing suppression list (opt-outs)"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, like a config error
        self.exit(2, f"{self.prog}: error: {message}\n")


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The first word that names a command (global options may come before it)."""
    return next((word for word in argv if word in COMMANDS), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with every command listed, and the options of the chosen one (all when None)."""
    parser = _Parser(prog="privacy-assistant", description="The SODEPAC privacy inbox assistant.")
    parser.add_argument("--config", help="config file (default: $PRIVACY_ASSISTANT_CONFIG or ./config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chosen = _chosen_command(argv) if argv is not None else None
    modules = {module for name, (module, _) in COMMANDS.items() if argv is None or name == chosen}
    for module in sorted(modules):
        importlib.import_module(f"assistant.cli.{module}").register(subparsers)
    for name, (_, help_text) in COMMANDS.items():  # the others are listed, not loaded
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else getattr(logging, os.environ.get("LOG_LEVEL", "INFO")),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # Schema upgrades are news once, not on every command; aiosmtpd logs every session at INFO
        # ("Connection lost during _handle_client()" after a normal QUIT reads as an error).
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.getLogger("mail.log").setLevel(logging.WARNING)
    keep_content_out_of_logs()
    try:
        return int(args.handler(args) or 0)
    except (ConfigError, DatabaseUnavailable) as error:
        print(f"privacy-assistant: error: {error}", file=sys.stderr)
        return 2
    except Refused as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return 130
