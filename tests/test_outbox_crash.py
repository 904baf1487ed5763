"""The service killed right after the relay accepted a reply: after a restart it is never sent twice.

`privacy-assistant serve` runs as a separate process, as in production; the relay is a real
aiosmtpd sink that records the message and holds its 250 until the service has been killed,
so the service never learns that the relay has it.
"""

from __future__ import annotations

import os
import re
import signal
import smtplib
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import TypeVar

import pytest

from tests.conftest import INBOX
from tests.support.cli import add_staff, cli, cli_json, start_serve, write_config
from tests.support.relay import RelaySink
from tests.test_crash_recovery import smtp_port

T = TypeVar("T")
PLACEHOLDER = re.compile(r"\[\[\s*STAFF\s*:[^\n]*?(\]\]|$)", re.IGNORECASE | re.MULTILINE)


def request() -> bytes:
    message = EmailMessage()
    message["From"] = "Jane Roe <jane.roe@example.com>"
    message["To"] = INBOX
    message["Subject"] = "Copy of my data"
    message["Message-ID"] = "<crash-reply-1@example.com>"
    message.set_content("Hello,\n\nPlease send me a copy of all the personal data you hold about me.\n\nJane Roe\n")
    return bytes(message)


def wait_until(check: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def approve_as_staff(config: Path, reference: str) -> None:
    detail = cli_json(config, "tickets", "show", reference, "--json")
    body = detail["drafts"][-1]["body"]
    if PLACEHOLDER.search(body):
        edited = cli(config, "drafts", "edit", reference, "--by", "alice", "--body-file", "-",
                     stdin=PLACEHOLDER.sub("done", body).encode())
        assert edited.returncode == 0, edited.stderr.decode()
    approved = cli(config, "drafts", "approve", reference, "--by", "alice")
    assert approved.returncode == 0, approved.stderr.decode()


def kill_on_arrival(relay: RelaySink, pid: int) -> None:
    if relay.handler.arrived.wait(timeout=30):
        os.kill(pid, signal.SIGKILL)


def outbox(config: Path) -> list[dict]:
    return cli_json(config, "outbox", "list", "--json")  # type: ignore[return-value]


@pytest.mark.slow
def test_killed_after_the_relay_accepted_sends_once_and_asks_staff(tmp_path: Path, database_url: str) -> None:
    relay = RelaySink().start()
    relay.hold_answers()
    config = write_config(tmp_path, database_url,
                          outbound=f"port = {relay.port}\ntimeout_seconds = 1.0\nretry_base_seconds = 0.2")
    add_staff(config, "alice", "bob")
    service = start_serve(config)
    try:
        with smtplib.SMTP("127.0.0.1", smtp_port(config), timeout=30) as client:
            client.sendmail("jane.roe@example.com", [INBOX], request())
        [ticket] = wait_until(lambda: [t for t in cli_json(config, "tickets", "list", "--json")
                                       if t["draft_status"] == "pending"], 60, "the ticket and its draft")
        reference = ticket["reference"]
        # Killed the moment the relay has the whole message, its 250 still held back.
        killer = threading.Thread(target=kill_on_arrival, args=(relay, service.pid), daemon=True)
        killer.start()
        approve_as_staff(config, reference)
        killer.join(timeout=30)
        assert service.wait(timeout=30) == -signal.SIGKILL
        relay.release()
        [item] = outbox(config)
        assert item["state"] == "sending"  # claimed before connecting, never recorded as sent

        service = start_serve(config)
        [item] = wait_until(lambda: [i for i in outbox(config) if i["state"] == "unknown"], 60, "state unknown")
        time.sleep(1.0)  # several sender rounds: none may send it again
        assert len(relay.received) == 1
        detail = cli_json(config, "tickets", "show", reference, "--json")
        assert detail["needs_review"] is True
        assert any(event["kind"] == "reply_state_unknown" for event in detail["events"])

        resolved = cli(config, "outbox", "resolve", str(item["id"]), "--sent", "--by", "bob")
        assert resolved.returncode == 0, resolved.stderr.decode()
        [item] = outbox(config)
        assert item["state"] == "sent"
        shown = cli_json(config, "tickets", "show", reference, "--json")  # the first reply asked who is writing:
        assert (shown["status"], shown["stage"]) == ("open", "awaiting_identity")  # delivered, the clock paused
        time.sleep(1.0)
        assert len(relay.received) == 1
        again = cli(config, "outbox", "resolve", str(item["id"]), "--resend", "--by", "bob")
        assert again.returncode == 1 and b"only unknown or failed" in again.stderr
    finally:
        if service.poll() is None:
            service.send_signal(signal.SIGTERM)
            assert service.wait(timeout=60) == 0  # a clean stop
        relay.stop()
    [received] = relay.received
    assert received.message["Message-ID"].strip("<>") == item["message_id"]
    assert received.message["In-Reply-To"] == "<crash-reply-1@example.com>"
