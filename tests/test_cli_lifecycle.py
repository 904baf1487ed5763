"""The lifecycle commands as staff type them: a separate process, its own config, exit codes that mean something."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.support.cli import cli, cli_json, write_config

PASSWORD = "correct horse battery"


@pytest.fixture
def config_file(tmp_path: Path, database_url: str) -> Path:
    path = write_config(tmp_path, database_url)
    env = {**os.environ, "PW": PASSWORD}
    for name, role in (("sophie", "staff"), ("ada", "admin")):
        result = cli(path, "users", "add", name, "--role", role, "--password-env", "PW", env=env)
        assert result.returncode == 0, result.stderr.decode()
    return path


def ingest(config_file: Path, raw: str) -> dict:
    result = cli(config_file, "ingest", "-", stdin=raw.encode())
    assert result.returncode == 0, result.stderr.decode()
    return cli_json(config_file, "tickets", "list", "--json")[-1]


ACCESS = """From: Claire Lefevre <claire@example.fr>
To: contact-sodepac@sodepac.com
Subject: Mes donnees
Message-ID: <acces-1@example.fr>

Bonjour, je souhaite obtenir une copie de toutes les donnees personnelles que vous detenez sur moi.
Claire Lefevre
"""
OPT_OUT = """From: Bob <Bob@Example.org>
To: contact-sodepac@sodepac.com
Subject: unsubscribe
Message-ID: <optout-1@example.org>

Please unsubscribe me from your newsletter and stop sending me marketing emails.
"""


def test_tickets_list_json_carries_the_lifecycle_fields(config_file: Path) -> None:
    ticket = ingest(config_file, ACCESS)
    assert (ticket["stage"], ticket["identity"]) == ("new", "pending")
    assert ticket["overdue"] is False and ticket["paused"] is False
    assert ticket["fulfilled_at"] is None
    detail = cli_json(config_file, "tickets", "show", ticket["reference"], "--json")
    assert detail["drafts"][-1]["kind"] == "identity_request"
    assert [r["intent"] for r in detail["requests"]] == ["access"]


def test_fulfil_refused_while_identity_pending_then_verify_and_fulfil(config_file: Path, tmp_path: Path) -> None:
    reference = ingest(config_file, ACCESS)["reference"]
    copy = tmp_path / "claire.csv"
    copy.write_text("nom,Claire Lefevre\n")
    refused = cli(config_file, "tickets", "fulfil", reference, "--by", "sophie", "--attach", str(copy))
    assert refused.returncode == 1 and b"identity" in refused.stderr
    unknown = cli(config_file, "tickets", "verify", reference, "--by", "mallory", "--note", "phoned")
    assert unknown.returncode == 1 and b"no enabled console account" in unknown.stderr
    not_admin = cli(config_file, "tickets", "verify", reference, "--by", "sophie", "--override", "--reason", "x")
    assert not_admin.returncode == 1 and b"only an admin" in not_admin.stderr
    assert cli(config_file, "tickets", "verify", reference, "--by", "sophie", "--note",
               "customer number C-1042 given by phone").returncode == 0
    done = cli(config_file, "tickets", "fulfil", reference, "--by", "sophie", "--attach", str(copy),
               "--note", "copy of the CRM record")
    assert done.returncode == 0, done.stderr.decode()
    detail = cli_json(config_file, "tickets", "show", reference, "--json")
    assert detail["identity"] == "verified" and detail["drafts"][-1]["kind"] == "fulfilment"
    missing = cli(config_file, "tickets", "fulfil", reference, "--by", "sophie", "--attach", str(tmp_path / "nope"))
    assert missing.returncode == 1 and b"cannot read" in missing.stderr


def test_extend_twice_is_refused_and_refuse_drafts_the_refusal(config_file: Path) -> None:
    reference = ingest(config_file, ACCESS)["reference"]
    first = cli(config_file, "tickets", "extend", reference, "--months", "1", "--reason", "many archives",
                "--by", "sophie")
    assert first.returncode == 0, first.stderr.decode()
    again = cli(config_file, "tickets", "extend", reference, "--months", "1", "--reason", "more", "--by", "sophie")
    assert again.returncode == 1 and b"already extended" in again.stderr
    assert cli(config_file, "tickets", "extend", reference, "--months", "3", "--reason", "x",
               "--by", "sophie").returncode == 2
    assert cli(config_file, "tickets", "refuse", reference, "--reason", "No data is held about this address.",
               "--by", "sophie").returncode == 0
    detail = cli_json(config_file, "tickets", "show", reference, "--json")
    assert [d["kind"] for d in detail["drafts"]][-2:] == ["extension_notice", "refusal"]


def test_suppression_list_and_remove(config_file: Path) -> None:
    reference = ingest(config_file, OPT_OUT)["reference"]
    [entry] = cli_json(config_file, "suppression", "list", "--json")
    assert entry["address"] == "bob@example.org" and entry["ticket"] == reference and entry["since"]
    rows = list(csv.DictReader(io.StringIO(cli(config_file, "suppression", "list", "--csv").stdout.decode())))
    assert rows == [{"address": "bob@example.org", "since": entry["since"], "ticket": reference}]
    nobody = cli(config_file, "suppression", "remove", "bob@example.org", "--reason", "misread", "--by", "eve")
    assert nobody.returncode == 1 and b"no enabled console account" in nobody.stderr
    removed = cli(config_file, "suppression", "remove", "BOB@example.org", "--reason", "he asked about a bill",
                  "--by", "sophie")
    assert removed.returncode == 0, removed.stderr.decode()
    assert cli_json(config_file, "suppression", "list", "--json") == []
    again = cli(config_file, "suppression", "remove", "bob@example.org", "--reason", "x", "--by", "sophie")
    assert again.returncode == 1 and b"not on the suppression list" in again.stderr
