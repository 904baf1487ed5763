"""Train the intent pipelines (one per language) and write a versioned model directory.

Reproducible: the training data is the project's own JSONL under intents/data (plus staff
corrections when given), examples are shuffled with a fixed seed and spaCy's and thinc's
random state is fixed, so the same data and seed give the same weights. The model directory
is named `<date>-<data hash>` and carries a meta.json (version, date, data hash, labels,
thresholds) so a ticket can say which model read it.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, load_config, minibatch

from intents.classifier import MODEL_ROOT, PRIMARY_PREFIX, SUPPORTED_LANGUAGES, message_text
from intents.types import LABELS

DATA_DIR = Path(__file__).resolve().parent / "data"
CONFIG_PATH = Path(__file__).resolve().parent / "configs" / "intents.cfg"
EPOCHS = 10
BATCH_SIZE = 32
LEARN_RATE = 0.002
# A staff correction is worth more than one generated message: it is a real mail, read by a person.
CORRECTION_WEIGHT = 5
THRESHOLDS = {label: 0.5 for label in LABELS}


def load_training_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    """Every JSONL file of the training data folder, in name order."""
    rows = []
    for path in sorted(data_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def data_hash(rows: list[dict]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def set_cats(row: dict) -> dict[str, float]:
    intents = set(row["intents"])
    return {label: float(label in intents) for label in LABELS}


def primary_cats(row: dict) -> dict[str, float]:
    return {PRIMARY_PREFIX + label: float(label == row["primary"]) for label in LABELS}


def build_pipeline(lang: str) -> spacy.Language:
    config = load_config(CONFIG_PATH, overrides={"nlp.lang": lang})
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def train_language(lang: str, rows: list[dict], seed: int) -> spacy.Language:
    """Train one language's pipeline on its rows."""
    fix_random_seed(seed)
    nlp = build_pipeline(lang)
    scopes = nlp.get_pipe("intent_scopes")
    docs = [scopes(nlp.make_doc(message_text(row["subject"], row["body"]))) for row in rows]
    # The two classifiers learn from the same docs with different gold labels: the set, and the primary.
    set_examples = [Example.from_dict(doc, {"cats": set_cats(row)}) for doc, row in zip(docs, rows, strict=True)]
    primary_examples = [Example.from_dict(doc, {"cats": primary_cats(row)})
                        for doc, row in zip(docs, rows, strict=True)]
    with nlp.select_pipes(disable=["primary"]):
        nlp.initialize(lambda: set_examples)
    nlp.get_pipe("primary").initialize(lambda: primary_examples, nlp=nlp)
    optimizer = nlp.create_optimizer()
    optimizer.learn_rate = LEARN_RATE
    rng = random.Random(seed)
    order = list(range(len(docs)))
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for batch in minibatch(order, size=BATCH_SIZE):
            nlp.update([set_examples[i] for i in batch], sgd=optimizer, exclude=["primary"])
            nlp.update([primary_examples[i] for i in batch], sgd=optimizer, exclude=["intents"])
    return nlp


def train(output_dir: Path | None, *, extra_examples: list[dict] | None = None, seed: int = 0) -> Path:
    """Train on the project's data (plus staff corrections) and write `output_dir/<version>/`.

    `output_dir` None means the shipped models' folder, where the newest version is loaded.
    `extra_examples` are corrections as dicts {subject, body, intents, primary, lang}.
    Returns the new model directory.
    """
    started = time.monotonic()
    rows = load_training_rows()
    corrections = [dict(row, subject=row.get("subject") or "") for row in extra_examples or []]
    all_rows = rows + corrections * CORRECTION_WEIGHT
    digest = data_hash(rows + corrections)
    now = datetime.now(UTC)
    version = f"{now:%Y%m%d-%H%M%S}-{digest[:8]}"
    model_dir = Path(output_dir or MODEL_ROOT) / version
    counts, trained = {}, {}
    for lang in SUPPORTED_LANGUAGES:
        lang_rows = [row for row in all_rows if row.get("lang") == lang]
        counts[lang] = len(lang_rows)
        trained[lang] = train_language(lang, lang_rows, seed)
    model_dir.mkdir(parents=True, exist_ok=False)
    for lang, nlp in trained.items():
        nlp.to_disk(model_dir / lang)
    meta = {
        "version": version,
        "date": now.isoformat(timespec="seconds"),
        "training_data_sha256": digest,
        "training_examples": counts,
        "staff_corrections": len(corrections),
        "seed": seed,
        "labels": list(LABELS),
        "languages": list(SUPPORTED_LANGUAGES),
        "thresholds": THRESHOLDS,
        "training_seconds": round(time.monotonic() - started, 1),
    }
    (model_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return model_dir


if __name__ == "__main__":
    print(train(None))
