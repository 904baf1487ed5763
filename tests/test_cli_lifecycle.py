"""The lifecycle commands as staff type them: a separate process, its own config, exit codes that mean something.

Each `privacy-assistant` run is a new process (a few seconds each on a busy machine), so the behaviour
behind these commands is tested in-process (test_lifecycle.py); here, the command names, options,
JSON fields and exit codes of the contract, in as few runs as say them.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from tests.support.cli import cli, cli_json, write_config

PASSWORD = "correct horse battery"
REQUESTS = """From: Claire Lefevre <claire@example.fr>
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


@pytest.mark.slow
def test_a_request_from_the_command_line_to_fulfilment(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    env = {**os.environ, "PW": PASSWORD}
    assert cli(config, "users", "add", "sophie", "--role", "staff", "--password-env", "PW", env=env).returncode == 0
    for raw in (REQUESTS, OPT_OUT):
        assert cli(config, "ingest", "-", stdin=raw.encode()).returncode == 0
    access, opt_out = cli_json(config, "tickets", "list", "--json")
    assert (access["stage"], access["identity"]) == ("new", "pending")
    assert access["overdue"] is False and access["paused"] is False
    assert access["fulfilled_at"] is None and opt_out["identity"] == "not_needed"
    reference = access["reference"]

    copy = tmp_path / "claire.csv"
    copy.write_text("nom,Claire Lefevre\n")
    refused = cli(config, "tickets", "fulfil", reference, "--by", "sophie", "--attach", str(copy))
    assert refused.returncode == 1 and b"identity" in refused.stderr
    stranger = cli(config, "tickets", "verify", reference, "--by", "mallory", "--note", "phoned")
    assert stranger.returncode == 1 and b"no enabled console account" in stranger.stderr
    verified = cli(config, "tickets", "verify", reference, "--by", "sophie", "--note", "customer number given")
    assert verified.returncode == 0, verified.stderr.decode()
    assert cli(config, "tickets", "extend", reference, "--months", "1", "--reason", "three archives",
               "--by", "sophie").returncode == 0
    again = cli(config, "tickets", "extend", reference, "--months", "1", "--reason", "more", "--by", "sophie")
    assert again.returncode == 1 and b"already extended" in again.stderr
    done = cli(config, "tickets", "fulfil", reference, "--by", "sophie", "--attach", str(copy), "--note", "CRM export")
    assert done.returncode == 0, done.stderr.decode()
    detail = cli_json(config, "tickets", "show", reference, "--json")
    assert detail["identity"] == "verified" and detail["extended_months"] == 1
    assert [draft["kind"] for draft in detail["drafts"]] == ["identity_request", "acknowledgement",
                                                             "extension_notice", "fulfilment"]

    rows = list(csv.DictReader(io.StringIO(cli(config, "suppression", "list", "--csv").stdout.decode())))
    assert [(row["address"], row["ticket"]) for row in rows] == [("bob@example.org", opt_out["reference"])]
    assert cli(config, "suppression", "remove", "BOB@example.org", "--reason", "asked about an invoice",
               "--by", "sophie").returncode == 0
    assert cli_json(config, "suppression", "list", "--json") == []
