"""The SMTP edge under abuse (issue 16): postmaster, long lines, connection floods, slow senders,
a thousand recipients, STARTTLS. Real clients (smtplib, raw sockets) against the real listener."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.channels.smtp import start_smtp_server, tls_context
from assistant.config import Config, ConfigError
from assistant.storage.database import Database
from assistant.storage.models import Message
from tests.conftest import INBOX, RunningService, make_config, with_smtp
from tests.support.ports import free_port
from tests.support.relay import self_signed_certificate

MAIL = (
    b"From: Alice Martin <alice@example.com>\r\nTo: contact-sodepac@sodepac.com\r\n"
    b"Subject: Delete my account\r\nMessage-ID: <abuse-1@example.com>\r\n\r\n"
    b"Please delete all the personal data you hold about me.\r\n"
)


@asynccontextmanager
async def listener(config: Config, db: Database, **smtp: object) -> AsyncIterator[int]:
    """A second listener on the test's database with some [smtp] keys changed; yields its port."""
    changed = with_smtp(config, port=free_port(), **smtp)
    server = await start_smtp_server(changed.smtp, db)
    try:
        yield changed.smtp.port
    finally:
        server.close()
        await server.wait_closed()


async def stored(db: Database) -> list[Message]:
    async with db.session() as session:
        return list((await session.execute(select(Message))).scalars())


async def in_thread(function: Callable[[], object]) -> object:
    return await asyncio.wait_for(asyncio.to_thread(function), timeout=30)


