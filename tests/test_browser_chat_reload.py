"""The website chat in Debian's headless Chromium: the answer page survives a reload (and is never shown
in another browser), and what a visitor typed survives switching language and a rate-limit refusal."""

from __future__ import annotations

import pytest

from assistant.storage.database import Database
from tests.support.browser import browser_fixture, console_fixture

pytestmark = pytest.mark.browser
PER_HOUR = 2
FIRST_MESSAGE_SECONDS = 120  # the first message loads the intent model, slow on a busy CI machine
QUESTION = "Hello, how long do you keep the data of my customer account?"


async def no_seed(db: Database) -> None:
    return None


browser = browser_fixture()
console = console_fixture("chat-reload", no_seed, chat={"answer_wait_seconds": 0.2, "per_hour": PER_HOUR})


def fill(page, address: str, message: str = QUESTION) -> None:
    page.fill("input[name=address]", address)
    page.fill("input[name=name]", "Jo")
    page.fill("textarea[name=message]", message)


def chat_page(browser, console, address: str):
    """A visitor of their own (a new browser context) with the chat form filled in."""
    page = browser.new_context(locale="en-GB").new_page()
    page.set_default_timeout(FIRST_MESSAGE_SECONDS * 1000)
    page.goto(console.url + "/chat")
    fill(page, address)
    return page


def test_the_answer_survives_a_reload_and_another_browser_cannot_see_it(browser, console) -> None:
    page = chat_page(browser, console, "jo.reload@example.com")
    page.click("button:has-text('Send')")
    page.wait_for_selector(".chat-thread")
    assert "/chat/answer/" in page.url
    answer = page.inner_text(".bubble.team")
    page.reload()
    assert page.inner_text(".bubble.visitor .said") == QUESTION
    assert page.inner_text(".bubble.team") == answer  # the same answer, not "write your message again"
    page.click("a.chat-lang")  # the answer in French, same message
    assert page.get_attribute("html", "lang") == "fr" and page.inner_text(".bubble.visitor .said") == QUESTION
    stranger = browser.new_context(locale="en-GB").new_page()  # another session, with the same URL
    response = stranger.goto(page.url)
    assert response.status == 404
    assert QUESTION not in stranger.content() and "jo.reload@example.com" not in stranger.content()


def test_typed_text_survives_a_language_switch_and_a_rate_limit_refusal(browser, console) -> None:
    page = chat_page(browser, console, "jo.switch@example.com")
    page.click("a.chat-lang[lang=fr]")
    page.wait_for_selector("html[lang=fr]")
    assert page.input_value("textarea[name=message]") == QUESTION
    assert page.input_value("input[name=address]") == "jo.switch@example.com"
    assert page.input_value("input[name=name]") == "Jo"
    page.click("button:has-text('Envoyer')")
    page.wait_for_selector(".chat-thread")
    assert "Merci pour votre message, Jo." in page.inner_text("h1")
    for number in range(PER_HOUR + 1):  # one IP, one address: the refusal comes within the hour's allowance
        page.click("text=Écrire un autre message")
        typed = f"Question {number}: do you share my data with your partners?"
        fill(page, "jo.switch@example.com", typed)
        page.click("button:has-text('Envoyer')")
        page.wait_for_selector(".chat-thread, .chat-alert")
        if page.locator(".chat-alert").count():
            break
    assert "Merci de patienter un peu" in page.inner_text(".chat-alert")  # refused, and the text kept:
    assert page.input_value("textarea[name=message]") == typed
    assert page.input_value("input[name=address]") == "jo.switch@example.com"
