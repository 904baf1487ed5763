"""Who did it: every export, erasure and purge names a console account, the system user who ran the
command, or `system` for the daily run."""

from __future__ import annotations

import getpass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import User


class UnknownStaff(Exception):
    """`--by` names nobody: an audit trail entry must point at a real account."""


async def check_staff(session: AsyncSession, name: str) -> str:
    """The account's name, or UnknownStaff with a one-line reason."""
    if (await session.execute(select(User.id).where(User.name == name.strip()))).first() is None:
        raise UnknownStaff(f"--by {name}: no console account of that name (see `privacy-assistant users add`)")
    return name.strip()


def command_line_user() -> str:
    """Who ran a command that names no account: the system user, so the trail still says who."""
    try:
        return f"cli:{getpass.getuser()}"[:120]
    except (OSError, KeyError):  # no user name in this environment
        return "cli"
