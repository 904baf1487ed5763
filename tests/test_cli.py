"""The command line as staff and MTAs use it: ingest, tickets, drafts, exit codes."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import MESSAGES
from tests.support.cli import add_staff, cli, cli_json, write_config


@pytest.fixture
def config_file(tmp_path: Path, database_url: str) -> Path:
    config = write_config(tmp_path, database_url)
    add_staff(config, "Sophie", "Marc")
    return config


def test_ingest_files_a_ticket_visible_in_tickets_list(config_file: Path) -> None:
    result = cli(config_file, "ingest", str(MESSAGES / "fr_deletion_request.eml"))
    assert result.returncode == 0, result.stderr.decode()
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    for field in ("reference", "status", "requester", "subject", "language", "intents", "primary",
                  "received_at", "due_at", "draft_status", "needs_review"):
        assert field in ticket
    assert ticket["draft_status"] == "pending" and ticket["language"] == "fr"
    assert "+00:00" in ticket["due_at"]


def test_ingest_from_standard_input(config_file: Path) -> None:
    raw = (MESSAGES / "en_access_plain.eml").read_bytes()
    assert cli(config_file, "ingest", "-", stdin=raw).returncode == 0
    assert cli(config_file, "ingest", "-", stdin=raw).returncode == 0  # a redelivery is not an error
    assert len(cli_json(config_file, "tickets", "list", "--json")) == 1


@pytest.mark.parametrize("payload", [b"", b"\x00\x01\x02\xff" * 100, b"\xff\xd8\xff\xe0\x00\x10JFIF",
                                     b"Just some prose without any header block at all.\n"])
def test_ingest_refuses_what_is_not_mail_with_65(config_file: Path, payload: bytes) -> None:
    result = cli(config_file, "ingest", "-", stdin=payload)
    assert result.returncode == 65
    assert b"not a mail message" in result.stderr


def test_ingest_refuses_a_message_over_the_size_limit_with_65(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    config.write_text(config.read_text().replace("[smtp]", "[smtp]\nmax_message_size = 1024", 1))
    big = (MESSAGES / "en_access_plain.eml").read_bytes() + b"x" * 76 * 30
    result = cli(config, "ingest", "-", stdin=big)
    assert result.returncode == 65
    assert b"max_message_size" in result.stderr
    assert cli_json(config, "tickets", "list", "--json") == []


def test_ingest_temporary_failure_is_75(tmp_path: Path) -> None:
    unreachable = write_config(tmp_path, "postgresql+asyncpg://nobody@127.0.0.1:1/none")
    result = cli(unreachable, "ingest", str(MESSAGES / "en_access_plain.eml"))
    assert result.returncode == 75, result.stderr.decode()


def test_tickets_show_lists_messages_drafts_and_events(config_file: Path) -> None:
    cli(config_file, "ingest", str(MESSAGES / "en_access_plain.eml"))
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    detail = cli_json(config_file, "tickets", "show", ticket["reference"], "--json")
    assert detail["messages"][0]["sender"] == ticket["requester"]
    assert detail["messages"][0]["text"]
    assert detail["drafts"][0]["status"] == "pending" and detail["drafts"][0]["body"]
    kinds = [event["kind"] for event in detail["events"]]
    assert "ticket_opened" in kinds and "draft_created" in kinds
    assert isinstance(detail["entities"], dict)
    assert cli(config_file, "tickets", "show", "PRIV-1999-000001").returncode == 1
    # For people: the deadline as a date on the company's calendar, not a UTC timestamp.
    text = cli(config_file, "tickets", "show", ticket["reference"]).stdout.decode()
    paris_due = datetime.fromisoformat(detail["due_at"]).astimezone(ZoneInfo("Europe/Paris")).date().isoformat()
    assert f"  due {paris_due}  " in text.splitlines()[0]
    assert detail["due_at"] not in text and "+00:00" not in text


@pytest.mark.slow
def test_approve_is_refused_while_placeholders_remain_then_edit_and_approve(config_file: Path,
                                                                           tmp_path: Path) -> None:
    cli(config_file, "ingest", str(MESSAGES / "en_access_plain.eml"))
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    reference = ticket["reference"]
    pending = tmp_path / "pending.txt"  # whatever the template wrote, a placeholder left in blocks approval
    pending.write_text("Dear Alice,\n\nYour account [[STAFF: confirm the account email]] is ready.\n")
    assert cli(config_file, "drafts", "edit", reference, "--by", "Sophie", "--body-file", str(pending)).returncode == 0
    refused = cli(config_file, "drafts", "approve", reference, "--by", "Sophie")
    assert refused.returncode == 1
    assert b"[[STAFF: confirm the account email]]" in refused.stderr
    edited = tmp_path / "reply.txt"
    edited.write_text("Dear Alice,\n\nPlease find attached a copy of your data.\n\nSODEPAC INTERNATIONAL\n")
    assert cli(config_file, "drafts", "edit", reference, "--by", "Sophie", "--body-file", str(edited)).returncode == 0
    assert cli(config_file, "drafts", "approve", reference, "--by", "Sophie").returncode == 0
    detail = cli_json(config_file, "tickets", "show", reference, "--json")
    draft = detail["drafts"][-1]
    assert draft["status"] == "approved" and draft["decided_by"] == "Sophie"
    assert draft["body"].startswith("Dear Alice") and draft["original_body"] != draft["body"]
    assert [e["actor"] for e in detail["events"] if e["kind"] == "draft_approved"] == ["Sophie"]
    again = cli(config_file, "drafts", "approve", reference, "--by", "Sophie")
    assert again.returncode == 1 and b"already approved" in again.stderr


@pytest.mark.slow
def test_reject_needs_a_reason_and_records_it(config_file: Path) -> None:
    cli(config_file, "ingest", str(MESSAGES / "fr_deletion_request.eml"))
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    result = cli(config_file, "drafts", "reject", ticket["reference"], "--by", "Marc", "--reason", "wrong tone")
    assert result.returncode == 0
    [after] = cli_json(config_file, "tickets", "list", "--json")
    assert after["draft_status"] == "rejected"


def test_reclassify_keeps_the_original_prediction(config_file: Path) -> None:
    cli(config_file, "ingest", str(MESSAGES / "en_access_plain.eml"))
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    bad = cli(config_file, "tickets", "reclassify", ticket["reference"], "--intents", "access,bogus",
              "--primary", "access", "--by", "Sophie")
    assert bad.returncode == 1 and b"bogus" in bad.stderr
    ok = cli(config_file, "tickets", "reclassify", ticket["reference"], "--intents", "portability,access",
             "--primary", "portability", "--by", "Sophie")
    assert ok.returncode == 0
    detail = cli_json(config_file, "tickets", "show", ticket["reference"], "--json")
    assert detail["primary"] == "portability"
    [event] = [e for e in detail["events"] if e["kind"] == "reclassified"]
    assert event["actor"] == "Sophie" and ticket["primary"] in event["detail"]


def test_by_must_name_a_console_account(config_file: Path) -> None:
    assert cli(config_file, "ingest", str(MESSAGES / "en_access_plain.eml")).returncode == 0
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    refused = cli(config_file, "drafts", "approve", ticket["reference"], "--by", "Nobody")
    assert refused.returncode == 1
    assert refused.stderr.decode().strip().splitlines() == [
        "privacy-assistant: --by Nobody: no enabled console account has that name "
        "(create it with `privacy-assistant users add`)"]
    [still] = cli_json(config_file, "tickets", "list", "--json")
    assert still["draft_status"] == "pending"


def test_users_add_from_a_script_says_to_use_password_env(config_file: Path) -> None:
    result = cli(config_file, "users", "add", "robot", "--role", "admin", stdin=b"")
    assert result.returncode == 1
    assert result.stderr.decode().strip().splitlines() == [
        "privacy-assistant: no terminal to ask for the password on: "
        "use --password-env VAR (the variable holds the password)"]
    made = cli(config_file, "users", "add", "robot", "--role", "admin", "--password-env", "ROBOT_PASSWORD",
               env={**os.environ, "ROBOT_PASSWORD": "a long enough password"})
    assert made.returncode == 0, made.stderr.decode()


@pytest.mark.parametrize("command", ["serve", "ingest", "tickets", "drafts", "outbox", "messages", "classify",
                                     "evaluate", "train", "report", "users"])
def test_every_command_has_its_help(command: str) -> None:
    """Commands load only their own module; each must still parse and describe its options."""
    from assistant.cli import COMMANDS, build_parser

    assert command in COMMANDS
    with pytest.raises(SystemExit) as done:
        build_parser([command, "--help"]).parse_args([command, "--help"])
    assert done.value.code == 0


def test_the_full_parser_knows_every_command() -> None:
    from assistant.cli import COMMANDS, build_parser

    parser = build_parser()
    assert set(COMMANDS) <= set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
