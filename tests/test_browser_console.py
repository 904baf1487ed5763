"""The console in Debian's headless Chromium: a member of staff signs in, finds the ticket a mail opened,
edits the draft and approves it, and the relay receives the edited text. Hostile mail HTML stays inert.
Screenshots of the queue and of a ticket are kept in tests/artefacts/."""

from __future__ import annotations

import os
import smtplib
import time
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.storage.database import Database
from assistant.storage.models import Message, utcnow
from tests.conftest import INBOX, make_config
from tests.support.browser import (
    ARTEFACTS,
    ConsoleThread,
    ServeProcess,
    chromium,
    need_chromium,
    publish_screenshots,
)
from tests.support.cli import cli
from tests.support.ports import free_port
from tests.support.relay import RelaySink
from tests.support.web import PASSWORD, add_user, make_ticket

pytestmark = pytest.mark.browser
EDITED = "Dear Jo,\n\nWe have deleted your account and every piece of personal data we held about you.\n\nSODEPAC"


def sign_in(page, base: str, name: str) -> None:
    page.goto(base + "/")
    assert "/sign-in" in page.url
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.mark.slow
def test_from_a_mail_to_a_sent_reply_in_the_browser(tmp_path: Path) -> None:
    need_chromium()
    web_port, smtp_port = free_port(), free_port()
    with RelaySink() as relay:
        config_file = tmp_path / "config.toml"
        config_file.write_text(
            f'[smtp]\nport = {smtp_port}\nrecipients = ["{INBOX}"]\n'
            f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "assistant.db"}"\n'
            f"[web]\nport = {web_port}\nsecure_cookies = false\n"
            f"[outbound]\nport = {relay.port}\n[pipeline]\npoll_interval = 0.2\n")
        created = cli(config_file, "users", "add", "alice", "--role", "staff", "--password-env", "CONSOLE_PW",
                      env={**os.environ, "CONSOLE_PW": PASSWORD})
        assert created.returncode == 0, created.stderr
        with ServeProcess(config_file, tmp_path / "serve.log"):
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
                client.sendmail("jo@example.com", [INBOX], (
                    f"From: Jo Example <jo@example.com>\r\nTo: {INBOX}\r\nSubject: Delete my account\r\n"
                    "Message-ID: <browser-1@example.com>\r\n\r\n"
                    "Hello,\r\n\r\nPlease delete my account and all the personal data you hold about me.\r\n\r\n"
                    "Jo\r\n").encode())
            base = f"http://127.0.0.1:{web_port}"
            with chromium() as browser:
                page = browser.new_page(viewport={"width": 1360, "height": 900})
                page.on("dialog", lambda dialog: dialog.accept())  # "Send this reply to ...?"
                sign_in(page, base, "alice")
                deadline = time.monotonic() + 60
                while not page.locator("td.subject", has_text="Delete my account").count():
                    assert time.monotonic() < deadline, "the ticket never appeared in the queue"
                    time.sleep(0.5)
                    page.reload()
                page.click("td.subject a")
                page.wait_for_selector("textarea[name=body]")
                assert "Please delete my account" in page.inner_text(".message-text")
                page.fill("textarea[name=body]", EDITED)
                ARTEFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTEFACTS / "ticket.png"), full_page=True)
                publish_screenshots("ticket.png")
                page.click("button:has-text('Approve and send')")
                page.wait_for_selector("text=Reply approved; it is being sent.")
                assert "alice" in page.inner_text(".timeline")
            received = relay.wait_for(1, timeout=60)
    message = received[0].message
    assert received[0].recipients == ["jo@example.com"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "We have deleted your account and every piece of personal data we held about you." in text


async def seed_console(db: Database) -> dict:
    """A queue with something of everything, and one ticket whose mail HTML is hostile."""
    now = utcnow()
    await make_ticket(db, subject="Suppression de mes données", requester="ines.martin@example.fr", language="fr",
                      requester_name="Inès Martin",
                      due_in_days=-3)
    await make_ticket(db, subject="Copy of all the data you hold about me", intents=("access",), due_in_days=4)
    await make_ticket(db, subject="Stop sending me newsletters", intents=("opt_out",), due_in_days=12,
                      needs_review=True, requester="p.ng@example.com", requester_name="Priya Ng")
    await make_ticket(db, subject="Wrong address on my account", intents=("rectification",), status="open",
                      due_in_days=18, requester="tom.b@example.com", requester_name="Tom Baker")
    await make_ticket(db, subject="Why do you track my deliveries?", intents=("question", "objection"),
                      status="open", due_in_days=26, received_at=now - timedelta(days=4))
    hostile = await make_ticket(db, subject="Please delete my account", requester="mallory@example.net",
                                due_in_days=28, requester_name="")
    async with db.session() as session, session.begin():
        from assistant.tickets.service import get_ticket

        ticket = await get_ticket(session, hostile)
        session.add(Message(
            channel="email", raw=b"", message_id="<hostile@example.net>", content_hash="x" * 64, state="processed",
            ticket_id=ticket.id, from_address="mallory@example.net", subject="Please delete my account",
            body_text="Please delete my account.", new_text="Please delete my account.",
            body_html=('<script>parent.document.title="pwned"; alert(1)</script>'
                       '<p onmouseover="alert(2)">Please delete my account.</p>'
                       f'<img src="http://127.0.0.1:{TRACKER_PORT}/pixel.gif" onerror="alert(3)">'
                       f'<link rel="stylesheet" href="http://127.0.0.1:{TRACKER_PORT}/style.css">'
                       f'<form action="http://127.0.0.1:{TRACKER_PORT}/steal"><input name="p"></form>'),
            attachments=[]))
    await add_user(db, "alice", "staff")
    return {"hostile": hostile}


TRACKER_PORT = free_port()


def test_hostile_mail_html_renders_inert_and_the_queue_is_tidy(tmp_path: Path) -> None:
    need_chromium()
    config = make_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}",
                         web={"port": free_port(), "secure_cookies": False})
    with ConsoleThread(config, seed_console) as console, chromium() as browser:
        page = browser.new_page(viewport={"width": 1360, "height": 760})
        requests, dialogs = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, console.url, "alice")
        assert page.locator("tr.overdue").count() == 1
        assert page.locator(".badge.review").count() == 1
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "queue.png"), full_page=True)
        publish_screenshots("queue.png")
        page.goto(f"{console.url}/tickets/{console.seeded['hostile']}")
        page.click("text=Show the HTML version")
        frame_element = page.wait_for_selector("iframe[sandbox='']")
        frame = frame_element.content_frame()
        frame.wait_for_load_state()
        assert "Please delete my account." in frame.inner_text("body")
        page.hover("iframe")
        time.sleep(0.5)
        assert page.title().startswith("Ticket") and dialogs == []
        assert frame.locator("script, form, input, link").count() == 0
        assert not [url for url in requests if f":{TRACKER_PORT}" in url], requests
