"""Finding 6 (issue 16): no automatic acknowledgement to a forged sender (backscatter), and none that
echoes what the sender wrote.

Before: with `acknowledge = true`, mail whose From: named any address made the company mail that
address an acknowledgement carrying the attacker's subject and display name: a spam relay. Now
an acknowledgement goes only where the sender is proven (a DMARC pass reported by our server,
a chat code) or the SMTP envelope sender is aligned with From:, and it is written from our own
values only (RFC 3834 section 3.2: responders must not become a vector for abuse).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from assistant.config import Config
from assistant.mail.authentication import envelope_aligned
from assistant.pipeline.runner import process_message
from assistant.storage.models import Event, OutboxItem
from assistant.web import create_app
from tests.conftest import RunningService
from tests.support.flow import outbox_rows, request_mail, sender_for
from tests.support.relay import RelaySink
from tests.test_chat import chat_config, send, stored, visitor

SPAM_SUBJECT = "WIN 5000 EUR NOW: http://prize.example.net/claim"
SPAM_NAME = "Claim your prize at http://prize.example.net"


@pytest.fixture
def relay():
    with RelaySink() as sink:
        yield sink


def acknowledging(service: RunningService, config: Config, **identity: str) -> None:
    service.worker.tools = replace(service.worker.tools, config=replace(
        config, replies=replace(config.replies, acknowledge=True),
        identity=replace(config.identity, **identity)))


async def deliver(service: RunningService, raw: bytes, *, envelope: str) -> None:
    code, reply = await service.send_async(raw, sender=envelope)
    assert code == 250, reply
    await service.settle()


def spam(address: str = "victim@example.org", *, headers: bytes = b"") -> bytes:
    return headers + request_mail(name=SPAM_NAME, address=address, subject=SPAM_SUBJECT, message_id="s1@example.net",
                                  body="Hello, please send me a copy of all the personal data you hold about me.")


async def acknowledgement_events(service: RunningService) -> list[str]:
    async with service.db.session() as session:
        return list((await session.execute(select(Event.detail).where(Event.kind == "acknowledgement_skipped")))
                    .scalars())


async def test_a_forged_from_gets_no_acknowledgement(service: RunningService, config: Config) -> None:
    acknowledging(service, config)
    await deliver(service, spam(), envelope="bulk@prize.example.net")
    assert await outbox_rows(service.db) == []
    [why] = await acknowledgement_events(service)
    assert "not aligned" in why and "bulk@prize.example.net" not in why  # the reason, not the attacker's text


async def test_a_null_envelope_sender_gets_no_acknowledgement(service: RunningService, config: Config) -> None:
    acknowledging(service, config)
    await deliver(service, spam(), envelope="")
    assert await outbox_rows(service.db) == []


async def test_an_aligned_sender_is_acknowledged_without_its_subject_or_name(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    acknowledging(service, config)
    await deliver(service, spam(), envelope="victim@example.org")
    [row] = await outbox_rows(service.db)
    assert row.kind == "acknowledgement" and row.recipients == ["victim@example.org"]
    await sender_for(service.db, config, relay).send_due()
    [received] = relay.received
    ack = received.message
    assert str(ack["To"]) == "victim@example.org"
    assert str(ack["Subject"]).startswith("Your request PRIV-") and "received" in str(ack["Subject"])
    whole = received.raw.decode("utf-8", "replace")
    for echoed in ("prize.example.net", "WIN", "5000", "Claim your prize"):
        assert echoed not in whole


async def test_a_dmarc_pass_from_our_server_is_acknowledged(service: RunningService, config: Config) -> None:
    acknowledging(service, config, authserv_id="mx.sodepac.com")
    results = b"Authentication-Results: mx.sodepac.com; spf=fail; dmarc=pass header.from=example.org\r\n"
    await deliver(service, spam(headers=results), envelope="bounces@mailer.example.com")
    rows = await outbox_rows(service.db)
    assert [row.kind for row in rows] == ["acknowledgement"]


async def test_a_chat_question_with_a_typed_address_gets_no_acknowledgement(config: Config, db, tools) -> None:
    """The chat's envelope is whatever address the visitor typed: only its emailed code proves it."""
    app = create_app(chat_config(config), db, secret_key=b"chat-key" * 4, classifier=tools.classifier)
    async with visitor(app) as http:
        assert (await send(http, address="victim@example.org", name=SPAM_NAME)).status_code == 200
    acknowledging_tools = replace(tools, config=replace(config, replies=replace(config.replies, acknowledge=True)))
    [row] = await stored(db)
    assert (await process_message(db, acknowledging_tools, row.id)).ticket_reference
    async with db.session() as session:
        assert (await session.execute(select(OutboxItem.kind))).scalars().all() == []


@pytest.mark.parametrize(("envelope", "sender", "aligned"), [
    ("ann@example.org", "Ann@Example.org", True),
    ("bounce-123@mail.example.org", "ann@example.org", True),  # a subdomain: relaxed alignment
    ("ann@example.org", "ann@news.example.org", True),
    ("ann@example.org.evil.net", "ann@example.org", False),
    ("ann@badexample.org", "ann@example.org", False),
    ("", "ann@example.org", False),
    (None, "ann@example.org", False),
    ("ann@example.org", "", False),
])
def test_envelope_alignment(envelope: str | None, sender: str, aligned: bool) -> None:
    assert envelope_aligned(envelope, sender) is aligned
