"""Finding 9 (issue 16): a broken config file or database at start is one line naming it, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import write_config


def run(config: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.run([sys.executable, "-m", "assistant", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def assert_one_line(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    for word in words:
        assert word in result.stderr


def test_a_binary_config_file_is_named_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert_one_line(run(path, "tickets", "list"), str(path), "UTF-8")


def test_a_database_folder_that_cannot_be_made_is_named_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file")
    database = tmp_path / "not-a-folder" / "assistant.db"
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{database}")
    assert_one_line(run(config, "tickets", "list"), str(database))


def make_read_only(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """SQLite: the file made immutable (root writes any file otherwise); PostgreSQL: read-only transactions."""
    if database_url.startswith("sqlite"):
        database = tmp_path / "assistant.db"
        if subprocess.run(["chattr", "+i", str(database)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
        request.addfinalizer(lambda: subprocess.run(["chattr", "-i", str(database)], capture_output=True))
        return
    name = database_url.rsplit("/", 1)[1]
    request.getfixturevalue("pg_cluster").psql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')


def test_a_read_only_database_at_start_is_named_in_one_line(
    tmp_path: Path, database_url: str, request: pytest.FixtureRequest
) -> None:
    """Readable but not writable: the service would answer 451 to every message, so it must not start."""
    config = write_config(tmp_path, database_url)
    assert run(config, "tickets", "list").returncode == 0  # created and migrated
    make_read_only(database_url, tmp_path, request)
    assert_one_line(run(config, "tickets", "list"), "database.url", "cannot open or write the database")
