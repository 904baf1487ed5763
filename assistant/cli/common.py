"""What subcommands share: loading the config, opening the database, printing JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TextIO, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config, config_path, load_config
from assistant.storage.database import Database

T = TypeVar("T")

EXIT_REFUSED = 1
EX_DATAERR = 65  # sysexits.h: input is not a mail message
EX_TEMPFAIL = 75  # sysexits.h: try again later


def config_from(args: argparse.Namespace) -> Config:
    return load_config(config_path(args.config))


@asynccontextmanager
async def open_database(config: Config) -> AsyncIterator[Database]:
    db = Database(config.database_url)
    try:
        await db.migrate()
        yield db
    finally:
        await db.close()


class Refused(Exception):
    """The command cannot be carried out as asked: one sentence for the person, exit 1."""


async def check_staff_name(db: Database, name: str) -> None:
    """`--by NAME` must be an enabled console account: the audit trail names real people."""
    from assistant.tickets.actions import staff_account  # the one rule, for the console and API too
    from assistant.tickets.service import TicketError

    async with db.session() as session:
        try:
            await staff_account(session, name)
        except TicketError as error:
            raise Refused(str(error)) from error


def run_with_database(args: argparse.Namespace, work: Callable[[Config, Database], Awaitable[T]]) -> T:
    """Runs `work` with the migrated database; a command's `--by NAME` is checked first."""
    config = config_from(args)

    async def main() -> T:
        async with open_database(config) as db:
            if getattr(args, "by", None) is not None:
                await check_staff_name(db, args.by)
            return await work(config, db)

    return asyncio.run(main())


def run_in_transaction(args: argparse.Namespace, action: Callable[[AsyncSession, Config], Awaitable[object]],
                       refusals: tuple[type[Exception], ...]) -> str | None:
    """Run a staff action in one transaction; its refusal (one of `refusals`) as a sentence, else None."""
    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session:
            try:
                async with session.begin():
                    await action(session, config)
            except refusals as error:
                return str(error)
        return None

    return run_with_database(args, work)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(message: str, code: int = EXIT_REFUSED) -> int:
    print(f"privacy-assistant: {message}", file=sys.stderr)
    return code


def open_private(path: str) -> TextIO:
    """A file for personal data or the audit trail: created readable and writable by its owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")
