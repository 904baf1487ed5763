"""`privacy-assistant imap check`: the operator's first-day tool for a mailbox read over IMAP.

Exit 0 when the server accepted the configured settings, 1 with one line naming the key to
fix otherwise (DNS, connection refused, TLS, login, folder, token).
"""

from __future__ import annotations

import argparse
import asyncio

from assistant.channels.imap.auth import credentials_for
from assistant.channels.imap.check import check_mailbox, describe
from assistant.channels.imap.mailbox import MailboxRefused
from assistant.cli.common import config_from, fail, open_database, print_json
from assistant.config import Config, ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("imap", help="the mailbox read over IMAP ([imap] in the config)")
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="log in with the configured settings and say what the server offers "
                                             "and how much mail is not ingested yet")
    check.add_argument("--json", action="store_true", help="one JSON object for scripts")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    config = config_from(args)
    for key in ("host", "username", "folder"):
        if not getattr(config.imap, key).strip():
            return fail(f"config key imap.{key} is not set: `imap check` needs it to log in")
    try:
        credentials = credentials_for(config.imap, base_dir=config.base_dir)
        report = asyncio.run(_check(config, credentials))
    except (MailboxRefused, ConfigError) as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"IMAP connection to {config.imap.host}:{config.imap.port} failed "
                    f"({type(error).__name__}: {error}): check imap.host and imap.port")
    if args.json:
        print_json(report.as_json())
    else:
        print("\n".join(describe(report)))
    return 0


async def _check(config: Config, credentials):
    async with open_database(config) as db:
        return await check_mailbox(config.imap, db, credentials, base_dir=config.base_dir)
