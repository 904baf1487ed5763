"""Finding 10 (issue 16), the smaller holes: data: links, HSTS, lower-case references, ingest's size check."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.storage.database import Database
from assistant.tickets.references import normalize_subject, references_in
from assistant.web.sanitize import sanitize_message_html
from tests.support.cli import write_config
from tests.support.web import client, console_app

DATA_LINKS = [
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Voir ma facture</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">Invoice</a>',
    '<a href=" data:text/html,x">Invoice</a>',
    '<a href="da&#x09;ta:text/html,x">Invoice</a>',
    '<area href="data:text/html,x">',
]


@pytest.mark.parametrize("html", DATA_LINKS)
def test_data_links_are_removed_from_mail_html(html: str) -> None:
    cleaned = sanitize_message_html(html)
    assert "data:" not in cleaned.lower().replace("\t", "")
    assert "<script" not in cleaned


def test_inline_images_and_ordinary_links_are_kept() -> None:
    html = '<img src="data:image/png;base64,iVBORw0KGgo="><a href="https://www.cnil.fr/">CNIL</a>'
    cleaned = sanitize_message_html(html)
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in cleaned
    assert 'href="https://www.cnil.fr/"' in cleaned


async def test_hsts_is_sent_when_cookies_are_secure_and_not_otherwise(config: Config, db: Database) -> None:
    async with client(console_app(config, db)) as http:
        response = await http.get("/sign-in")
    assert response.headers["strict-transport-security"] == "max-age=31536000"
    plain = replace(config, web=replace(config.web, secure_cookies=False))  # a console on http://127.0.0.1
    async with client(console_app(plain, db)) as http:
        response = await http.get("/sign-in")
    assert "strict-transport-security" not in response.headers


@pytest.mark.parametrize(
    ("subject", "found"),
    [
        ("Re: [priv-2026-000015] ma demande", ["PRIV-2026-000015"]),
        ("RE: [Priv-2026-000015] my request", ["PRIV-2026-000015"]),
        ("About PRIV-2026-000015", ["PRIV-2026-000015"]),
        ("about priv-26-15", []),
        ("xpriv-2026-000015", []),
    ],
)
def test_references_are_recognised_whatever_their_case(subject: str, found: list[str]) -> None:
    assert references_in(subject) == found


def test_a_lower_case_reference_does_not_change_the_subject_match() -> None:
    assert normalize_subject("Re: [priv-2026-000015] Ma demande") == normalize_subject("Ma demande")


def test_ingest_stops_reading_past_the_size_limit(tmp_path: Path) -> None:
    """Was: all of standard input read into memory, then measured. Now the pipe is closed after
    one byte past the limit, so the writer sees its pipe break long before it has sent it all."""
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
    config.write_text(config.read_text().replace("[smtp]", "[smtp]\nmax_message_size = 1024", 1))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    process = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "ingest", "-"],
                               stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdin is not None
    chunk, sent, total = b"x" * 65536, 0, 200 * 1024 * 1024
    try:
        process.stdin.write(b"From: a@example.com\r\nSubject: big\r\n\r\n")
        while sent < total:
            process.stdin.write(chunk)
            sent += len(chunk)
        process.stdin.close()
    except BrokenPipeError:
        pass
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 65
    assert b"max_message_size" in stderr
    assert sent < total  # the service stopped reading: the rest was never taken in
