"""The written training mail is checked mechanically before any model learns from it."""

from __future__ import annotations

import json
from pathlib import Path

from intents.workflow.intake import label_problem, take_in
from intents.workflow.train import read_jsonl_rows

WRITTEN = Path(__file__).resolve().parents[1] / "intents" / "data" / "written"


def test_every_written_message_is_labelled_the_taxonomy_way() -> None:
    rows = read_jsonl_rows(sorted(WRITTEN.glob("*.jsonl")))
    problems = [(row.get("id"), label_problem(row)) for row in rows if label_problem(row)]
    assert len(rows) > 6000 and problems == []


def test_a_writers_batch_is_taken_in_without_its_mislabelled_rows(tmp_path: Path) -> None:
    source, target = tmp_path / "en9", tmp_path / "written"
    source.mkdir(), target.mkdir()
    good = {"id": "w-1", "lang": "en", "subject": "", "body": "Please delete my account.",
            "intents": ["deletion", "opt_out"], "primary": "deletion"}
    rows = [good,
            dict(good, id="w-2", primary="access"),
            dict(good, id="w-3", intents=["other", "deletion"], primary="other"),
            dict(good, id="w-4", intents=["erasure"], primary="erasure"),
            dict(good, id="w-5", lang="de"),
            dict(good, id="w-1")]
    lines = [json.dumps(row) for row in rows] + ["{not json"]
    (source / "batch-01.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    kept, problems = take_in(source, "en9", target)
    assert kept == 1
    assert [json.loads(line)["id"] for line in (target / "en9-batch-01.jsonl").read_text().splitlines()] == ["w-1"]
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "primary 'access' is not among its intents", "other combined with a request", "unknown labels ['erasure']",
        "language 'de' is not one the models are trained for", "id w-1 repeated",
        "not JSON (Expecting property name enclosed in double quotes)"]
