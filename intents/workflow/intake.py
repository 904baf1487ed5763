"""Take a writer's batch of training mail into `intents/data/written/`, its labels checked mechanically.

A writer's folder holds `batch-NN.jsonl` files (TAXONOMY.md's format) and a DONE file when finished.
Each row must say its language (en or fr), carry one to nine labels from TAXONOMY's nine, name a
primary that is among its labels, and keep `other` alone (TAXONOMY: `other` is never combined).
A row that fails is left out and reported with its reason: a mislabelled example teaches the
model the wrong thing, and a person fixes it faster from the report than from a figure that dropped.
Run: `python -m intents.workflow.intake /work/data-writes/en4 en4` (writes `en4-batch-NN.jsonl`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from intents.types import LABELS
from intents.workflow.settings import load_workflow

LANGUAGES = ("en", "fr")


def label_problem(row: dict) -> str | None:
    """Why a labelled row cannot be trained on, or None when it can."""
    if row.get("lang") not in LANGUAGES:
        return f"language {row.get('lang')!r} is not one the models are trained for"
    if not str(row.get("body") or "").strip():
        return "empty body"
    intents = row.get("intents")
    if not isinstance(intents, list) or not intents:
        return "no intents"
    unknown = [label for label in intents if label not in LABELS]
    if unknown:
        return f"unknown labels {unknown}"
    if len(set(intents)) != len(intents):
        return "a label repeated"
    if row.get("primary") not in intents:
        return f"primary {row.get('primary')!r} is not among its intents"
    if "other" in intents and len(intents) > 1:
        return "other combined with a request"
    return None


def take_in(source: Path, prefix: str, target: Path) -> tuple[int, list[str]]:
    """Copy every valid row of `source/batch-*.jsonl` to `target/<prefix>-batch-NN.jsonl`; return (kept, problems)."""
    kept, problems, seen = 0, [], set()
    for path in sorted(source.glob("batch-*.jsonl")):
        good = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{path.name}:{number}: not JSON ({error.msg})")
                continue
            problem = label_problem(row) if isinstance(row, dict) else "not an object"
            if problem is None and row.get("id") in seen:
                problem = f"id {row.get('id')} repeated"
            if problem:
                problems.append(f"{path.name}:{number}: {problem}")
                continue
            seen.add(row.get("id"))
            good.append(json.dumps(row, ensure_ascii=False))
        if good:
            (target / f"{prefix}-{path.name}").write_text("\n".join(good) + "\n", encoding="utf-8")
            kept += len(good)
    return kept, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a writer's folder of batch-NN.jsonl files")
    parser.add_argument("prefix", help="the folder name the batches take (their writer: en4, fr4, mix4)")
    args = parser.parse_args()
    target = load_workflow().paths.data / "written"
    kept, problems = take_in(args.source, args.prefix, target)
    done = "finished (DONE)" if (args.source / "DONE").exists() else "NOT finished (no DONE file yet)"
    print(f"{args.source}: {kept} messages taken into {target} as {args.prefix}-batch-NN.jsonl; writer {done}")
    for problem in problems:
        print(f"  left out: {problem}")


if __name__ == "__main__":
    main()
