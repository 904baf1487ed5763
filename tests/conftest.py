"""Fixtures that start real components: SQLite or a throwaway PostgreSQL, a real SMTP listener."""

from __future__ import annotations

import asyncio
import importlib.metadata
import itertools
import re
import smtplib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from assistant.channels.smtp import start_smtp_server
from assistant.config import Config, SmtpConfig, parse_config
from assistant.pipeline.context import PipelineTools
from assistant.pipeline.runner import PipelineWorker, pending_message_ids
from assistant.storage.database import Database
from tests.support.ports import free_port
from tests.support.postgres import PostgresCluster, start_cluster

MESSAGES = Path(__file__).parent / "messages"
INBOX = "contact-sodepac@sodepac.com"
_database_numbers = itertools.count(1)


KEY_PACKAGES = ("aiosmtpd", "aiosmtplib", "imapclient", "sqlalchemy", "alembic", "asyncpg", "aiosqlite", "spacy",
                "jinja2", "fastapi", "starlette", "uvicorn", "pytest", "pytest-asyncio", "hypothesis", "schemathesis",
                "playwright")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The resolved versions first in every run's log, so a failure caused by a new release shows."""
    versions = []
    for name in KEY_PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return ["key packages: " + ", ".join(versions)]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files holding a `slow` test run first: each file stays on one worker, and a slow file handed
    out last kept one worker busy for minutes after the others had finished."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: file and test order kept otherwise


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    try:
        cluster = start_cluster()
    except RuntimeError as why:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that uses this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}"
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.create_database(f"test_{next(_database_numbers)}")


def make_config(tmp_path: Path, database_url: str, **sections: dict) -> Config:
    data = {
        "smtp": {"port": free_port(), "recipients": [INBOX]},
        "database": {"url": database_url},
        "web": {"port": free_port()},
        "outbound": {"port": free_port()},
        "pipeline": {"poll_interval": 0.2},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_config(data, base_dir=tmp_path)


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> Config:
    return make_config(tmp_path, database_url)


@pytest.fixture(scope="session")
def classifier():
    """The shipped model, loaded once per test session (loading takes a moment)."""
    from assistant.pipeline.tools import load_classifier

    return load_classifier(parse_config({}, base_dir=Path(".")))


@pytest.fixture
def tools(config: Config, classifier) -> PipelineTools:
    return PipelineTools(config=config, classifier=classifier)


@pytest.fixture
async def db(config: Config) -> AsyncIterator[Database]:
    database = Database(config.database_url)
    await database.migrate()
    yield database
    await database.close()


@dataclass
class RunningService:
    """The SMTP listener and the pipeline worker on the test's event loop, as `serve` runs them."""

    config: Config
    db: Database
    worker: PipelineWorker

    @property
    def port(self) -> int:
        return self.config.smtp.port

    def send(self, raw: bytes, *, to: str = INBOX, sender: str = "sender@example.com") -> tuple[int, bytes]:
        """A real SMTP client (blocking: call through asyncio.to_thread).

        Lines go out ending in CRLF, as SMTP requires (RFC 5321 §2.3.8); smtplib leaves bytes as given.
        """
        raw = re.sub(rb"\r?\n", b"\r\n", raw)
        with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
            client.ehlo("client.example.com")
            code, reply = client.mail(sender)
            assert code == 250, reply
            code, reply = client.rcpt(to)
            if code != 250:
                return code, reply
            return client.data(raw)

    async def send_async(self, raw: bytes, **kwargs: str) -> tuple[int, bytes]:
        return await asyncio.to_thread(self.send, raw, **kwargs)

    async def settle(self, timeout: float = 30.0) -> None:
        """Wait until everything stored has been processed."""
        async with asyncio.timeout(timeout):
            while await pending_message_ids(self.db, limit=1):
                self.worker.notify()
                await asyncio.sleep(0.05)


@pytest.fixture
async def worker(db: Database, tools: PipelineTools) -> AsyncIterator[PipelineWorker]:
    """The pipeline worker alone on the test's loop, as `serve` runs it beside the console and the chat."""
    running = PipelineWorker(db, tools)
    stopping = asyncio.Event()
    task = asyncio.create_task(running.run_forever(stopping))
    yield running
    stopping.set()
    running.notify()
    await task


@pytest.fixture
async def service(config: Config, db: Database, tools: PipelineTools) -> AsyncIterator[RunningService]:
    worker = PipelineWorker(db, tools)
    stopping = asyncio.Event()
    server = await start_smtp_server(config.smtp, db, on_stored=worker.notify)
    task = asyncio.create_task(worker.run_forever(stopping))
    yield RunningService(config, db, worker)
    stopping.set()
    server.close()
    await server.wait_closed()
    await task


def with_smtp(config: Config, **changes: object) -> Config:
    return replace(config, smtp=replace(config.smtp, **changes))


__all__ = ["INBOX", "MESSAGES", "RunningService", "SmtpConfig", "make_config", "with_smtp"]


@pytest.fixture(scope="session")
def dovecot():
    """One throwaway Dovecot for the session (IMAP, IMAPS, STARTTLS, XOAUTH2); skipped when absent."""
    from tests.support.dovecot import start_dovecot

    try:
        server = start_dovecot()
    except RuntimeError as why:
        pytest.skip(f"IMAP tests skipped: {why}")
    yield server
    server.stop()


@pytest.fixture
def mailbox_user(dovecot):
    """A new, empty mailbox of its own for each test."""
    return dovecot.add_user()
