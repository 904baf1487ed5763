"""`python -m intents.workflow [generate|train|evaluate|calibrate|package|all] [--model DIR]`: the declared workflow.

- generate: rewrite `intents/data/generated.jsonl` (phrase combinations, seeded).
- train: train a candidate into `[paths] candidates` (`build/intents/`, not committed).
- evaluate: the candidate beside the shipped model and the TF-IDF baseline trained on the same data,
  per language, on the calibration slice, holdout2 and the older holdout. Never holdout3: that set
  is measured once, at the end, by `bench/bench_classifier.py`.
- calibrate: fit the review flag and the score calibration of a model again with the current
  settings (`review_least_kept`), in its meta.json, without retraining.
- package: ship the candidate: move it under `intents/model/` and remove the versions shipped before.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from intents.workflow.settings import load_workflow

WORKFLOW = load_workflow()


def newest_candidate() -> Path:
    root = WORKFLOW.paths.candidates
    found = sorted(path for path in root.iterdir() if (path / "meta.json").is_file()) if root.is_dir() else []
    if not found:
        raise SystemExit(f"no candidate under {root}: run `python -m intents.workflow train` first")
    return found[-1]


def run_generate(_model: Path | None) -> None:
    from intents.workflow import generate

    generate.main()


def run_train(_model: Path | None) -> None:
    from intents.workflow.train import train

    print(f"candidate written to {train(WORKFLOW.paths.candidates)}")


def run_evaluate(model: Path | None) -> None:
    from intents.workflow.compare import compare_candidate

    compare_candidate(model or newest_candidate())


def run_calibrate(model: Path | None) -> None:
    from intents.workflow.train import recalibrate

    target = model or newest_candidate()
    for lang, fitted in recalibrate(target).items():
        print(f"{target.name} {lang}: " + ", ".join(f"{key} {value}" for key, value in fitted.items()))


def run_package(model: Path | None) -> None:
    """Move the candidate under the shipped folder and delete what shipped before: one model ships."""
    candidate = model or newest_candidate()
    shipped = WORKFLOW.paths.shipped
    target = shipped / candidate.name
    shutil.move(str(candidate), target)
    for old in shipped.iterdir():
        if old.is_dir() and old != target:
            shutil.rmtree(old)
    print(f"shipped {target}")


STEPS = {"generate": run_generate, "train": run_train, "evaluate": run_evaluate, "calibrate": run_calibrate,
         "package": run_package}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m intents.workflow", description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=[*STEPS, *WORKFLOW.workflows])
    parser.add_argument("--model", type=Path,
                        help="the model to evaluate, calibrate or package (default: the newest candidate)")
    args = parser.parse_args(argv)
    steps = WORKFLOW.workflows.get(args.step, (args.step,))
    for step in steps:
        print(f"== {step}: {WORKFLOW.commands[step]['help']}", file=sys.stderr)
        STEPS[step](args.model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
