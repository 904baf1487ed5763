"""Configuration: documented defaults, one-line errors naming the key, exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_config_matches_the_documented_defaults() -> None:
    config = load_config(ROOT / "config.toml")
    assert config.smtp.host == "127.0.0.1" and config.smtp.port == 8025
    assert config.smtp.recipients == ["contact-sodepac@sodepac.com"]
    assert config.smtp.max_message_size == 10_485_760
    assert config.web.port == 8000 and config.outbound.port == 2525
    assert config.outbound.from_address == "contact-sodepac@sodepac.com"
    assert config == parse_config({}, base_dir=ROOT)  # every key in the file is its default


def test_relative_sqlite_path_is_relative_to_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "config.toml"
    path.write_text('[database]\nurl = "sqlite+aiosqlite:///state/a.db"\n')
    assert load_config(path).database_url == f"sqlite+aiosqlite:///{tmp_path / 'conf' / 'state' / 'a.db'}"


def test_database_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_ASSISTANT_DB_PASSWORD", "s3cret")
    config = parse_config({"database": {"url": "postgresql+asyncpg://assistant@db:5432/privacy"}}, base_dir=ROOT)
    assert config.database_url == "postgresql+asyncpg://assistant:s3cret@db:5432/privacy"


@pytest.mark.parametrize(
    ("toml", "names"),
    [
        ("[smtp]\nport = \"eight\"\n", "smtp.port"),
        ("[smtp]\nport = 70000\n", "smtp.port"),
        ("[smtp]\nrecipients = []\n", "smtp.recipients"),
        ("[smtp]\nrecipent = [\"a@b.c\"]\n", "smtp.recipent"),
        ("[database]\nurl = \"mysql://x\"\n", "database.url"),
        ("[outbound]\nsecurity = \"ssl3\"\n", "outbound.security"),
        ("[classifier]\nreview_threshold = 3\n", "classifier.review_threshold"),
        ("[classifier]\nreview_margin = 1.5\n", "classifier.review_margin"),
        ("[service]\ntimezone = \"Mars/Olympus\"\n", "service.timezone"),
        ("[imap]\nauth = \"oauth\"\n", "imap.auth"),
        ("[imap]\nauth = \"xoauth2\"\n", "imap.oauth2_token_command or imap.oauth2_token_file"),
        ("[imap]\nmax_messages_per_round = 0\n", "imap.max_messages_per_round"),
        ("[imap]\nmax_message_bytes = \"50 MB\"\n", "imap.max_message_bytes"),
        ("[imap]\nlease_seconds = 1\n", "imap.lease_seconds"),
        ("[imap]\ntls_ca = \"ca.pem\"\n", "imap.tls_ca"),
        ("[smpt]\nport = 25\n", "[smpt]"),
        ("[company]\nretention_en = \"3 years\"\n", "company.retention_en"),
        ("[company]\nname = \"\"\n", "company.name"),
        ("[company]\nprivacy_email = \"sodepac.com\"\n", "company.privacy_email"),
        ("[company]\ndpo_name = \"Ada\"\n", "company.dpo_name"),
        ("[identity]\nauthserv_id = \"mx.sodepac.com; dmarc=pass\"\n", "identity.authserv_id"),
        ("[identity]\nauth_serv_id = \"mx\"\n", "identity.auth_serv_id"),
        ("[digest]\ntime = \"8am\"\n", "digest.time"),
        ("[digest]\nrecipients = [\"dpo\"]\n", "digest.recipients"),
        # finding 9 (issue 16): values that were accepted and broke the service
        ("[service]\nown_domains = []\n", "service.own_domains"),
        ("[service]\nown_domains = [\"contact@sodepac.com\"]\n", "service.own_domains"),
        ("[web]\nsession_hours = 1e11\n", "web.session_hours"),
        ("[web]\nsession_hours = 100000000000\n", "web.session_hours"),
        ("[web]\nsession_hours = 0\n", "web.session_hours"),
        ("[outbound]\nretry_base_seconds = -5\n", "outbound.retry_base_seconds"),
        ("[outbound]\ntimeout_seconds = 0\n", "outbound.timeout_seconds"),
        ("[smtp]\nmax_connections_per_address = 0\n", "smtp.max_connections_per_address"),
        ("[smtp]\nmax_line_length = 80\n", "smtp.max_line_length"),
        ("[smtp]\ndata_timeout_seconds = -1\n", "smtp.data_timeout_seconds"),
        ("[smtp]\nspool_threshold_bytes = 0\n", "smtp.spool_threshold_bytes"),
        ("[smtp]\nrequire_starttls = true\n", "smtp.require_starttls"),
        ("[smtp\nport = 25\n", "not valid TOML"),
    ],
)
def test_invalid_config_names_the_key(tmp_path: Path, toml: str, names: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=None) as error:
        load_config(path)
    assert names in str(error.value)
    assert "\n" not in str(error.value)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_missing_config_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "nope.toml"), "tickets", "list")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "config file not found" in result.stderr and "nope.toml" in result.stderr


def test_config_from_environment_variable(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[web]\nport = \"x\"\n")
    import os

    result = run_cli("tickets", "list", env={**os.environ, "PRIVACY_ASSISTANT_CONFIG": str(path)})
    assert result.returncode == 2
    assert "web.port" in result.stderr
