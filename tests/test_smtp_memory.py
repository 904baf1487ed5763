"""Bounded memory per SMTP session (issue 16, finding 7): large DATA is spooled to a temporary file.

Twelve concurrent 9 MB messages took the process from 224 to 661 MB when aiosmtpd kept every
DATA line in memory. What the sender and staff must still see: the exact bytes stored, each
message processed. The memory figures themselves are in bench/bench_smtp_memory.py.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import smtplib
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from assistant.channels.smtp_data import read_data
from assistant.storage.models import Message, Ticket
from assistant.storage.states import MessageState
from tests.conftest import INBOX, RunningService
from tests.test_smtp_abuse import in_thread, listener


def large_request(number: int, attachment_bytes: int) -> bytes:
    """A deletion request with a scanned ID card attached, as people send them; one line starts with a dot."""
    scan = hashlib.shake_256(f"scan {number}".encode()).digest(attachment_bytes)
    encoded = base64.encodebytes(scan).replace(b"\n", b"\r\n")
    return (
        b"From: Claire Dubois <claire.dubois%d@example.fr>\r\nTo: contact-sodepac@sodepac.com\r\n"
        b"Subject: Suppression de mes donnees\r\nMessage-ID: <large-%d@example.fr>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Please delete all the personal data you hold about me. My ID card is attached.\r\n"
        b".a line that starts with a dot must arrive with its dot\r\n"
        b"--b1\r\nContent-Type: image/jpeg; name=\"id.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        % (number, number)
    ) + encoded + b"--b1--\r\n"


def send(port: int, raw: bytes) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo("client.example.com")
        client.mail("claire.dubois@example.fr")
        client.rcpt(INBOX)
        return client.data(raw)


async def stored_by_message_id(service: RunningService) -> dict[str, Message]:
    async with service.db.session() as session:
        return {row.message_id: row for row in (await session.execute(select(Message))).scalars()}


async def test_a_9_mb_message_is_stored_byte_for_byte_and_processed(service: RunningService) -> None:
    raw = large_request(1, 6_700_000)
    assert 9_000_000 < len(raw) < service.config.smtp.max_message_size
    code, reply = await in_thread(lambda: send(service.port, raw))
    assert code == 250, reply
    await service.settle(timeout=120)
    message = (await stored_by_message_id(service))["large-1@example.fr"]
    assert message.raw == raw
    assert message.state == MessageState.PROCESSED, message.error
    async with service.db.session() as session:
        ticket = await session.get(Ticket, message.ticket_id)
    assert ticket is not None  # a deletion request became a ticket despite its 9 MB attachment


async def test_concurrent_large_messages_are_all_stored(service: RunningService) -> None:
    """Six sessions at once, each above a small threshold: each spools to disk, each is stored exactly."""
    messages = [large_request(number, 900_000) for number in range(10, 16)]
    loop = asyncio.get_running_loop()
    # The clients get their own threads: the server reads its spools in the loop's default executor.
    with ThreadPoolExecutor(max_workers=len(messages)) as clients:
        async with listener(service.config, service.db, spool_threshold_bytes=64 * 1024) as port:
            replies = await asyncio.wait_for(asyncio.gather(
                *(loop.run_in_executor(clients, send, port, raw) for raw in messages)), timeout=60)
    assert [code for code, _ in replies] == [250] * len(messages), replies
    stored = await stored_by_message_id(service)
    for number, raw in zip(range(10, 16), messages, strict=True):
        assert stored[f"large-{number}@example.fr"].raw == raw


async def test_data_above_the_threshold_leaves_memory_for_a_file() -> None:
    """The bound itself: past the threshold the bytes are on disk; dots unstuffed (RFC 5321 §4.5.2)."""
    reader = asyncio.StreamReader(limit=10_000)
    lines = [b"Subject: spool\r\n", b"\r\n"] + [b"..dotted line %d\r\n" % n for n in range(20_000)]
    reader.feed_data(b"".join(lines) + b".\r\n")
    _, spool = await read_data(reader, threshold=64 * 1024, size_limit=None, line_limit=10_000)
    assert spool.on_disk
    assert await spool.read() == b"".join(line[1:] if line.startswith(b".") else line for line in lines)
    spool.close()
