"""Show staff corrections flowing back: misread tickets corrected, retrained, and the gain on similar mail.

Reads a batch of messages the shipped model misreads (`bench/corrections/misread.jsonl`, with the
labels staff would give them in `tickets reclassify`), trains a model with them as corrections
(what `privacy-assistant train --with-corrections` does), and prints the primary accuracy of the
shipped and the retrained model on similar mail neither saw (`bench/corrections/similar.jsonl`)
and on the sets that must not get worse (holdout2, the calibration slice).

    python bench/bench_corrections.py [--misread PATH] [--similar PATH] [--model DIR]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_classifier import HOLDOUT2, read_jsonl  # noqa: E402

from intents.classifier import IntentClassifier  # noqa: E402
from intents.evaluate import default_prepare, predict_rows  # noqa: E402
from intents.workflow.train import load_training_data, train  # noqa: E402

HERE = Path(__file__).resolve().parent / "corrections"


def accuracy(classifier: IntentClassifier, rows: list[dict]) -> float:
    results = predict_rows(classifier, rows, default_prepare())
    return sum(result.primary == row["primary"] for result, row in zip(results, rows, strict=True)) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misread", type=Path, default=HERE / "misread.jsonl")
    parser.add_argument("--similar", type=Path, default=HERE / "similar.jsonl")
    parser.add_argument("--model", type=Path, default=None, help="the model before corrections (default: shipped)")
    args = parser.parse_args()

    corrections = read_jsonl(args.misread)
    sets = {"similar unseen mail": read_jsonl(args.similar),
            "holdout2": [row for row in read_jsonl(HOLDOUT2) if row["lang"] in ("en", "fr")],
            "calibration slice": load_training_data().calibration}
    before = IntentClassifier.load(args.model)
    print(f"shipped model {before.version}: reads {accuracy(before, corrections):.0%} of the {len(corrections)} "
          "misread tickets right")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        after = IntentClassifier.load(train(Path(folder), extra_examples=corrections))
    print(f"retrained with {len(corrections)} staff corrections in {time.perf_counter() - started:.0f} s\n")
    print(f"{'primary accuracy on':<24}{'messages':>9}{'before':>8}{'after':>8}")
    for name, rows in sets.items():
        print(f"{name:<24}{len(rows):>9}{accuracy(before, rows):>8.3f}{accuracy(after, rows):>8.3f}")


if __name__ == "__main__":
    main()
