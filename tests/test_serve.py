"""Starting the service: a port in use is a clear one-line refusal, and a first run says how to sign in."""

from __future__ import annotations

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
