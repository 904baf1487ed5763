"""Running `privacy-assistant` as a user would: a separate process with its own config file."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

from assistant.storage.database import Database
from tests.support.ports import free_port


def write_config(folder: Path, database_url: str, **extra: str) -> Path:
    """A config whose every listener and peer is on a free port: never the defaults (8025, 8000,
    2525), which a developer's running service holds. `extra` sections add keys or override them."""
    sections = {
        "smtp": {"port": str(free_port()), "host": '"127.0.0.1"'},
        "database": {"url": f'"{database_url}"'},
        "web": {"port": str(free_port())},
        "outbound": {"port": str(free_port())},
        "pipeline": {"poll_interval": "0.2"},
    }
    for section, body in extra.items():
        keys = sections.setdefault(section, {})
        for line in body.splitlines():
            key, _, value = line.partition("=")
            keys[key.strip()] = value.strip()
    lines = []
    for section, keys in sections.items():
        lines += [f"[{section}]", *(f"{key} = {value}" for key, value in keys.items())]
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def add_staff(config: Path, *names: str) -> None:
    """Console accounts for the names a test gives to `--by` (the CLI refuses names of nobody)."""
    from tests.support.web import add_user

    async def work() -> None:
        db = Database(tomllib.loads(config.read_text())["database"]["url"].strip('"'))
        try:
            await db.migrate()
            for name in names:
                await add_user(db, name)
        finally:
            await db.close()

    asyncio.run(work())


def cli(config: Path, *args: str, stdin: bytes | None = None, env: dict | None = None,
        timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), *args],
                          input=stdin, capture_output=True, timeout=timeout, env=env)


def cli_json(config: Path, *args: str) -> object:
    result = cli(config, *args)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def start_serve(config: Path) -> subprocess.Popen:
    """`serve` in its own process; its log goes to a file beside the config, shown if it fails to start."""
    log = config.with_name("serve.log")
    with log.open("ab") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "assistant", "--config", str(config), "serve"],
                                   stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if "privacy-assistant ready" in process.stdout.readline():
            return process
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}: {log.read_text()[-2000:]}")
    process.kill()
    raise AssertionError("serve did not get ready in time")
