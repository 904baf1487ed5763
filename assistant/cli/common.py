"""What subcommands share: loading the config, opening the database, printing JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

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


def run_with_database(args: argparse.Namespace, work: Callable[[Config, Database], Awaitable[T]]) -> T:
    config = config_from(args)

    async def main() -> T:
        async with open_database(config) as db:
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
