"""Finding 5 (issue 16): the public chat form's limits are atomic and held in the database.

Before: 40 posts sent at once all opened tickets (limit 5 an hour; each post checked an
in-memory counter before any of them recorded), and one form could be posted again and again
with its cookie. Against the real server (uvicorn on loopback), concurrent clients.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx
from sqlalchemy import func, select

from assistant.storage.models import Message
from assistant.web.routes.chat import CHAT_COOKIE
from assistant.web.server import RunningConsole, start_console
from tests.support.ports import free_port
from tests.support.web import csrf_of

QUESTION = "How long do you keep the personal data in my account?"


@asynccontextmanager
async def chat_server(config, db, classifier, count: int = 1) -> AsyncIterator[list[RunningConsole]]:
    """`count` consoles on one database, as `count` serve processes would run."""
    chat = replace(config.chat, per_hour=5, answer_wait_seconds=0.0)
    started = []
    try:
        for _ in range(count):
            web = replace(config.web, port=free_port(), secure_cookies=False)
            started.append(await start_console(replace(config, web=web, chat=chat), db, classifier=classifier))
        yield started
    finally:
        for console in started:
            await console.stop()


def visitor(console: RunningConsole) -> httpx.AsyncClient:
    host, port = console.address
    return httpx.AsyncClient(base_url=f"http://{host}:{port}", follow_redirects=False, timeout=60)


async def post_form(console: RunningConsole, number: int) -> int:
    """One visitor: opens the form, sends it (a new address each time, the same client address)."""
    async with visitor(console) as http:
        token = csrf_of((await http.get("/chat")).text)
        answer = await http.post("/chat", data={"csrf_token": token, "address": f"v{number}@example.com",
                                                "name": "Visitor", "message": QUESTION})
        return answer.status_code


async def stored_chat_messages(db) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count(Message.id)).where(Message.channel == "chat"))).scalar_one()


async def test_forty_posts_at_once_store_only_the_hourly_limit(config, db, classifier) -> None:
    async with chat_server(config, db, classifier) as [console]:
        answers = await asyncio.gather(*(post_form(console, number) for number in range(40)))
    assert sorted(answers) == [303] * 5 + [429] * 35  # stored: 303 to the answer's page
    assert await stored_chat_messages(db) == 5


async def test_two_processes_share_the_chat_limit(config, db, classifier) -> None:
    async with chat_server(config, db, classifier, count=2) as [first, second]:
        answers = await asyncio.gather(*(post_form(first if number % 2 else second, number) for number in range(12)))
    assert answers.count(303) == 5
    assert await stored_chat_messages(db) == 5


async def test_one_form_is_sent_once_even_replayed_at_once_with_its_cookie(config, db, classifier) -> None:
    async with chat_server(config, db, classifier) as [console]:
        async with visitor(console) as http:
            token = csrf_of((await http.get("/chat")).text)
            cookie = http.cookies[CHAT_COOKIE]

        async def replay() -> int:
            async with visitor(console) as http:
                http.cookies.set(CHAT_COOKIE, cookie)
                answer = await http.post("/chat", data={"csrf_token": token, "address": "jo@example.com",
                                                        "name": "Jo", "message": QUESTION})
                return answer.status_code

        answers = await asyncio.gather(*(replay() for _ in range(6)))
        later = await replay()
    assert sorted(answers) == [303] + [403] * 5 and later == 403
    assert await stored_chat_messages(db) == 1


async def test_a_fresh_form_after_sending_works(config, db, classifier) -> None:
    async with chat_server(config, db, classifier) as [console], visitor(console) as http:
        for _ in range(2):
            page = await http.get("/chat")
            assert re.search(r'name="csrf_token"', page.text)
            sent = await http.post("/chat", data={"csrf_token": csrf_of(page.text), "address": "jo@example.com",
                                                  "name": "Jo", "message": QUESTION})
            assert sent.status_code == 303 and sent.headers["location"].startswith("/chat/answer/")
    assert await stored_chat_messages(db) == 2
