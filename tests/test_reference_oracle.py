"""Finding 2 (issue 16): the chat form gives the same answer whether a typed reference belongs to the
typed address or not, so it cannot be used to learn who has a ticket with us.

Before: a message naming the owner's address and their reference threaded into their ticket and
was answered "we will send you its reference by email", while any other combination opened a
ticket and was answered "registered under PRIV-...": an ownership oracle over sequential
references. An unverified form now never shows a reference (the conversation's one-time code is
what lets the chat name one, `assistant/chat/filing.py`).
"""

from __future__ import annotations

from tests.test_chat import chat_app, chat_config, page_text, send, visitor

ABOUT = "About {reference}: how long do you keep the personal data in my account?"


def answer_part(response, *typed: str) -> str:
    """What the chat answered, without the visitor's own words (message, address) echoed back."""
    text = page_text(response)
    for words in typed:
        text = text.replace(words, "")
    return text


async def test_the_owner_and_a_stranger_get_the_same_answer_about_a_reference(config, db, worker) -> None:
    app = chat_app(chat_config(config, answer_wait_seconds=10.0), db, on_stored=worker.notify)
    async with visitor(app) as http:
        first = await send(http, address="victim@example.com", name="",
                           message="How long do you keep the personal data in my account?")
    assert first.status_code == 200
    answers = {}
    for case, address, reference in (("owner's address and reference", "victim@example.com", "PRIV-2026-000001"),
                                     ("someone else's reference", "other@example.com", "PRIV-2026-000001"),
                                     ("no such reference", "victim@example.com", "PRIV-2026-000999")):
        typed = ABOUT.format(reference=reference)
        async with visitor(app, ip=f"192.0.2.{len(answers) + 10}") as http:
            response = await send(http, address=address, name="", message=typed)
        assert response.status_code == 200
        answers[case] = answer_part(response, typed, address)
    assert len(set(answers.values())) == 1, answers
    assert "PRIV-" not in next(iter(answers.values()))
    assert "We will send you its reference by email." in next(iter(answers.values()))
