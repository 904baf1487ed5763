"""Saved views: a member of staff's named queue views (filters and sort), listed in the queue's header.

A view stores the queue's query re-encoded from the typed filters (`ticket_queue.QueueFilters`), so
a saved view can never hold anything the queue would not accept. Each person sees only their own.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import SavedView

MAX_VIEWS = 30
MAX_NAME = 80


class ViewRefused(Exception):
    """A view that cannot be saved; its `key` names the interface text saying what to do."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


REFUSALS = frozenset({"views.no_name", "views.too_many"})  # the only keys a queue link may name


async def views_of(session: AsyncSession, owner: str) -> list[SavedView]:
    return list((await session.execute(
        select(SavedView).where(SavedView.owner == owner).order_by(func.lower(SavedView.name)))).scalars())


async def save_view(session: AsyncSession, *, owner: str, name: str, query: str) -> SavedView:
    """Saved under `name`; saving again under a name the person already uses replaces that view."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ViewRefused("views.no_name")
    existing = (await session.execute(
        select(SavedView).where(SavedView.owner == owner, SavedView.name == name))).scalar_one_or_none()
    if existing is not None:
        existing.query = query
        return existing
    if len(await views_of(session, owner)) >= MAX_VIEWS:
        raise ViewRefused("views.too_many")
    view = SavedView(owner=owner, name=name, query=query)
    session.add(view)
    return view


async def delete_view(session: AsyncSession, *, owner: str, view_id: int) -> bool:
    """Only the owner's own view is deleted; False when there was none."""
    result = await session.execute(delete(SavedView).where(SavedView.id == view_id, SavedView.owner == owner))
    return bool(result.rowcount)
