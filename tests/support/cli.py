"""Running `privacy-assistant` as a user would: a separate process with its own config file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.ports import free_port


def write_config(folder: Path, database_url: str, **extra: str) -> Path:
    path = folder / "config.toml"
    lines = [
        "[smtp]", f"port = {free_port()}", 'host = "127.0.0.1"',
        "[database]", f'url = "{database_url}"',
        "[pipeline]", "poll_interval = 0.2",
    ]
    for section, body in extra.items():
        lines += [f"[{section}]", body]
    path.write_text("\n".join(lines) + "\n")
    return path


def cli(config: Path, *args: str, stdin: bytes | None = None, env: dict | None = None,
        timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), *args],
                          input=stdin, capture_output=True, timeout=timeout, env=env)


def cli_json(config: Path, *args: str) -> object:
    result = cli(config, *args)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)
