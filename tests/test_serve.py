"""Starting the service: a port in use is a clear one-line refusal, and a first run says how to sign in."""

from __future__ import annotations

import contextlib
import signal
import smtplib
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support.cli import write_config


def serve(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                          capture_output=True, text=True, timeout=120)


def test_a_busy_smtp_port_is_refused_in_words_naming_the_keys(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
    port = tomllib.loads(config.read_text())["smtp"]["port"]
    with socket.create_server(("127.0.0.1", port)):
        result = serve(config)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "smtp.host, smtp.port" in last and str(port) in last
    assert "Traceback" not in result.stderr


def test_a_busy_console_port_is_refused_in_words_naming_the_keys(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}", web=f"port = {port}")
        result = serve(config)
    assert result.returncode == 1
    assert "web.host, web.port" in result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_the_suite_runs_beside_a_developers_service_on_the_default_ports(tmp_path: Path) -> None:
    """The default ports (SMTP 8025, console 8000, relay 2525) held by someone else: a test's
    `serve` still starts, since the tests' configuration never uses a fixed port."""
    held = []
    for port in (8025, 8000, 2525):
        with contextlib.suppress(OSError):  # already held by another process: the situation under test
            held.append(socket.create_server(("127.0.0.1", port)))
    try:
        config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
        service = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert service.stdout is not None
            first_line = service.stdout.readline()
            assert "privacy-assistant ready" in first_line, service.stderr.read() if service.poll() else first_line
            smtp_port = tomllib.loads(config.read_text())["smtp"]["port"]
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
                client.sendmail("jo@example.com", ["contact-sodepac@sodepac.com"],
                                b"From: jo@example.com\r\nSubject: hello\r\n\r\nPlease unsubscribe me.\r\n")
        finally:
            service.send_signal(signal.SIGTERM)
            _, errors = service.communicate(timeout=60)
        assert service.returncode == 0, errors
        assert "Address already in use" not in errors
        # A normal session (QUIT included) is not news: nothing reads like an error.
        assert "Connection lost" not in errors and "ERROR" not in errors, errors
    finally:
        for sock in held:
            sock.close()
