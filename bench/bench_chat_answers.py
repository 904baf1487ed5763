"""Benchmark the chat's answers from the privacy policy on a fixed set of questions.

`bench/data/chat_questions.jsonl` holds English and French questions a visitor might ask, each with
the policy section(s) that answer it, or "none" when the policy does not say. Prints, per language
and overall: top-1 and top-3 section accuracy over the answerable questions, and the share of
"none" questions answered "the policy does not say" (targets 0.85 / 0.95 / 0.9), then every miss.

    python bench/bench_chat_answers.py [--questions PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from replies.policy.answers import answer_question  # noqa: E402

QUESTIONS = REPO / "bench" / "data" / "chat_questions.jsonl"
TARGETS = {"top1": 0.85, "top3": 0.95, "none": 0.9}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(rows: list[dict]) -> tuple[dict, list[str]]:
    """Figures over `rows` and a line for every miss."""
    top1 = top3 = answerable = none_right = none_total = 0
    misses = []
    for row in rows:
        answer = answer_question(row["question"], row["language"])
        expected = row["sections"]
        if expected == ["none"]:
            none_total += 1
            none_right += not answer.found
            if answer.found:
                misses.append(f"[none] {row['question']!r} answered from {answer.section!r} ({answer.score:.1f})")
            continue
        answerable += 1
        first = answer.section if answer.found else ""
        top1 += first in expected
        top3 += any(section in expected for section in answer.sections)
        if first not in expected:
            misses.append(f"[{expected[0]}] {row['question']!r} -> {first or 'not found'!r} "
                          f"({answer.score:.1f}; top-3 {list(answer.sections)})")
    figures = {"questions": len(rows), "answerable": answerable, "top1": top1 / max(1, answerable),
               "top3": top3 / max(1, answerable), "none_questions": none_total,
               "none": none_right / max(1, none_total)}
    return figures, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = load(args.questions)
    started = time.perf_counter()
    report = {}
    for language in ("en", "fr", "all"):
        subset = [row for row in rows if language in ("all", row["language"])]
        report[language], misses = evaluate(subset)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for language, figures in report.items():
        print(f"{language:>3}: {figures['questions']} questions; top-1 {figures['top1']:.3f}, "
              f"top-3 {figures['top3']:.3f} ({figures['answerable']} answerable); "
              f"'the policy does not say' {figures['none']:.3f} ({figures['none_questions']} questions)")
    met = all(report["all"][key] >= target for key, target in TARGETS.items())
    print(f"targets top-1 >= 0.85, top-3 >= 0.95, none >= 0.9: {'met' if met else 'NOT met'}; "
          f"{1000 * elapsed / (3 * len(rows)):.2f} ms a question")
    for miss in misses:
        print("  miss", miss)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
