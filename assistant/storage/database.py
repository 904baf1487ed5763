"""The engine, its connection settings, and schema migrations on start."""

from __future__ import annotations

import fcntl
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from sqlalchemy import event, inspect, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# `revision = "0008"` and `down_revision = "0007"` in a version file (an optional annotation allowed).
_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["\']([^"\']+)["\']|None)\s*$', re.M)


def upsert_insert(session: AsyncSession):
    """The dialect's INSERT with ON CONFLICT (PostgreSQL and SQLite spell it alike): one statement that
    creates or updates a row, so counters and claims stay atomic across requests and processes."""
    return postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


class DatabaseUnavailable(Exception):
    """The database cannot be opened or written at start, said in one line naming it."""


# What an operator must fix, recognised in the driver's words (SQLite's result codes SQLITE_FULL and
# SQLITE_READONLY, PostgreSQL's SQLSTATE 53100 disk_full and 25006, the kernel's ENOSPC and EROFS).
_STORAGE_FAULTS = (
    ("the disk holding the database is full", ("database or disk is full", "no space left on device",
                                               "could not extend file", "disk full")),
    ("the database cannot be written (read-only file or filesystem)", (
        "readonly database", "read-only file system", "read-only transaction", "attempt to write a readonly")),
    ("the database server cannot be reached", ("connection refused", "connection is closed",
                                               "server closed the connection", "the database system is")),
)


def storage_fault(error: BaseException) -> str | None:
    """A run-time storage failure in words, for a one-line log; None when it is not one we know."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        text = str(error).lower()
        for words, markers in _STORAGE_FAULTS:
            if any(marker in text for marker in markers):
                return words
        error = getattr(error, "orig", None) or error.__cause__
    return None


class Database:
    """One engine and its session factory, created once per process."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: AsyncEngine = _create_engine(url)
        except OSError as error:
            raise DatabaseUnavailable(f"cannot create the database folder for {_where(url)}: "
                                      f"{error.strerror or error}") from None
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def migrate(self) -> None:
        """Bring the schema to the newest revision (Alembic), serialised against other processes."""
        try:
            with _sqlite_migration_lock(self.url):
                async with self.engine.begin() as connection:
                    if not await connection.run_sync(_at_newest_revision):
                        await connection.run_sync(_upgrade)
                    # A database we can read but not write would answer 451 to every message: say so now.
                    await connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
        except (OSError, DBAPIError) as error:
            reason = getattr(error, "orig", None) or error
            first_line = (str(reason).strip().splitlines() or [type(reason).__name__])[0]
            raise DatabaseUnavailable(f"cannot open or write the database {_where(self.url)} "
                                      f"(database.url): {first_line}") from None

    async def close(self) -> None:
        await self.engine.dispose()


def _where(url: str) -> str:
    """The file or server and database, never the password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return f"{parsed.host}:{parsed.port or 5432}/{parsed.database}"


def _create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # hide_parameters: an error's text (and so a logged traceback) never quotes stored mail.
        engine = create_async_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, hide_parameters=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work beside the writer; synchronous=FULL makes a commit survive a
    # power cut, which is what lets the SMTP listener answer 250 only after the commit.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@contextmanager
def _sqlite_migration_lock(url: str) -> Iterator[None]:
    """SQLite has no advisory lock: a lock file beside the database serialises starting services."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        yield
        return
    with open(f"{parsed.database}.migrate-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def newest_revision() -> str | None:
    """The head of the migration chain, read from the version files without importing Alembic.

    Importing Alembic costs every CLI command about a tenth of a second, for nothing when the
    schema is already current. None when the chain is not one straight line (a merge, a tuple
    of parents, a file not understood): then Alembic itself decides, as before.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(match.groups() for match in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")))
        if not found.get("revision"):
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _at_newest_revision(connection: Connection) -> bool:
    newest = newest_revision()
    if newest is None or not inspect(connection).has_table("alembic_version"):
        return False
    current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return current == [newest]


def _upgrade(connection: Connection) -> None:
    from alembic import command  # loaded only when the schema must change (see newest_revision)
    from alembic.config import Config as AlembicConfig

    if connection.dialect.name == "postgresql":
        # Two services starting on one database must not migrate at the same time.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(727274)")
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
