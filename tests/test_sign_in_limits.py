"""Finding 5 (issue 16): failed sign-ins are limited atomically, in the database, per (address, account)
and per address, so guesses sent at once are not all checked and the real user is never locked out.

Against real servers (uvicorn on loopback, two of them on one database, as two `serve` processes
would be), with concurrent clients; a second loopback address (127.0.0.2) is another client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from assistant.privacy.retention import run_retention
from assistant.storage.models import SignInAttempt, SignInLimit, utcnow
from assistant.web.security import Throttle
from assistant.web.server import RunningConsole, start_console
from tests.support.ports import free_port
from tests.support.web import PASSWORD, add_user, client, console_app, csrf_of, sign_in

ATTACKER, OWNER = "127.0.0.1", "127.0.0.2"


@asynccontextmanager
async def consoles(config, db, count: int = 1) -> AsyncIterator[list[RunningConsole]]:
    started = []
    try:
        for _ in range(count):
            web = replace(config.web, port=free_port(), secure_cookies=False)
            started.append(await start_console(replace(config, web=web), db))
        yield started
    finally:
        for console in started:
            await console.stop()


def browser(console: RunningConsole, address: str) -> httpx.AsyncClient:
    host, port = console.address
    return httpx.AsyncClient(base_url=f"http://{host}:{port}", follow_redirects=False, timeout=30,
                             transport=httpx.AsyncHTTPTransport(local_address=address))


async def guesses(console: RunningConsole, address: str, count: int, password: str = "guess") -> list[int]:
    """`count` sign-ins sent at once, each from its own connection, as a script would."""
    async def one() -> int:
        async with browser(console, address) as http:
            return (await sign_in(http, "alice", password)).status_code

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def checked_attempts(db) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count(SignInAttempt.id)))).scalar_one()


async def test_twelve_guesses_at_once_only_three_are_checked(config, db) -> None:
    await add_user(db, "alice")
    async with consoles(config, db) as [console]:
        answers = await guesses(console, ATTACKER, 12)
    assert sorted(answers) == [401] * 3 + [429] * 9
    assert await checked_attempts(db) == 3


async def test_two_processes_share_the_limit(config, db) -> None:
    await add_user(db, "alice")
    async with consoles(config, db, count=2) as [first, second]:
        answers = await asyncio.gather(guesses(first, ATTACKER, 6), guesses(second, ATTACKER, 6))
    assert sorted(answers[0] + answers[1]) == [401] * 3 + [429] * 9


async def test_the_real_user_signs_in_from_her_address_while_the_attacker_waits(config, db) -> None:
    await add_user(db, "alice")
    async with consoles(config, db) as [console]:
        await guesses(console, ATTACKER, 6)
        assert await guesses(console, ATTACKER, 1, PASSWORD) == [429]  # the attacker's address waits
        async with browser(console, OWNER) as http:
            assert (await sign_in(http, "alice")).status_code == 303
            assert (await http.get("/")).status_code == 200


async def test_the_wait_ends_and_a_success_starts_the_pair_afresh(config, db) -> None:
    await add_user(db, "alice")
    async with consoles(config, db) as [console]:
        await guesses(console, ATTACKER, 3)
        async with db.session() as session, session.begin():  # the wait has passed
            await session.execute(update(SignInLimit).values(blocked_until=utcnow() - timedelta(seconds=1)))
        assert await guesses(console, ATTACKER, 1, PASSWORD) == [303]
        assert await guesses(console, ATTACKER, 2) == [401, 401]  # counted from zero again


async def test_many_names_from_one_address_are_slowed_down(config, db) -> None:
    app = console_app(config, db, throttle=Throttle(free_failures=3, address_free_failures=4, first_wait_seconds=60))
    async with client(app) as http:
        for number in range(4):
            assert (await sign_in(http, f"user{number}", "guess")).status_code == 401
        refused = await sign_in(http, "user9", "guess")
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.text


async def test_the_form_still_needs_its_csrf_token(config, db) -> None:
    await add_user(db, "alice")
    async with consoles(config, db) as [console], browser(console, ATTACKER) as http:
        page = await http.get("/sign-in")
        token = csrf_of(page.text)
        for _ in range(3):
            forged = await http.post("/sign-in", data={"name": "alice", "password": PASSWORD,
                                                      "csrf_token": "x" + token})
            assert forged.status_code == 403
    assert await checked_attempts(db) == 0


async def test_the_retention_run_deletes_old_sign_in_logs_and_quiet_counters(config, db) -> None:
    now = utcnow()
    async with db.session() as session, session.begin():
        session.add_all([SignInAttempt(name="alice", address=ATTACKER, succeeded=False, at=now - timedelta(days=181)),
                         SignInAttempt(name="alice", address=OWNER, succeeded=True, at=now - timedelta(days=2)),
                         SignInLimit(key="pair:a|alice", failures=3, last_failure_at=now - timedelta(days=2)),
                         SignInLimit(key="pair:b|alice", failures=1, last_failure_at=now - timedelta(minutes=1))])
    dry = await run_retention(db, config.retention, now=now, dry_run=True)
    assert dry.sign_ins == 2 and await checked_attempts(db) == 2
    assert (await run_retention(db, config.retention, now=now)).as_dict()["sign_ins"] == 2
    async with db.session() as session:
        assert (await session.execute(select(SignInAttempt.address))).scalars().all() == [OWNER]
        assert (await session.execute(select(SignInLimit.key))).scalars().all() == ["pair:b|alice"]
