"""`privacy-assistant serve`"""

from __future__ import annotations

import argparse
import asyncio

from assistant.cli.common import config_from, fail
from assistant.service import ServiceError, serve


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the SMTP listener and the pipeline workers")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    try:
        asyncio.run(serve(config))
    except ServiceError as error:
        return fail(str(error))
    return 0