async def greeting(port: int, source: str = "127.0.0.1") -> tuple[bytes, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    line = await asyncio.wait_for(reader.readline(), timeout=5)
    return line, writer


async def test_postmaster_of_our_domain_is_accepted_and_stored(service: RunningService) -> None:
    """RFC 5321 §4.5.1: postmaster@ every domain we accept mail for, in any case."""
    code, reply = await service.send_async(MAIL, to="PostMaster@sodepac.com")
    assert code == 250, reply
    rows = await stored(service.db)
    assert [row.envelope_recipients for row in rows] == [["PostMaster@sodepac.com"]]
    code, _ = await service.send_async(MAIL, to="postmaster@example.com")
    assert code == 550  # still no relay for other domains


async def test_a_data_line_over_1000_characters_is_accepted(service: RunningService) -> None:
    """Was a permanent `500`: mail with long lines (HTML on one line) is common and harmless."""
    raw = MAIL + b"x" * 5000 + b"\r\n"
    code, reply = await service.send_async(raw)
    assert code == 250, reply
    assert (await stored(service.db))[0].raw == raw


async def test_a_line_past_the_configured_bound_gets_552_not_500(service: RunningService) -> None:
    async with listener(service.config, service.db, max_line_length=2000) as port:
        def send() -> tuple[int, int]:
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                client.ehlo("client.example.com")
                client.mail("a@example.com")
                client.rcpt(INBOX)
                try:
                    code = client.data(MAIL + b"y" * 5000 + b"\r\n")[0]
                except smtplib.SMTPDataError as error:
                    code = error.smtp_code
                return code, client.noop()[0]  # the session goes on

        assert await in_thread(send) == (552, 250)
    assert await stored(service.db) == []


async def test_connections_over_the_per_address_and_total_limits_get_421(service: RunningService) -> None:
    async with listener(service.config, service.db, max_connections=3, max_connections_per_address=2) as port:
        first, writer1 = await greeting(port)
        second, writer2 = await greeting(port)
        third, writer3 = await greeting(port)  # a third from the same address
        other, writer4 = await greeting(port, source="127.0.0.2")
        fifth, writer5 = await greeting(port, source="127.0.0.3")  # a fourth open session in total
        assert first.startswith(b"220") and second.startswith(b"220") and other.startswith(b"220")
        assert third.startswith(b"421 4.7.0") and fifth.startswith(b"421 4.7.0")
        writer1.close()
        await writer1.wait_closed()
        await asyncio.sleep(0.1)
        again, writer6 = await greeting(port)  # a closed session frees its place
        assert again.startswith(b"220")
        for writer in (writer2, writer3, writer4, writer5, writer6):
            writer.close()


async def test_an_idle_client_is_cut_off_with_421(service: RunningService) -> None:
    async with listener(service.config, service.db, idle_timeout_seconds=0.5) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.monotonic()
        rest = await asyncio.wait_for(reader.read(), timeout=5)  # until the server closes
        assert rest.startswith(b"220") and b"421 4.4.2" in rest
        assert time.monotonic() - started < 3
        writer.close()


async def test_a_byte_at_a_time_in_data_is_cut_off_by_the_data_limit(service: RunningService) -> None:
    """Each byte arrives well within the idle limit; the whole DATA phase still has a deadline."""
    async with listener(service.config, service.db, idle_timeout_seconds=5, data_timeout_seconds=1) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        await reader.readline()
        writer.write(b"HELO client.example.com\r\nMAIL FROM:<a@example.com>\r\n"
                     b"RCPT TO:<" + INBOX.encode() + b">\r\nDATA\r\n")
        for _ in range(4):
            await reader.readline()  # 250, 250, 250, 354
        started = time.monotonic()
        closed = False
        for byte in MAIL * 10:
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                closed = True
                break
            if reader.at_eof():
                closed = True
                break
            await asyncio.sleep(0.05)
            if time.monotonic() - started > 4:
                break
        assert closed, "the slow sender was never cut off"
        assert time.monotonic() - started < 3
        writer.close()
    assert await stored(service.db) == []


async def test_a_thousand_recipients_are_capped_with_452(service: RunningService) -> None:
    """RFC 5321 §4.5.3.1.8: at least 100 must be accepted; beyond the cap, 452 4.5.3."""
    def send() -> tuple[list[int], int]:
        with smtplib.SMTP("127.0.0.1", service.port, timeout=30) as client:
            client.ehlo("client.example.com")
            client.mail("a@example.com")
            codes = [client.rcpt(INBOX)[0] for _ in range(1000)]
            return codes, client.data(MAIL)[0]

    codes, data_code = await in_thread(send)
    assert codes[:100] == [250] * 100
    assert set(codes[100:]) == {452}
    assert data_code == 250
    assert [row.envelope_recipients for row in await stored(service.db)] == [[INBOX]]  # stored once, one recipient


async def test_require_starttls_refuses_mail_in_clear_and_accepts_it_over_tls(
    service: RunningService, tmp_path: Path
) -> None:
    cert, key = await asyncio.to_thread(self_signed_certificate, tmp_path)
    async with listener(service.config, service.db, tls_cert_file=str(cert), tls_key_file=str(key),
                        require_starttls=True, max_connections_per_address=1) as port:
        def send() -> tuple[int, int]:
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                client.ehlo("client.example.com")
                in_clear = client.mail("a@example.com")
                assert in_clear[1].startswith(b"5.7.0"), in_clear
                client.starttls(context=ssl.create_default_context(cafile=str(cert)))
                client.ehlo("client.example.com")
                client.mail("a@example.com")
                client.rcpt(INBOX)
                return in_clear[0], client.data(MAIL)[0]

        assert await in_thread(send) == (530, 250)
        await asyncio.sleep(0.1)
        again, writer = await greeting(port)  # the TLS session gave its place back
        assert again.startswith(b"220")
        writer.close()
    assert len(await stored(service.db)) == 1


async def test_a_command_line_over_512_octets_is_a_protocol_error_500_5_5_2(service: RunningService) -> None:
    """RFC 5321 §4.5.3.1.4: the one case where `500` is right; the session goes on."""
    reader, writer = await asyncio.open_connection("127.0.0.1", service.port)
    await reader.readline()
    writer.write(b"HELO " + b"h" * 600 + b"\r\nNOOP\r\n")
    too_long = await asyncio.wait_for(reader.readline(), timeout=5)
    assert too_long.startswith(b"500 5.5.2")
    assert (await asyncio.wait_for(reader.readline(), timeout=5)).startswith(b"250")
    writer.close()


def test_a_certificate_that_cannot_be_loaded_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    missing = with_smtp(make_config(tmp_path, "sqlite+aiosqlite:///:memory:"),
                        tls_cert_file=str(tmp_path / "missing.pem")).smtp
    with pytest.raises(ConfigError, match=r"smtp\.tls_cert_file"):
        tls_context(missing)
