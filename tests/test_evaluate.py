"""The evaluation figures: what staff read to decide whether a model is good enough."""

from __future__ import annotations

import pytest

from intents.evaluate import evaluate, format_report, predict_rows
from intents.types import IntentResult


def row(lang: str, intents: list[str], primary: str, body: str = "text") -> dict:
    return {"lang": lang, "subject": "", "body": body, "intents": intents, "primary": primary}


def result(intents: set[str], primary: str, *, review: bool = False) -> IntentResult:
    return IntentResult(intents=frozenset(intents), primary=primary, language="en", needs_review=review)


ROWS = [
    row("en", ["deletion", "opt_out"], "deletion"),
    row("en", ["access"], "access"),
    row("fr", ["complaint", "deletion"], "complaint"),
    row("fr", ["opt_out"], "opt_out"),
]


def test_perfect_predictions_score_one():
    predictions = [result(set(r["intents"]), r["primary"]) for r in ROWS]
    report = evaluate(ROWS, predictions)
    assert report["overall"]["primary_accuracy"] == 1.0
    assert report["overall"]["macro_f1"] == 1.0
    assert report["overall"]["exact_set_accuracy"] == 1.0
    assert set(report["languages"]) == {"en", "fr"}


def test_mistakes_are_counted_per_label_per_language_and_in_the_confusion_matrix():
    predictions = [
        result({"deletion"}, "deletion"),  # missed opt_out: set wrong, primary right
        result({"access"}, "access"),
        result({"deletion"}, "deletion"),  # missed the complaint: primary wrong
        result({"opt_out"}, "opt_out"),
    ]
    report = evaluate(ROWS, predictions)
    overall = report["overall"]
    assert overall["primary_accuracy"] == pytest.approx(0.75)
    assert overall["exact_set_accuracy"] == pytest.approx(0.5)
    assert overall["per_label"]["opt_out"]["recall"] == pytest.approx(0.5)
    assert overall["per_label"]["opt_out"]["precision"] == 1.0
    assert overall["per_label"]["complaint"]["f1"] == 0.0
    assert overall["confusion"]["complaint"]["deletion"] == 1
    assert report["languages"]["en"]["primary_accuracy"] == 1.0
    assert report["languages"]["fr"]["primary_accuracy"] == pytest.approx(0.5)


def test_flagged_messages_are_reported_apart():
    predictions = [result(set(r["intents"]), r["primary"]) for r in ROWS]
    predictions[2] = result({"deletion"}, "deletion", review=True)
    overall = evaluate(ROWS, predictions)["overall"]
    assert overall["needs_review"] == 1
    assert overall["primary_accuracy_not_flagged"] == 1.0
    assert overall["primary_accuracy"] == pytest.approx(0.75)


def test_rows_and_predictions_must_match():
    with pytest.raises(ValueError, match="4 rows but 3 predictions"):
        evaluate(ROWS, [result({"access"}, "access")] * 3)


def test_report_is_an_aligned_table_per_language():
    predictions = [result(set(r["intents"]), r["primary"]) for r in ROWS]
    text = format_report(evaluate(ROWS, predictions))
    assert "== language en: 2 messages" in text
    assert "== language fr: 2 messages" in text
    header = next(line for line in text.splitlines() if line.startswith("label"))
    deletion = next(line for line in text.splitlines() if line.startswith("deletion "))
    assert len(header) == len(deletion)


def test_predict_rows_classifies_the_prepared_body():
    seen = []

    class Recorder:
        def classify_many(self, items):
            seen.extend(items)
            return [result({"other"}, "other") for _ in items]

    predict_rows(Recorder(), [row("en", ["other"], "other", body="New text\n> quoted")],
                 prepare=lambda body: body.split("\n")[0])
    assert seen == [("", "New text")]
