"""The website chat in Debian's headless Chromium, against `privacy-assistant serve` as it runs in
production: a visitor asks how long their data is kept and reads the policy's retention passage,
and the message is a ticket of channel "chat". Screenshots are kept in tests/artefacts/chat.png and
chat_form.png."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.storage.database import Database
from assistant.storage.models import Ticket
from replies.policy import passage
from tests.conftest import INBOX
from tests.support.browser import ARTEFACTS, ServeProcess, chromium, need_chromium, publish_screenshots
from tests.support.ports import free_port
from tests.support.relay import RelaySink

pytestmark = pytest.mark.browser


async def chat_tickets(url: str) -> list[tuple[str | None, str, str]]:
    db = Database(url)
    try:
        async with db.session() as session:
            rows = (await session.execute(select(Ticket.reference, Ticket.channel, Ticket.requester))).all()
        return [tuple(row) for row in rows]
    finally:
        await db.close()


@pytest.mark.slow
def test_a_visitor_asks_how_long_data_is_kept_and_reads_the_policy(tmp_path: Path) -> None:
    need_chromium()
    web_port = free_port()
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}"
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[smtp]\nport = {free_port()}\nrecipients = ["{INBOX}"]\n'
        f'[database]\nurl = "{database_url}"\n'
        f"[web]\nport = {web_port}\nsecure_cookies = false\n"
        f"[outbound]\nport = {free_port()}\n[pipeline]\npoll_interval = 0.2\n"
        "[chat]\nanswer_wait_seconds = 8.0\n")
    retention = passage("retention", "en")
    base = f"http://127.0.0.1:{web_port}"
    with ServeProcess(config_file, tmp_path / "serve.log"), chromium() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 800}, locale="en-GB")
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text
                else None)
        failed: list[str] = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        page.goto(base + "/chat")
        assert page.title().startswith("Privacy questions and requests")
        page.fill("input[name=address]", "jo.example@example.com")
        page.fill("input[name=name]", "Jo")
        page.fill("textarea[name=message]", "Hello, how long do you keep my data?")
        counter = page.inner_text("#message-limit")
        assert counter.startswith("9,964 characters left"), counter  # the script counts as the visitor types
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "chat_form.png"), full_page=True)
        page.click("button[type=submit]")
        page.wait_for_selector(".bubble.team")
        answer = page.inner_text(".bubble.team")
        said = page.inner_text(".bubble.visitor .said")
        page.screenshot(path=str(ARTEFACTS / "chat.png"), full_page=True)
        assert errors == []  # nothing the page tried was refused by its CSP
        assert [url for url in failed if not url.endswith("/favicon.ico")] == []  # its CSS and script loaded
    assert retention.title in answer
    assert retention.lines[0] in answer
    assert "A member of our team will also answer you by email at jo.example@example.com." in answer
    assert said == "Hello, how long do you keep my data?"
    tickets = asyncio.run(chat_tickets(database_url))
    assert [(channel, requester) for _, channel, requester in tickets] == [("chat", "jo.example@example.com")]
    reference = tickets[0][0]
    # Filed while the visitor waited, but an unverified form never names a reference: it would tell
    # anyone typing an address whether it has a ticket (issue 16, finding 2).
    assert reference and reference not in answer and "We will send you its reference by email." in answer
    publish_screenshots("chat.png", "chat_form.png")


def _widget_config(tmp_path: Path, web_port: int, relay_port: int, database_url: str) -> Path:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[smtp]\nport = {free_port()}\nrecipients = ["{INBOX}"]\n'
        f'[database]\nurl = "{database_url}"\n'
        f"[web]\nport = {web_port}\nsecure_cookies = false\n"
        f'[outbound]\nport = {relay_port}\n[pipeline]\npoll_interval = 0.2\n'
        "[chat]\nanswer_wait_seconds = 8.0\n")
    return config_file


def _ask(page, text: str, replies: int) -> str:
    """Type `text` in the widget, press Enter, and return the assistant's newest reply."""
    page.fill("#sdp-chat-input", text)
    page.press("#sdp-chat-input", "Enter")
    page.wait_for_function("n => document.querySelectorAll('.sdp-chat-msg.assistant').length >= n", arg=replies)
    return page.locator(".sdp-chat-msg.assistant").nth(replies - 1).inner_text()


@pytest.mark.slow
def test_the_widget_answers_in_english_and_files_a_verified_french_deletion(tmp_path: Path) -> None:
    """The demo page embeds the widget with one <script> tag. In English: how long data is kept, answered
    with the policy's sentence and its section. In French: a deletion, filed only once the code mailed
    to the address (read here from the relay sink) is typed back; the reference is then shown."""
    need_chromium()
    web_port, relay = free_port(), RelaySink().start()
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}"
    config_file = _widget_config(tmp_path, web_port, relay.port, database_url)
    base = f"http://127.0.0.1:{web_port}"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    try:
        with ServeProcess(config_file, tmp_path / "serve.log"), chromium() as browser:
            page = browser.new_page(viewport={"width": 1000, "height": 760}, locale="en-GB")
            page.goto(base + "/chat/demo")
            assert page.get_attribute(".sdp-chat-toggle", "aria-expanded") == "true"
            assert page.evaluate("document.activeElement.id") == "sdp-chat-input"  # focus goes to the message box
            answer = _ask(page, "How long do you keep my data?", 2)
            assert "The length of time during which we keep the information" in answer
            assert "Privacy policy, section: How long do we keep the information for?" in answer
            page.locator(".sdp-chat-msg.visitor").first.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(ARTEFACTS / "chat_widget.png"))
            _ask(page, "<img src=x onerror=alert(1)>", 3)
            said = page.locator(".sdp-chat-msg.visitor").nth(1)
            assert "<img src=x onerror=alert(1)>" in said.inner_text() and said.locator("img").count() == 0
            page.keyboard.press("Escape")
            assert page.is_hidden("#sdp-chat-panel")
            assert page.evaluate("document.activeElement.className") == "sdp-chat-toggle"

            phone = browser.new_page(viewport={"width": 390, "height": 780}, locale="fr-FR", has_touch=True)
            phone.goto(base + "/chat/demo?lang=fr")
            asked = _ask(phone, "je veux supprimer mon compte", 2)
            assert "effacer vos données" in asked and "adresse e-mail" in asked
            sent = _ask(phone, "jo.martin@example.com", 3)
            assert "un code à 6 chiffres" in sent
            [mail] = relay.wait_for(1)
            assert mail.recipients == ["jo.martin@example.com"]
            code = re.search(r"\b(\d{6})\b", mail.message.get_body(("plain",)).get_content()).group(1)
            filed = _ask(phone, code, 4)
            reference = phone.locator(".sdp-chat-ticket").get_attribute("data-reference")
            phone.screenshot(path=str(ARTEFACTS / "chat_widget_fr.png"))
    finally:
        relay.stop()
    assert reference and f"enregistrée sous la référence {reference}" in filed
    tickets = asyncio.run(chat_tickets(database_url))
    assert tickets == [(reference, "chat", "jo.martin@example.com")]
    publish_screenshots("chat_widget.png", "chat_widget_fr.png")
