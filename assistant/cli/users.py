"""`privacy-assistant users add|token`: console accounts, made from the command line.

The first admin can only be made here: the console has no page that creates accounts
without one. Passwords are read from a prompt (never from the command line, which other
users of the machine can see in the process list) or from an environment variable.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import select

from assistant.cli.common import fail, run_with_database
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import User
from assistant.web.security import ROLES, hash_password, new_api_token, password_hasher, token_digest

MIN_PASSWORD_LENGTH = 12


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="create console accounts and API tokens")
    actions = parser.add_subparsers(dest="action", required=True)

    add = actions.add_parser("add", help="create an account (the password is asked for)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-env", metavar="VAR", help="read the password from this environment variable")
    add.set_defaults(handler=run_add)

    token = actions.add_parser("token", help="make a new API token for NAME (printed once; replaces the old one)")
    token.add_argument("name", metavar="NAME")
    token.set_defaults(handler=run_token)


NO_TERMINAL = "no terminal to ask for the password on: use --password-env VAR (the variable holds the password)"


def _password(args: argparse.Namespace) -> str | None:
    """The password from the named variable, or asked twice on the terminal (never an argument)."""
    if args.password_env:
        return os.environ.get(args.password_env)
    if not sys.stdin.isatty():
        raise NoTerminal(NO_TERMINAL)
    try:
        first = getpass.getpass(f"Password for {args.name}: ")
        second = getpass.getpass("Again: ")
    except EOFError as error:
        raise NoTerminal(NO_TERMINAL) from error
    return first if first == second else None


class NoTerminal(Exception):
    """A script or a pipe ran `users add` without --password-env."""


def run_add(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not name or len(name) > 120 or any(c.isspace() for c in name):
        return fail("a name is one word of at most 120 characters")
    try:
        password = _password(args)
    except NoTerminal as error:
        return fail(str(error))
    if password is None:
        return fail(f"${args.password_env} is not set" if args.password_env else "the passwords differ")
    if len(password) < MIN_PASSWORD_LENGTH:
        return fail(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    password_hash = hash_password(password_hasher(), password)

    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session, session.begin():
            if (await session.execute(select(User.id).where(User.name == name))).first():
                return f"there is already an account named {name}"
            session.add(User(name=name, role=args.role, password_hash=password_hash))
        return None

    error = run_with_database(args, work)
    if error:
        return fail(error)
    print(f"{name}: {args.role} account created")
    return 0


def run_token(args: argparse.Namespace) -> int:
    token = new_api_token()

    async def work(config: Config, db: Database) -> str | None:
        async with db.session() as session, session.begin():
            user = (await session.execute(select(User).where(User.name == args.name))).scalar_one_or_none()
            if user is None:
                return f"no account named {args.name}"
            user.api_token_hash = token_digest(token)
        return None

    error = run_with_database(args, work)
    if error:
        return fail(error)
    print(token)
    return 0
