"""Answers from the privacy policy: the sentence that answers first, its passage and section after it,
and "the policy does not say" where it is silent. The benchmark's question set is held to its targets."""

from __future__ import annotations

import pytest

from bench.bench_chat_answers import QUESTIONS, TARGETS, evaluate, load
from replies.policy.answers import answer_question, answer_text
from replies.policy.retrieval import sentences

RETENTION = "How long do we keep the information for?"
CHOICES = "How can you gain access to and verify your information?"


def test_how_long_is_data_kept_gets_the_retention_sentence_and_says_no_periods_are_given() -> None:
    answer = answer_question("How long do you keep my data?", "en")
    assert answer.found and answer.section == RETENTION
    assert answer.sentence.startswith("The length of time during which we keep the information")
    text = answer_text(answer, "en")
    assert text.startswith(answer.sentence)  # the sentence that answers comes first
    assert "gives no retention periods" in text and f"\u201c{RETENTION}\u201d" in text


def test_a_french_question_is_answered_from_the_english_policy_with_our_french_summary() -> None:
    answer = answer_question("Combien de temps conservez-vous mes données ?", "fr")
    assert answer.found and answer.section == RETENTION
    text = answer_text(answer, "fr")
    assert "durées de conservation" in text and f"section « {RETENTION} »" in text


def test_refusing_cookies_is_answered_by_the_sentence_on_refused_cookies_not_their_definition() -> None:
    answer = answer_question("Can I refuse cookies?", "en")
    assert answer.found and answer.section == "Changes to our privacy policy"
    assert answer.sentence == "Some parts of this site may not be functional if cookies are not accepted."


@pytest.mark.parametrize(("question", "language", "said"), [
    ("Is my data transferred outside the EU?", "en", "whether your data is transferred outside the European Union"),
    ("Mes données sont-elles transférées hors de l'UE ?", "fr", "si vos données sont transférées hors de l'Union"),
    ("Who is your DPO and how do I reach them?", "en", "who the data protection officer is"),
    ("What is the capital of Peru?", "en", "anything that answers this question precisely"),
    ("Quel temps fera-t-il demain ?", "fr", "de réponse précise à cette question"),
])
def test_where_the_policy_is_silent_the_answer_says_so(question: str, language: str, said: str) -> None:
    answer = answer_question(question, language)
    assert not answer.found and answer.excerpt == ""
    assert said in answer_text(answer, language)


def test_a_deletion_question_quotes_the_choices_section() -> None:
    answer = answer_question("Can you delete my account?", "en")
    assert answer.section == CHOICES and "deletion" in answer.sentence


@pytest.mark.parametrize(("paragraph", "count"), [
    ("One sentence. Another one.", 2),
    ("Partners, e.g. billing information, company name. Next.", 2),
    ("A list: (a) comply; (b) protect.", 1),
])
def test_sentences_split_where_a_reader_would(paragraph: str, count: int) -> None:
    assert len(sentences(paragraph)) == count


def test_the_question_set_meets_the_benchmark_targets() -> None:
    rows = load(QUESTIONS)
    assert len(rows) >= 60 and {row["language"] for row in rows} == {"en", "fr"}
    figures, misses = evaluate(rows)
    assert all(figures[key] >= target for key, target in TARGETS.items()), (figures, misses)
