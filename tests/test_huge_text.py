"""Finding 3 (issue 16): a message of more than 1,000,000 characters of text still becomes a ticket.

It used to get `250` and then fail in spaCy (E088, text longer than nlp.max_length) on every
retry, so it never reached anyone. Now the classifier and the entity extraction read a bounded
prefix and the ticket is flagged for review, saying so.
"""

from __future__ import annotations

from sqlalchemy import select

from assistant.pipeline.steps.classify import MAX_READ_CHARACTERS
from assistant.storage.models import Message
from tests.conftest import RunningService
from tests.support.tickets import list_tickets, show_ticket

SENTENCE = "Please delete all the personal data you hold about me and confirm it in writing. "


def huge_mail() -> bytes:
    body = (SENTENCE * 16_000).encode()  # 1.3 million characters, under the 10 MB size limit
    lines = b"\r\n".join(body[start:start + 76] for start in range(0, len(body), 76))
    return (b"From: Alice Martin <alice@example.com>\r\nTo: contact-sodepac@sodepac.com\r\n"
            b"Subject: Delete my data\r\nMessage-ID: <huge-1@example.com>\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + lines + b"\r\n")


async def test_a_message_over_a_million_characters_becomes_a_ticket_flagged_for_review(
    service: RunningService,
) -> None:
    raw = huge_mail()
    assert len(raw) > 1_000_000
    code, reply = await service.send_async(raw)
    assert code == 250, reply
    await service.settle(timeout=120)
    async with service.db.session() as session:
        message = (await session.execute(select(Message))).scalar_one()
    assert message.state == "processed", message.error
    [ticket] = await list_tickets(service.db)
    assert ticket["primary"] == "deletion"
    assert ticket["needs_review"] is True
    detail = await show_ticket(service.db, ticket["reference"])
    reasons = " ".join(detail["review_reasons"])
    assert f"first {MAX_READ_CHARACTERS:,}" in reasons
