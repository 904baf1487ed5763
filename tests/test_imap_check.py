"""`privacy-assistant imap check`, run as an operator would on the first day: a process, a config file.

Against the real Dovecot: what the server offers and how much is not ingested yet, exit 0;
each misconfiguration one line naming the key to fix, exit 1.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.storage.database import Database
from tests.support.cli import cli, write_config
from tests.support.dovecot import DovecotServer, MailUser, make_certificate
from tests.support.imap import SEEN, poller_for, request
from tests.support.ports import free_port

pytestmark = pytest.mark.imap


def check_config(tmp_path: Path, database_url: str, dovecot: DovecotServer, user: MailUser, **keys: object) -> Path:
    settings: dict[str, object] = {"enabled": True, "host": dovecot.host, "port": dovecot.tls_port,
                                   "security": "tls", "tls_ca_file": str(dovecot.ca_file), "username": user.username}
    settings.update(keys)
    return write_config(tmp_path, database_url, imap="\n".join(f"{key} = {json.dumps(value)}"
                                                              for key, value in settings.items()))


def run_check(config: Path, user: MailUser, *args: str, password: str | None = None):
    """A separate process, exactly as the operator runs it."""
    env = {**os.environ, "PRIVACY_ASSISTANT_IMAP_PASSWORD": password or user.password}
    return cli(config, "imap", "check", *args, env=env, timeout=60)


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def check_in_process(config: Path, password: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
                     *args: str) -> Outcome:
    """The same command through `main()`, without a new interpreter's start-up (seconds here)."""
    monkeypatch.setenv("PRIVACY_ASSISTANT_IMAP_PASSWORD", password)
    capsys.readouterr()
    code = main(["--config", str(config), "imap", "check", *args])
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


async def test_check_reports_the_server_and_what_is_not_ingested_yet(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    dovecot.append(mailbox_user, request(1), flags=(SEEN,))  # read by a person already
    dovecot.append(mailbox_user, request(2))
    config = check_config(tmp_path, database_url, dovecot, mailbox_user)

    first = await asyncio.to_thread(run_check, config, mailbox_user)
    assert first.returncode == 0, first.stderr.decode()
    text = first.stdout.decode()
    assert f"{dovecot.host}:{dovecot.tls_port} (tls, password login): connected" in text
    assert "INBOX: 2 messages, 2 not yet ingested" in text
    assert "IDLE          yes" in text and "MOVE          yes" in text
    assert "no running service" in text

    poller = poller_for(dovecot, mailbox_user, db, port=dovecot.tls_port, security="tls",
                        tls_ca_file=str(dovecot.ca_file))
    try:
        await poller.run_round()
    finally:
        poller.mailbox.close()
    dovecot.append(mailbox_user, request(3))
    second = await asyncio.to_thread(check_in_process, config, mailbox_user.password, capsys, monkeypatch, "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert (report["messages"], report["not_ingested"], report["idle"], report["move"]) == (3, 1, True, True)
    assert "IDLE" in report["capabilities"] and report["folder"] == "INBOX"
    assert report["polled_by"] == poller.holder  # its lease has not expired yet


@pytest.mark.parametrize(
    ("keys", "password", "expected"),
    [
        ({"host": "no-such-host.invalid"}, None, "cannot find the IMAP server 'no-such-host.invalid'"),
        ({"port": "free"}, None, "refused the connection: check imap.host and imap.port"),
        ({"tls_ca_file": "other-ca"}, None, "is not trusted"),
        ({"port": "plain"}, None, "check imap.security"),
        ({}, "wrong password", "login refused"),
        ({"folder": "Nowhere"}, None, "'Nowhere' (imap.folder) cannot be opened"),
        ({"tls_ca_file": "/nonexistent/ca.pem"}, None, "cannot read the CA certificates in imap.tls_ca_file"),
    ],
    ids=["dns", "refused", "tls_untrusted", "tls_on_plain_port", "login", "folder", "ca_file_missing"],
)
def test_each_misconfiguration_is_one_line_naming_the_key_and_exit_1(
    dovecot: DovecotServer, mailbox_user: MailUser, tmp_path: Path, keys: dict, password: str | None, expected: str,
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    if keys.get("port") == "free":
        keys["port"] = free_port()
    elif keys.get("port") == "plain":
        keys["port"] = dovecot.port
    if keys.get("tls_ca_file") == "other-ca":
        keys["tls_ca_file"] = str(make_certificate(tmp_path / "other")[0])
    config = check_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", dovecot, mailbox_user, **keys)
    result = check_in_process(config, password or mailbox_user.password, capsys, monkeypatch)
    assert result.returncode == 1
    stderr = result.stderr
    assert expected in stderr
    assert "imap." in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert mailbox_user.password not in stderr
    assert password is None or password not in stderr


def test_check_without_a_host_names_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}")
    result = check_in_process(config, "s", capsys, monkeypatch)
    assert result.returncode == 1
    assert "imap.host is not set" in result.stderr


async def test_check_lists_a_message_the_service_could_not_ingest_with_its_reason(
    dovecot: DovecotServer, mailbox_user: MailUser, db: Database, database_url: str, tmp_path: Path,
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    dovecot.append(mailbox_user, request(1, body="x" * 5000))
    dovecot.append(mailbox_user, request(2))
    poller = poller_for(dovecot, mailbox_user, db, port=dovecot.tls_port, security="tls",
                        tls_ca_file=str(dovecot.ca_file), max_message_bytes=4000)
    try:
        await poller.run_round()
    finally:
        poller.mailbox.close()
    config = check_config(tmp_path, database_url, dovecot, mailbox_user, max_message_bytes=4000)
    outcome = await asyncio.to_thread(check_in_process, config, mailbox_user.password, capsys, monkeypatch)
    assert outcome.returncode == 0, outcome.stderr
    assert "INBOX: 2 messages, 1 not yet ingested (1 waiting for a retry)" in outcome.stdout
    assert "not ingested  UID 1: " in outcome.stdout and "more than imap.max_message_bytes (4000)" in outcome.stdout
