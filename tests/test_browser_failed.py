"""Failed messages in Debian's headless Chromium: the queue's header links to them, staff see who sent
each, when, the step it failed in and why, and retry it with the button (a real form post, CSRF and all)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select, update

from assistant.intake import accept
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.storage.states import MessageState
from tests.conftest import MESSAGES, make_config
from tests.support.browser import ARTEFACTS, ConsoleThread, chromium, need_chromium
from tests.support.ports import free_port
from tests.support.web import PASSWORD, add_user

pytestmark = pytest.mark.browser


async def seed(db: Database) -> int:
    """A request stored and then failed in `classify`, as the pipeline's runner records it."""
    await add_user(db, "alice", "staff")
    stored = await accept(db, (MESSAGES / "en_access_plain.eml").read_bytes(), channel="email",
                          envelope_sender="bounce@example.com")
    async with db.session() as session, session.begin():
        await session.execute(update(Message).where(Message.id == stored.message_pk).values(
            state=MessageState.FAILED, failed_step="classify",
            error="ValueError: [E088] Text of length 1300000 exceeds maximum of 1000000"))
    return stored.message_pk


async def state_of(url: str, message_pk: int) -> str:
    db = Database(url)
    try:
        async with db.session() as session:
            return (await session.execute(select(Message.state).where(Message.id == message_pk))).scalar_one()
    finally:
        await db.close()


def test_staff_see_a_failed_message_and_retry_it(tmp_path: Path) -> None:
    need_chromium()
    config = make_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}",
                         web={"port": free_port(), "secure_cookies": False})
    with ConsoleThread(config, seed) as console, chromium() as browser:
        message_pk = console.seeded
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.goto(console.url + "/")
        page.fill("input[name=name]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(console.url + "/")
        page.click("text=1 failed message(s): see and retry")
        page.wait_for_url(console.url + "/messages/failed")
        row = page.inner_text(f"#message-{message_pk}")
        assert "classify" in row and "E088" in row
        assert "@" in row and "bounce@example.com" not in row  # the From: of the mail, not the envelope
        ARTEFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "failed-messages.png"), full_page=True)
        page.click(f"#message-{message_pk} button:has-text('Retry')")
        page.wait_for_selector("text=1 message(s) queued for processing again.")
        assert page.inner_text("main").count("No failed messages.") == 1
        page.goto(console.url + "/")
        assert "failed message(s)" not in page.inner_text("main")
    assert asyncio.run(state_of(config.database_url, message_pk)) == MessageState.STORED  # the pipeline's again
