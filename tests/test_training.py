"""Retraining from the command line, with the staff corrections stored by `tickets reclassify`."""

from __future__ import annotations

import json
from pathlib import Path

from intents.classifier import IntentClassifier
from intents.evaluate import predict_rows
from intents.train import load_training_data, train
from tests.conftest import MESSAGES
from tests.support.cli import cli, cli_json, write_config

CORRECTIONS = Path(__file__).resolve().parents[1] / "bench" / "corrections"


def test_train_with_corrections_writes_a_loadable_versioned_model(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
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


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def primary_accuracy(classifier: IntentClassifier, rows: list[dict]) -> float:
    results = predict_rows(classifier, rows)
    return sum(result.primary == row["primary"] for result, row in zip(results, rows, strict=True)) / len(rows)


def test_staff_corrections_teach_the_model_mail_like_the_one_it_misread(tmp_path: Path) -> None:
    """The corrections loop (issue 12): misread tickets corrected, retrained, similar unseen mail read right."""
    misread = read_rows(CORRECTIONS / "misread.jsonl")
    similar = read_rows(CORRECTIONS / "similar.jsonl")
    calibration = load_training_data().calibration
    shipped = IntentClassifier.load()
    assert primary_accuracy(shipped, misread) <= 0.5, "the shipped model should misread these tickets"

    retrained = IntentClassifier.load(train(tmp_path, extra_examples=misread))

    assert primary_accuracy(retrained, similar) >= primary_accuracy(shipped, similar) + 0.3
    assert primary_accuracy(retrained, calibration) >= primary_accuracy(shipped, calibration) - 0.02
