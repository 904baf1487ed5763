"""Writing a filing batch's rows with one flush, instead of several for each message.

A flush has a large fixed cost (the unit of work sorts what is pending, then one statement per
table and kind of change), and filing used to flush about six times a message: to learn a new
ticket's id (its reference is made from it), a draft's id (events name it), and before every
query (autoflush). Three tools remove those flushes and keep what each query sees unchanged:

- `assign_key`: a new row's primary key chosen before its INSERT. In the filing transaction only
  (`begin_batch`): on SQLite it holds the database's one write lock from its claim on, so
  max(id) + 1 is the key SQLite itself would give (the tables have no AUTOINCREMENT); on
  PostgreSQL the key comes from the column's own sequence, as the INSERT's default would.
- `autoflush_unless`: queries that skip the autoflush when nothing unflushed could change their
  answer; the caller says which unflushed rows could (`unflushed`). `changed_here` also counts
  the rows written by an earlier flush of the batch: what a result read when the batch began
  may no longer show.
- `known_row`: an existing row's object without loading it, so changes to it are written with
  the next flush (one UPDATE for many rows) instead of one statement each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Integer, Select, event, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, make_transient_to_detached

Row = TypeVar("Row")

_NEXT_KEYS = "next primary key per table, chosen before the insert"
_CHANGED = "rows added or changed in this transaction and flushed since"


def begin_batch(session: AsyncSession) -> None:
    """From now on, in this transaction, new rows get their keys before the INSERT, and the rows
    added or changed are remembered (`changed_here`).

    Call it only once the transaction holds SQLite's write lock (after a write statement). On SQLite
    every new row is keyed just before each flush, so rows of one table go in as one executemany
    (SQLite cannot match the ids an INSERT ... RETURNING of many rows gives back to the rows, so the
    ORM would insert them one at a time); PostgreSQL can, and only the keys needed early are chosen."""
    if _NEXT_KEYS in session.info:
        return
    session.info[_NEXT_KEYS], session.info[_CHANGED] = {}, []
    event.listen(session.sync_session, "before_flush", _remember_changes)
    if session.get_bind().dialect.name == "sqlite":
        event.listen(session.sync_session, "before_flush", _key_new_rows)


async def assign_key(session: AsyncSession, row: object) -> bool:
    """Give a new row its primary key now; False where keys are not chosen here (flush to learn it)."""
    if _NEXT_KEYS not in session.info:
        return False
    with session.no_autoflush:  # the row is pending already: a flush now would insert it without its key
        if session.get_bind().dialect.name == "postgresql":
            row.id = (await session.execute(  # type: ignore[attr-defined]
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id'))"),
                {"table": type(row).__table__.name})).scalar_one()  # type: ignore[attr-defined]
        else:
            await session.run_sync(lambda sync: _key_row(sync, row))
    return True


def _key_row(session: Session, row: object) -> None:
    """SQLite: max(id) + 1 of the table once, then counting on in this transaction."""
    table = type(row).__table__  # type: ignore[attr-defined]
    next_keys = session.info[_NEXT_KEYS]
    if table.name not in next_keys:
        next_keys[table.name] = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    row.id = next_keys[table.name]  # type: ignore[attr-defined]
    next_keys[table.name] += 1


def _key_new_rows(session: Session, _flush_context: object, _instances: object) -> None:
    """Before a flush: keys for the new rows without one, in the order the flush would insert them."""
    new = [row for row in session.new if _has_integer_id(row) and row.id is None]  # type: ignore[attr-defined]
    for row in sorted(new, key=lambda row: inspect(row).insert_order):
        _key_row(session, row)


def _has_integer_id(row: object) -> bool:
    key = inspect(type(row)).primary_key
    return len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, Integer)


def unflushed(session: AsyncSession, model: type[Row]) -> list[Row]:
    """The session's rows of `model` added or changed and not yet written."""
    sync = session.sync_session
    return [row for row in (*sync.new, *sync.dirty) if isinstance(row, model)]


def changed_here(session: AsyncSession, model: type[Row]) -> list[Row]:
    """The rows of `model` added or changed since `begin_batch`, written already or not."""
    return [row for row in session.info.get(_CHANGED, ()) if isinstance(row, model)] + unflushed(session, model)


def _remember_changes(session: Session, _flush_context: object, _instances: object) -> None:
    session.info[_CHANGED].extend((*session.new, *session.dirty))


@contextmanager
def autoflush_unless(session: AsyncSession, settled: bool) -> Iterator[None]:
    """Queries inside run without the flush first when `settled`: nothing unflushed can change them."""
    if not settled:
        yield
        return
    with session.no_autoflush:
        yield


async def pending_or_stored(session: AsyncSession, model: type[Row], matches: Callable[[Row], bool],
                            query: Select) -> Row | None:
    """The row this transaction added or changed that `matches`, else `query`'s one row from the
    database, without the autoflush: only an unflushed row that matches could change that answer."""
    pending = next((row for row in unflushed(session, model) if matches(row)), None)
    if pending is not None:
        return pending
    with session.no_autoflush:
        return (await session.execute(query)).scalar_one_or_none()


def known_row(session: AsyncSession, model: type[Row], key: int) -> Row:
    """The object of an existing row, without a SELECT: what is set on it the next flush writes."""
    sync = session.sync_session
    found = sync.identity_map.get(sync.identity_key(model, key))
    if found is not None:
        return found
    row = model(id=key)  # type: ignore[call-arg]
    make_transient_to_detached(row)
    session.add(row)
    return row
