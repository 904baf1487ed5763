"""A real SMTP relay for tests: aiosmtpd on a free loopback port, recording what it receives.

It answers as told: 250 (accept), a 4xx or a 5xx to the message data, or it records the
message and then holds its answer until released (to kill the sender right after the relay
has the message). The threaded Controller is fine here: the relay is not the service.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.support.ports import free_port


@dataclass(frozen=True)
class Received:
    """One message the relay accepted: the envelope, the exact bytes, and how the client came in."""

    sender: str
    recipients: list[str]
    raw: bytes
    encrypted: bool = False
    login: str | None = None

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
        login = session.auth_data if isinstance(session.auth_data, str) else None
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), raw,
                                      encrypted=server.transport.get_extra_info("ssl_object") is not None,
                                      login=login))
        self.arrived.set()
        while self.hold and not self.released.is_set():
            await asyncio.sleep(0.05)
        return self.answer


class RelaySink:
    """Start with `start()`, stop with `stop()`; `port` is fixed before start so a sender can be
    configured (and fail to connect) before the relay exists."""

    def __init__(self, port: int | None = None, *, tls: str = "none", certificate: tuple[Path, Path] | None = None,
                 credentials: tuple[str, str] | None = None) -> None:
        """tls: "none", "starttls" (required before MAIL) or "tls" (implicit, RFC 8314);
        certificate: (cert, key) files for TLS; credentials: the only login accepted, over TLS only."""
        self.port = port or free_port()
        self.handler = _Handler()
        self.tls = tls
        self.certificate = certificate
        self.credentials = credentials
        self._controller: Controller | None = None

    def _server_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        if self.tls != "none":
            assert self.certificate is not None, "TLS needs a certificate"
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.certificate)
            options["ssl_context" if self.tls == "tls" else "tls_context"] = context
            if self.tls == "starttls":
                options["require_starttls"] = True
        if self.credentials is not None:
            # Over implicit TLS aiosmtpd does not see the encryption itself: only STARTTLS needs the check.
            options.update(authenticator=self._authenticate, auth_required=True,
                           auth_require_tls=self.tls == "starttls")
        return options

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                      auth_data: Any) -> AuthResult:
        assert self.credentials is not None
        login, password = self.credentials
        if isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
                login.encode(), password.encode()):
            return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

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
                                      server_hostname="relay.test", ready_timeout=10, **self._server_options())
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


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, its own authority: point SSL_CERT_FILE at it to trust it."""
    cert, key = folder / "relay-cert.pem", folder / "relay-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key
