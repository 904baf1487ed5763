"""The chat's answer page at its own URL (post/redirect/get): a reload shows the stored message and its
answer again, only in the browser that sent it; typed text survives a language switch and a rate-limit
refusal. (In Chromium: tests/test_browser_chat_reload.py.)"""

from __future__ import annotations

import re
import time

from sqlalchemy import update

from assistant.storage.models import Message, utcnow
from assistant.web import chat_answers
from tests.support.web import csrf_of
from tests.test_chat import (
    _shared_classifier,  # noqa: F401 (an autouse fixture: one classifier for the session)
    chat_app,
    chat_config,
    page_text,
    send,
    stored,
    visitor,
)

QUESTION = "How long do you keep my data? <b>Jo</b>"


async def sent_answer(http) -> tuple[str, str]:
    """Sends the question; the answer page's URL and text."""
    form = await http.get("/chat")
    posted = await http.post("/chat", data={"csrf_token": csrf_of(form.text), "address": "jo@example.com",
                                            "name": "Jo", "message": QUESTION})
    assert posted.status_code == 303, posted.text
    url = posted.headers["location"]
    # No personal data in the URL: the message's key, a time, a random part and a signature, nothing else
    # (a random signature may spell "jo": the check is the URL's shape and the address's absence).
    assert re.fullmatch(r"/chat/answer/\d+-\d+-[0-9a-f]+\.[\w-]+\?lang=en", url), url
    assert "example" not in url.lower() and "%40" not in url and "@" not in url
    page = await http.get(url)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    return url, page_text(page)


async def test_a_reload_shows_the_stored_message_and_the_answer_again(config, db) -> None:
    app = chat_app(chat_config(config, answer_wait_seconds=0.1), db)
    async with visitor(app) as http:
        url, first = await sent_answer(http)
        again = await http.get(url)
        french = await http.get(url.replace("lang=en", "lang=fr"))
    assert again.status_code == 200 and page_text(again) == first
    assert QUESTION in first and "Thank you for your message, Jo." in first
    assert "&lt;b&gt;Jo&lt;/b&gt;" in again.text  # the visitor's text stays text
    assert "Merci pour votre message, Jo." in page_text(french) and QUESTION in page_text(french)
    assert len(await stored(db)) == 1  # reloads store nothing more


async def test_another_browser_never_sees_the_message_even_with_the_url(config, db) -> None:
    app = chat_app(chat_config(config, answer_wait_seconds=0.1), db)
    async with visitor(app) as http:
        url, _ = await sent_answer(http)
        token = url.split("/")[-1].split("?")[0]
        pk_part, signature = token.rsplit(".", 1)
        tampered = await http.get(f"/chat/answer/{int(pk_part.split('-')[0]) + 1}-{pk_part.split('-', 1)[1]}."
                                  f"{signature}")
    async with visitor(app, ip="192.0.2.80") as stranger:
        await sent_answer(stranger)  # a visitor of its own, with its own answer page
        seen = await stranger.get(url)
    for refused in (seen, tampered):
        assert refused.status_code == 404 and QUESTION not in refused.text
        assert "shown again only in the browser that sent it" in page_text(refused)


async def test_the_answer_expires_and_a_purged_message_is_never_shown(config, db, monkeypatch) -> None:
    app = chat_app(chat_config(config, answer_wait_seconds=0.1), db)
    async with visitor(app) as http:
        url, _ = await sent_answer(http)
        later = time.time() + chat_answers.ANSWER_HOURS * 3600 + 60
        monkeypatch.setattr(chat_answers.time, "time", lambda: later)
        expired = await http.get(url)
        monkeypatch.undo()
        async with db.session() as session, session.begin():
            await session.execute(update(Message).values(content_purged_at=utcnow()))
        purged = await http.get(url)
    assert expired.status_code == 404 and purged.status_code == 404
    assert QUESTION not in expired.text and QUESTION not in purged.text


async def test_typed_text_survives_a_language_switch_and_nothing_is_sent(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        form = await http.get("/chat")
        switched = await http.post("/chat", data={"csrf_token": csrf_of(form.text), "address": "jo@example.com",
                                                  "name": "Jo", "message": QUESTION, "switch_language": "fr"})
        sent = await send(http, token=csrf_of(switched.text), lang="fr")
    assert switched.status_code == 200 and '<html lang="fr">' in switched.text
    assert "How long do you keep my data? &lt;b&gt;Jo&lt;/b&gt;</textarea>" in switched.text
    assert 'value="jo@example.com"' in switched.text and 'value="Jo"' in switched.text
    assert sent.status_code == 200 and "Merci pour votre message" in page_text(sent)
    assert len(await stored(db)) == 1  # the switch itself sent nothing


async def test_a_rate_limit_refusal_keeps_the_typed_text(config, db) -> None:
    app = chat_app(chat_config(config, per_hour=1, answer_wait_seconds=0.1), db)
    async with visitor(app) as http:
        assert (await send(http, message="First question about my data")).status_code == 200
        refused = await send(http, message=QUESTION)
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 3600
    assert "Please wait a little" in page_text(refused)
    assert "How long do you keep my data? &lt;b&gt;Jo&lt;/b&gt;</textarea>" in refused.text
    assert len(await stored(db)) == 1
