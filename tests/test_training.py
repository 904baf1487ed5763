"""Retraining from the command line, with the staff corrections stored by `tickets reclassify`."""

from __future__ import annotations

import json
from pathlib import Path

from intents.classifier import IntentClassifier
from tests.conftest import MESSAGES
from tests.support.cli import add_staff, cli, cli_json, write_config


def test_train_with_corrections_writes_a_loadable_versioned_model(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
    add_staff(config, "Sophie")
    assert cli(config, "ingest", str(MESSAGES / "en_access_plain.eml")).returncode == 0
    [ticket] = cli_json(config, "tickets", "list", "--json")
    fixed = cli(config, "tickets", "reclassify", ticket["reference"], "--intents", "portability,access",
                "--primary", "portability", "--by", "Sophie")
    assert fixed.returncode == 0, fixed.stderr.decode()

    result = cli(config, "train", "--with-corrections", "--output", str(tmp_path / "models"), timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    assert b"learning from 1 staff correction" in result.stderr
    [model_dir] = (tmp_path / "models").iterdir()
    meta = json.loads((model_dir / "meta.json").read_text())
    assert meta["staff_corrections"] == 1 and meta["version"] == model_dir.name
    assert set(meta["languages"]) == {"en", "fr"}

    classifier = IntentClassifier.load(model_dir)
    result = classifier.classify("Delete my account", "Please erase my account and all my personal data.")
    assert result.primary == "deletion"
