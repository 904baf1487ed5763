"""PostgreSQL stopped for a few seconds under a running service (issue 16, faults): the SMTP edge
answers 451 while it is down (the sender keeps the message and retries, RFC 5321 §4.2.5), the
service recovers by itself once it is back (no restart), and nothing that got 250 is lost."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import select

from assistant.storage.models import Message
from tests.conftest import RunningService
from tests.support.postgres import PostgresCluster
from tests.test_crash_recovery import request as request_mail


async def send_until_accepted(service: RunningService, raw: bytes, timeout: float = 60) -> list[int]:
    """As a sending MTA does: retry on 4xx; returns every code answered, the last one 250."""
    codes: list[int] = []
    deadline = time.monotonic() + timeout
    while not codes or codes[-1] != 250:
        assert time.monotonic() < deadline, f"never accepted: {codes}"
        try:
            code, _ = await service.send_async(raw)
        except OSError:  # the listener itself is up: a cut connection would be a defect, but retry as MTAs do
            code = 0
        codes.append(code)
        assert code in (0, 250, 451), codes  # never a permanent refusal for a temporary fault
        if code != 250:
            await asyncio.sleep(0.3)
    return codes


@pytest.mark.slow
async def test_postgres_down_for_seconds_gets_451_and_the_service_recovers_by_itself(
        service: RunningService, database_url: str, request: pytest.FixtureRequest) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("stops the PostgreSQL server (SQLite has no server to stop)")
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    assert (await service.send_async(request_mail(1)))[0] == 250

    cluster.pause()
    try:
        during = [(await service.send_async(request_mail(number)))[0] for number in (2, 3)]
        await asyncio.sleep(2)  # the pipeline and the outbox keep polling a database that is gone
    finally:
        cluster.resume()
    assert during == [451, 451]  # not stored, so not acknowledged: the sender keeps them

    # The sender's retries, and new mail, are accepted once the server is back, without a restart.
    for number in (2, 3, 4):
        codes = await send_until_accepted(service, request_mail(number))
        assert codes[-1] == 250
    await service.settle(timeout=60)
    async with service.db.session() as session:
        stored = (await session.execute(select(Message.message_id, Message.state))).all()
    assert sorted(message_id for message_id, _ in stored) == [f"crash-{n}@example.com" for n in (1, 2, 3, 4)]
    assert {state for _, state in stored} == {"processed"}


