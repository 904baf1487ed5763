"""What people write never reaches the logs: a unique marker sent through every channel, filed, drafted,
approved with staff text and sent, is found nowhere in what `serve` and the commands log, even with -v."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import smtplib
import subprocess
import sys
import time
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from assistant.storage.database import Database
from assistant.storage.models import OutboxItem, Ticket, User
from assistant.web.security import hash_password, password_hasher
from tests.conftest import INBOX
from tests.support.cli import cli, write_config
from tests.support.dovecot import DovecotServer, MailUser
from tests.support.ports import free_port
from tests.support.relay import RelaySink
from tests.support.web import PASSWORD, csrf_of, sign_in
from tests.test_outbox import request_mail
from tests.test_web_ticket import post_action

pytestmark = pytest.mark.imap
MARKER = f"ZQX{secrets.token_hex(6)}"
SENDERS = {channel: f"{MARKER.lower()}.{channel}@example.org" for channel in ("smtp", "pipe", "imap", "chat")}


def _mail(channel: str) -> bytes:
    return request_mail(name=f"Ann {MARKER}", address=SENDERS[channel], subject=f"My data {MARKER}",
                        body=f"Please send me a copy of all the personal data you hold about me. {MARKER}\n",
                        message_id=f"{MARKER}.{channel}@example.org")


async def _prepare(folder: Path, relay: RelaySink, dovecot_server: DovecotServer, user: MailUser) -> tuple[Path, int]:
    database_url = f"sqlite+aiosqlite:///{folder / 'assistant.db'}"
    web_port = free_port()
    config = write_config(
        folder, database_url,
        web=f"port = {web_port}\nsecure_cookies = false",
        outbound=f"port = {relay.port}\nretry_base_seconds = 0.1",
        replies="acknowledge = true",
        chat="answer_wait_seconds = 0.0",
        imap="\n".join(["enabled = true", f'host = "{dovecot_server.host}"', f"port = {dovecot_server.port}",
                        'security = "none"', f'username = "{user.username}"', "poll_interval = 0.5"]))
    db = Database(database_url)
    await db.migrate()
    async with db.session() as session, session.begin():
        session.add(User(name="ada", role="admin", password_hash=hash_password(password_hasher(cheap=True), PASSWORD)))
    await db.close()
    return config, web_port


async def _rows(folder: Path, model: type, *conditions) -> list:
    db = Database(f"sqlite+aiosqlite:///{folder / 'assistant.db'}")
    try:
        async with db.session() as session:
            return list((await session.execute(select(model).where(*conditions))).scalars())
    finally:
        await db.close()


async def _until(description: str, check, timeout: float = 60.0) -> list:
    deadline = time.monotonic() + timeout
    while not (found := await check()):
        assert time.monotonic() < deadline, f"timed out waiting for {description}"
        await asyncio.sleep(0.2)
    return found


def _smtp_port(config: Path) -> int:
    return int(config.read_text().split("port = ", 1)[1].split("\n", 1)[0])


async def _chat(web_port: int, folder: Path) -> None:
    """A request through the chat form, then the one-time code mailed to the address typed back."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{web_port}") as http:
        form = await http.get("/chat")
        sent = await http.post("/chat", data={"csrf_token": csrf_of(form.text), "address": SENDERS["chat"],
                                              "name": f"Ann {MARKER}", "message": f"Please send me a copy of all "
                                              f"the personal data you hold about me. {MARKER}"})
        assert sent.status_code == 200, sent.text[-500:]
        [mail] = await _until("the code", lambda: _rows(folder, OutboxItem, OutboxItem.kind == "verification"))
        text = message_from_bytes(mail.raw, policy=default_policy).get_body(("plain",)).get_content()
        code = re.search(r"\b(\d{6})\b", text).group(1)
        session = re.search(r'name="session" value="([^"]+)"', sent.text).group(1)
        verified = await http.post("/chat/verify", data={"csrf_token": csrf_of(sent.text), "session": session,
                                                          "lang": "en", "code": code})
        # Filed: 303 to the answer's page once the reference is known, else the answer itself (200).
        assert verified.status_code in (200, 303), verified.text[-500:]


async def _approve_all(web_port: int, references: list[str]) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{web_port}") as http:
        assert (await sign_in(http, "ada")).status_code == 303
        for reference in references:
            body = f"Dear Ann,\n\nHere is your data, {SENDERS['smtp']}: {MARKER}.\n"
            done = await post_action(http, reference, "approve", body=body)
            assert done.status_code == 303, done.text[-500:]


@pytest.mark.slow
async def test_a_marker_sent_through_every_channel_never_reaches_the_logs(
        tmp_path: Path, dovecot: DovecotServer) -> None:
    user = dovecot.add_user()
    with RelaySink() as relay:
        config, web_port = await _prepare(tmp_path, relay, dovecot, user)
        env = {**os.environ, "PRIVACY_ASSISTANT_IMAP_PASSWORD": user.password, "LOG_LEVEL": "DEBUG"}
        stderr_path = tmp_path / "serve.log"
        with stderr_path.open("wb") as stderr:
            serve = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "-v", "serve"],
                                     stdout=subprocess.PIPE, stderr=stderr, env=env)
        try:
            assert serve.stdout is not None
            ready = await asyncio.to_thread(serve.stdout.readline)
            assert b"privacy-assistant ready" in ready, stderr_path.read_text()[-3000:]
            with smtplib.SMTP("127.0.0.1", _smtp_port(config), timeout=30) as client:
                client.sendmail(SENDERS["smtp"], [INBOX], _mail("smtp"))
                client.sendmail(SENDERS["smtp"], [INBOX], _mail("smtp"))  # a duplicate is logged too
            piped = await asyncio.to_thread(cli, config, "-v", "ingest", "-", stdin=_mail("pipe"), env=env)
            assert piped.returncode == 0, piped.stderr.decode()[-2000:]
            await asyncio.to_thread(dovecot.append, user, _mail("imap"))
            await _chat(web_port, tmp_path)
            tickets = await _until("four tickets", lambda: _four(tmp_path))
            await _approve_all(web_port, [ticket.reference for ticket in tickets])
            await _until("the replies sent", lambda: _sent_replies(tmp_path, len(tickets)))
        finally:
            serve.terminate()
            serve.wait(timeout=30)
    logs = {"serve": stderr_path.read_bytes(), "ingest": piped.stderr + piped.stdout}
    assert serve.returncode == 0
    for said in (b"filed in PRIV-", b"stored message", b"not stored again", b"sent", b"retention purged"):
        assert said in logs["serve"], said
    for name, text in logs.items():
        assert MARKER.encode() not in text, f"{name} logged the marker"
        assert MARKER.lower().encode() not in text, f"{name} logged an address"
        for address in SENDERS.values():
            assert address.encode() not in text, f"{name} logged {address}"


async def _four(folder: Path) -> list[Ticket]:
    tickets = await _rows(folder, Ticket)
    return tickets if len(tickets) >= 4 else []


async def _sent_replies(folder: Path, count: int) -> list[OutboxItem]:
    sent = await _rows(folder, OutboxItem, OutboxItem.kind == "reply", OutboxItem.state == "sent")
    return sent if len(sent) >= count else []
