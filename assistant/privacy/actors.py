"""Who did it: every export, erasure and purge names a person with a console account, or `system`."""

from __future__ import annotations

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
