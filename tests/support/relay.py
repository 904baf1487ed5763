"""A real SMTP relay for tests: aiosmtpd on a free loopback port, recording what it receives.

It answers as told: 250 (accept), a 4xx or a 5xx to the message data, or it records the
message and then holds its answer until released (to kill the sender right after the relay
has the message). The threaded Controller is fine here: the relay is not the service.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.ports import free_port


@dataclass(frozen=True)
class Received:
    """One message the relay accepted: the envelope and the exact bytes."""

    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.raw)  # type: ignore[return-value]


@dataclass
class _Handler:
    answer: str = "250 2.0.0 Ok: queued"
    hold: bool = False
    received: list[Received] = field(default_factory=list)
    refused: list[bytes] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if not self.answer.startswith("250"):
            self.refused.append(raw)
            return self.answer
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw))
        self.arrived.set()
        while self.hold and not self.released.is_set():
            await asyncio.sleep(0.05)
        return self.answer


class RelaySink:
    """Start with `start()`, stop with `stop()`; `port` is fixed before start so a sender can be
    configured (and fail to connect) before the relay exists."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Handler()
        self._controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def refused(self) -> list[bytes]:
        return self.handler.refused

    def answer_with(self, reply: str) -> None:
        """e.g. "451 4.3.0 try later" or "550 5.1.1 no such user"; "250 ..." to accept again."""
        self.handler.answer = reply

    def hold_answers(self) -> None:
        """Record each message, then answer only after `release()`."""
        self.handler.hold = True

    def release(self) -> None:
        self.handler.released.set()

    def start(self) -> RelaySink:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                      server_hostname="relay.test", ready_timeout=10)
        self._controller.start()
        return self

    def stop(self) -> None:
        self.release()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        """Block until the relay has `count` messages (call through asyncio.to_thread from async tests)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the relay has {len(self.received)} messages, expected {count}")
            time.sleep(0.05)
        return list(self.received)

    async def wait_for_async(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the relay has {len(self.received)} messages, expected {count}")
            await asyncio.sleep(0.05)
        return list(self.received)

    def __enter__(self) -> RelaySink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
