"""The SMTP edge: our addresses only, 250 only after the commit, 451 when storing fails, 552 when too big."""

from __future__ import annotations

import asyncio
import smtplib

from sqlalchemy import func, select

from assistant.channels.smtp import start_smtp_server
from assistant.storage.database import Database
from assistant.storage.models import Message
from tests.conftest import INBOX, MESSAGES, RunningService, with_smtp
from tests.support.ports import free_port

PLAIN = (
    b"From: Alice Martin <alice@example.com>\r\nTo: contact-sodepac@sodepac.com\r\n"
    b"Subject: Copy of my data\r\nMessage-ID: <plain-1@example.com>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n"
    b"\r\nHello, please send me a copy of all the personal data you hold about me.\r\nAlice\r\n"
)


async def stored_count(db: Database) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count(Message.id)))).scalar_one()


async def test_mail_for_the_inbox_is_stored_before_250(service: RunningService) -> None:
    code, reply = await service.send_async(PLAIN)
    assert code == 250, reply
    async with service.db.session() as session:
        row = (await session.execute(select(Message))).scalar_one()
    assert row.raw == PLAIN  # the exact bytes, nothing decoded or rewritten
    assert row.envelope_recipients == [INBOX]
    assert row.channel == "email"


async def test_recipient_match_is_case_insensitive(service: RunningService) -> None:
    code, _ = await service.send_async(PLAIN, to="Contact-SODEPAC@SodePac.com")
    assert code == 250


async def test_other_recipients_get_550_and_nothing_is_stored(service: RunningService) -> None:
    raw = (MESSAGES / "en_wrong_recipient.eml").read_bytes()
    for address in ("someone-else@sodepac.com", "contact-sodepac@example.com", "victim@gmail.example"):
        code, reply = await service.send_async(raw, to=address)
        assert code == 550 and reply.startswith(b"5.1.1"), (address, reply)
    assert await stored_count(service.db) == 0


async def test_oversize_message_gets_552(service: RunningService, db: Database) -> None:
    small = with_smtp(service.config, port=free_port(), max_message_size=2048)
    server = await start_smtp_server(small.smtp, db)
    try:
        big = PLAIN + (b"x" * 76 + b"\r\n") * 60

        def send() -> int:
            with smtplib.SMTP("127.0.0.1", small.smtp.port, timeout=30) as client:
                client.ehlo("client.example.com")
                client.mail("a@example.com")
                client.rcpt(INBOX)
                try:
                    return client.data(big)[0]
                except smtplib.SMTPDataError as error:
                    return error.smtp_code
                except smtplib.SMTPServerDisconnected:
                    return 552

        assert await asyncio.to_thread(send) == 552
    finally:
        server.close()
        await server.wait_closed()
    assert await stored_count(service.db) == 0


async def test_storage_failure_answers_451_never_250(service: RunningService, tmp_path) -> None:
    broken = Database(f"sqlite+aiosqlite:///{tmp_path / 'no-schema.db'}")  # no tables: every insert fails
    config = with_smtp(service.config, port=free_port())
    server = await start_smtp_server(config.smtp, broken)
    try:
        def send() -> tuple[int, bytes]:
            with smtplib.SMTP("127.0.0.1", config.smtp.port, timeout=30) as client:
                client.ehlo("client.example.com")
                client.mail("a@example.com")
                client.rcpt(INBOX)
                try:
                    return client.data(PLAIN)
                except smtplib.SMTPDataError as error:
                    return error.smtp_code, error.smtp_error

        code, reply = await asyncio.to_thread(send)
        assert code == 451, reply
    finally:
        server.close()
        await server.wait_closed()
        await broken.close()


async def test_the_same_message_twice_is_stored_once(service: RunningService) -> None:
    first = await service.send_async(PLAIN)
    again = await service.send_async(b"Received: from relay2.example.net by mx\r\n" + PLAIN)
    assert first[0] == again[0] == 250
    assert b"already received" in again[1]
    assert await stored_count(service.db) == 1


async def test_reused_message_id_with_other_content_is_stored_and_flagged(service: RunningService) -> None:
    await service.send_async(PLAIN)
    other = PLAIN.replace(b"a copy of all", b"the list of all")
    code, _ = await service.send_async(other)
    assert code == 250
    async with service.db.session() as session:
        rows = (await session.execute(select(Message).order_by(Message.id))).scalars().all()
    assert len(rows) == 2
    assert rows[0].flag is None
    assert "already used by a different message" in rows[1].flag


async def test_message_without_message_id_gets_a_stable_derived_id(service: RunningService) -> None:
    raw = (MESSAGES / "en_no_message_id.eml").read_bytes()
    await service.send_async(raw)
    await service.send_async(raw)
    async with service.db.session() as session:
        rows = (await session.execute(select(Message))).scalars().all()
    assert len(rows) == 1
    assert rows[0].message_id_derived and rows[0].message_id.endswith(".invalid")
