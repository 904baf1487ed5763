"""A full disk and a database that cannot be written, under a running service (issue 16, faults).

The SQLite database lives on a small filesystem of its own (a tmpfs mounted for the test), which
the test fills as a full disk is filled. The SMTP edge answers 451 meanwhile (the sender keeps the
message and retries, RFC 5321 §4.2.5), the log says in one line what the operator must fix, and
once the fault is gone the service carries on by itself: nothing that got 250 is lost.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, select

from assistant.storage.models import Message
from tests.conftest import RunningService
from tests.test_crash_recovery import request as request_mail
from tests.test_database_outage import send_until_accepted

DISK_SIZE = "4m"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of a few megabytes of its own; skipped where mounting is not allowed (not root)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def database_url(small_disk: Path) -> str:
    """SQLite only: the database file is what sits on the small disk."""
    return f"sqlite+aiosqlite:///{small_disk / 'assistant.db'}"


def fill(disk: Path) -> Path:
    """Write zeros until the filesystem refuses: the disk is full."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


@contextmanager
def read_only(service: RunningService) -> Iterator[None]:
    """Every connection the service takes from now on refuses to write, with SQLite's own
    SQLITE_READONLY ("attempt to write a readonly database"), as a file made read-only under it does.

    A real read-only remount is refused while the service holds the file open for writing, and
    root (the tests' user) may write a file whatever its mode: so SQLite's `query_only` stands in.
    """
    def refuse_writes(dbapi_connection, _record, _proxy) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA query_only = {'ON' if refusing else 'OFF'}")
        cursor.close()

    engine = service.db.engine.sync_engine
    refusing = True
    event.listen(engine, "checkout", refuse_writes)
    try:
        yield
    finally:
        refusing = False  # the next checkout of each pooled connection writes again


async def stored_ids(service: RunningService) -> list[str]:
    async with service.db.session() as session:
        return sorted((await session.execute(select(Message.message_id))).scalars())


async def refused_while(service: RunningService, fault) -> list[int]:
    with fault:
        return [(await service.send_async(request_mail(number)))[0] for number in (2, 3)]


@contextmanager
def disk_full(disk: Path) -> Iterator[None]:
    filler = fill(disk)
    try:
        yield
    finally:
        filler.unlink()


@pytest.mark.parametrize("fault", ["full", "read-only"])
async def test_a_full_disk_or_read_only_database_gets_451_a_clear_log_line_and_recovers(
        service: RunningService, small_disk: Path, fault: str, caplog: pytest.LogCaptureFixture) -> None:
    assert (await service.send_async(request_mail(1)))[0] == 250
    await service.settle()

    caplog.set_level(logging.WARNING)
    during = await refused_while(service, disk_full(small_disk) if fault == "full" else read_only(service))
    assert during == [451, 451]  # not stored, so not acknowledged: the sender keeps them

    expected = "the disk holding the database is full" if fault == "full" else "the database cannot be written"
    refusals = [record for record in caplog.records if "answering 451" in record.getMessage()]
    assert refusals, [record.getMessage() for record in caplog.records]
    assert all(expected in record.getMessage() for record in refusals)
    assert all(record.exc_info is None for record in refusals)  # one line each, not a traceback

    for number in (2, 3, 4):  # the sender's retries, and new mail, once the disk is back
        assert (await send_until_accepted(service, request_mail(number)))[-1] == 250
    await service.settle(timeout=60)
    assert await stored_ids(service) == [f"crash-{n}@example.com" for n in (1, 2, 3, 4)]
    async with service.db.session() as session:
        states = set((await session.execute(select(Message.state))).scalars())
    assert states == {"processed"}
