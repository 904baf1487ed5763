"""Fuzzing (issue 16): any bytes a client sends are stored and then filed, never an unhandled exception.

Random and mutated MIME goes through `accept()` (what SMTP, IMAP and `ingest` call) and the
whole pipeline (`process_message`, whose first step parses). A step that raised would leave the
message `failed`; every example must end `processed`, in bounded time. The budget is small
(`max_examples`), so this runs in CI on every push; hypothesis shrinks a failure to its cause.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant.config import Config
from assistant.intake import accept
from assistant.pipeline.context import PipelineTools
from assistant.pipeline.runner import process_message
from assistant.storage.database import Database
from tests.conftest import MESSAGES, make_config

SEEDS = [path.read_bytes() for path in sorted(MESSAGES.glob("*.eml"))]
SECONDS_PER_MESSAGE = 20  # generous on a shared 2-core machine; a hang would blow far past it


def nested_rfc822(depth: int) -> bytes:
    """A message forwarded as an attachment `depth` times (message/rfc822 inside message/rfc822)."""
    inner = SEEDS[0]
    for level in range(depth):
        inner = (b"From: fwd%d@example.com\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
                 b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\nContent-Type: text/plain\r\n\r\n"
                 b"see attached\r\n--b%d\r\nContent-Type: message/rfc822\r\n\r\n" % (level, level, level, level)
                 + inner + b"\r\n--b%d--\r\n" % level)
    return inner


def many_parts(count: int) -> bytes:
    part = b"--p\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    return (b"From: a@example.com\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=p\r\n\r\n" + part * count + b"--p--\r\n")


def base64_bomb(size: int) -> bytes:
    """A small base64 body that decodes to a large run of zeros (compresses well in transit)."""
    payload = base64.encodebytes(b"\x00" * size)
    return (b"From: a@example.com\r\nSubject: bomb\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + payload)


def huge_header(size: int, value: bytes) -> bytes:
    return b"From: a@example.com\r\nSubject: " + value * size + b"\r\nX-Long: " + b"y" * size + b"\r\n\r\nhello\r\n"


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real message with bytes flipped, inserted, cut, or the end truncated."""
    raw = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, max(len(raw) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and raw:
            raw[position] = draw(st.integers(0, 255))
        elif action == "insert":
            raw[position:position] = draw(st.sampled_from([b"\r\n", b"--", b"=?utf-8?b?", b"\x00", b":", b"\xff\xfe",
                                                           b"Content-Type: multipart/mixed; boundary=",
                                                           b"\r\n\r\n", b"=\r\n", b"charset=\"x-unknown\""]))
        elif action == "delete":
            del raw[position:position + draw(st.integers(1, 40))]
        else:
            del raw[position:]
    return bytes(raw)


MIME = st.one_of(
    mutated(),
    st.binary(min_size=0, max_size=2000),
    st.builds(lambda head, body: b"From: a@example.com\r\nSubject: " + head + b"\r\n\r\n" + body,
              st.binary(max_size=200), st.binary(max_size=2000)),
    st.builds(nested_rfc822, st.integers(1, 50)),
    st.builds(many_parts, st.sampled_from([1, 100, 5000])),
    st.builds(base64_bomb, st.sampled_from([10, 200_000, 3_000_000])),
    st.builds(huge_header, st.sampled_from([1000, 100_000]), st.sampled_from([b"z", "é".encode(), b"\xe9"])),
)


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    yield running
    running.close()


def test_any_bytes_are_stored_and_filed_without_an_unhandled_exception(
    tmp_path: Path, database_url: str, classifier, loop: asyncio.AbstractEventLoop
) -> None:
    config: Config = make_config(tmp_path, database_url)
    tools = PipelineTools(config=config, classifier=classifier)
    db = Database(config.database_url)
    loop.run_until_complete(db.migrate())

    async def through_the_service(raw: bytes) -> None:
        stored = await accept(db, raw, channel="pipe", envelope_sender="fuzz@example.com")
        if stored.duplicate:
            return
        started = time.monotonic()
        outcome = await process_message(db, tools, stored.message_pk)
        assert outcome.state == "processed", outcome.detail
        assert time.monotonic() - started < SECONDS_PER_MESSAGE

    @settings(max_examples=40, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(MIME)
    @example(nested_rfc822(50))  # the extremes every run, whatever the draw
    @example(many_parts(5000))
    @example(base64_bomb(3_000_000))
    @example(huge_header(100_000, b"\xe9"))
    @example(b"")
    def check(raw: bytes) -> None:
        loop.run_until_complete(through_the_service(raw))

    try:
        check()
    finally:
        loop.run_until_complete(db.close())
