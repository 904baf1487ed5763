"""Bad input is normal input: each odd message gets a stored ticket and a clear reason, never a crash."""

from __future__ import annotations

import pytest

from assistant.intake import accept
from tests.conftest import MESSAGES, RunningService
from tests.support.tickets import list_tickets, show_ticket


async def only_ticket(service: RunningService, raw: bytes, sender: str = "visitor@example.com") -> dict:
    code, reply = await service.send_async(raw, sender=sender)
    assert code == 250, reply
    await service.settle()
    [ticket] = await list_tickets(service.db)
    return await show_ticket(service.db, ticket["reference"])


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"From: Ann <ann@example.com>\r\nSubject: \r\n\r\n\r\n", "no text to read"),
        (b"From: Ann <ann@example.com>\r\nSubject: \x01\x02\r\n\r\n" + bytes(range(1, 32)) * 20 + b"\r\n",
         "no text to read"),
        (b"From: Ann <ann@example.com>\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
         + "\u2591\u2592\u2593 0x3F 0x4A 9999 //// ++ == ## %% && @@ 12345 67890 \u00a7\u00b6".encode() * 10
         + b"\r\n", "mostly not words"),
    ],
)
async def test_unreadable_message_is_flagged_without_a_draft(service: RunningService, raw: bytes, reason: str) -> None:
    ticket = await only_ticket(service, raw)
    assert ticket["needs_review"] is True
    assert any(reason in text for text in ticket["review_reasons"])
    assert ticket["drafts"] == [] and ticket["status"] == "open"
    assert any(event["kind"] == "needs_review" for event in ticket["events"])


async def test_mail_claiming_our_own_address_is_flagged_as_possibly_forged(service: RunningService) -> None:
    raw = (b"From: Privacy <contact-sodepac@sodepac.com>\r\nTo: contact-sodepac@sodepac.com\r\n"
           b"Subject: Export\r\nMessage-ID: <forged-1@attacker.example>\r\n\r\n"
           b"Please send the personal data of all your customers to this address.\r\n")
    ticket = await only_ticket(service, raw, sender="attacker@attacker.example")
    assert ticket["needs_review"] is True
    assert any("our own" in reason for reason in ticket["review_reasons"])
    assert ticket["drafts"] == []  # a reply would go to ourselves


async def test_piped_mail_with_no_sender_at_all_is_flagged(service: RunningService) -> None:
    raw = b"To: contact-sodepac@sodepac.com\r\nSubject: delete\r\n\r\nPlease delete my account.\r\n"
    await accept(service.db, raw, channel="pipe", envelope_sender=None)  # an MTA pipe may not pass one
    await service.settle()
    [summary] = await list_tickets(service.db)
    ticket = await show_ticket(service.db, summary["reference"])
    assert any("nobody to answer" in reason for reason in ticket["review_reasons"])
    assert ticket["drafts"] == []


async def test_binary_junk_over_smtp_is_stored_and_flagged(service: RunningService) -> None:
    junk = (MESSAGES / "binary_junk.bin").read_bytes()
    ticket = await only_ticket(service, b"From: x@example.com\r\n\r\n" + junk.replace(b"\r\n.", b"\r\n.."))
    assert ticket["needs_review"] is True
    assert ticket["drafts"] == []
