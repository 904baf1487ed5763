"""The workflow's evaluate step: a candidate beside the shipped model and the baseline, fairly.

Fair means the same messages for all three, and a baseline (TF-IDF + logistic regression,
baseline.py) trained on the same data as the candidate. The sets are the ones tuning may look at:
the calibration slice of the written mail (never trained on, but the margin is set there), holdout2
(measured while earlier models were built) and the older holdout. holdout3 is left out on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

from intents.classifier import IntentClassifier, newest_model_dir
from intents.evaluate import default_prepare, evaluate, headline_figures, predict_rows
from intents.workflow.baseline import TfidfBaseline
from intents.workflow.train import HOLDOUT_DIR, load_training_data, read_jsonl_rows

TUNING_SETS = ("holdout2.jsonl", "holdout.jsonl")
COLUMNS = ("primary", "macro_f1", "f1_access", "f1_deletion", "f1_opt_out", "f1_complaint", "not_flagged",
           "primary_not_flagged")


def tuning_sets() -> dict[str, list[dict]]:
    data = load_training_data()
    sets = {"calibration slice": data.calibration}
    for name in TUNING_SETS:
        sets[name] = [row for row in read_jsonl_rows([HOLDOUT_DIR / name]) if row["lang"] in ("en", "fr")]
    return sets


def figures_of(system, rows: list[dict]) -> dict[str, dict]:
    results = predict_rows(system, rows, default_prepare())
    return {lang: headline_figures(scores) for lang, scores in evaluate(rows, results)["languages"].items()}


def compare_candidate(candidate: Path, shipped: Path | None = None) -> dict:
    """Print and return, per set and language, the figures of the candidate, the shipped model and the baseline."""
    data = load_training_data()
    systems = {"candidate": IntentClassifier.load(candidate),
               "shipped": IntentClassifier.load(shipped or newest_model_dir()),
               "baseline": TfidfBaseline(data.generated + data.written)}
    report: dict[str, dict] = {}
    for set_name, rows in tuning_sets().items():
        report[set_name] = {name: figures_of(system, rows) for name, system in systems.items()}
        print(f"\n### {set_name} ({len(rows)} messages)")
        print(f"  {'':<14}" + "".join(f"{column[:11]:>12}" for column in COLUMNS))
        for lang in ("en", "fr"):
            for name in systems:
                row = report[set_name][name].get(lang)
                if row:
                    cells = "".join(f"{'-' if row[c] is None else format(row[c], '.3f'):>12}" for c in COLUMNS)
                    print(f"  {lang} {name:<11}{cells}")
    (candidate / "evaluation.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report
