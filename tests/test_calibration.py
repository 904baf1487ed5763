"""Temperature scaling, the review margin and the sentence features the classifier reads."""

from __future__ import annotations

import pytest
import spacy

from intents.calibration import choose_flag, fit_temperature, margin, scale
from intents.features import OPENING_SALT, QUESTION_SALT, doc_features


def test_temperature_keeps_the_ranking_and_softens_an_overconfident_score():
    scores = {"deletion": 0.97, "opt_out": 0.02, "other": 0.01}
    softer = scale(scores, 2.0)
    assert max(softer, key=softer.get) == "deletion"
    assert softer["deletion"] < 0.97
    assert sum(softer.values()) == pytest.approx(1.0)


def test_fitted_temperature_is_above_one_for_a_model_right_only_half_the_time_it_says_095():
    confident = [{"a": 0.95, "b": 0.05}] * 20
    gold = ["a"] * 10 + ["b"] * 10
    assert fit_temperature(confident, gold) > 2.0
    assert fit_temperature([], []) == 1.0


def test_margin_is_negative_when_the_chosen_reading_is_not_the_models_first():
    assert margin({"access": 0.7, "question": 0.3}, "access") == pytest.approx(0.4)
    assert margin({"access": 0.7, "question": 0.3}, "question") == pytest.approx(-0.4)


def test_margin_reaching_the_target_precision_is_chosen_when_enough_mail_stays_unflagged():
    margins = [0.9] * 85 + [0.1] * 15
    correct = [True] * 85 + [False] * 15
    choice = choose_flag(margins, [0.9] * 100, correct)
    assert 0.1 < choice.margin <= 0.9
    assert choice.kept_share == pytest.approx(0.85) and choice.kept_accuracy == 1.0


def test_an_unsure_top_score_is_flagged_where_the_margin_cannot_tell():
    """Errors that lead their runner-up comfortably but are unlikely overall: the top score finds them."""
    margins = [0.5] * 100
    tops = [0.9] * 85 + [0.4] * 15
    correct = [True] * 85 + [False] * 15
    choice = choose_flag(margins, tops, correct)
    assert 0.4 < choice.top <= 0.9
    assert choice.kept_share == pytest.approx(0.85) and choice.kept_accuracy == 1.0


def test_flag_keeps_eighty_percent_unflagged_when_the_target_precision_is_out_of_reach():
    margins = [i / 100 for i in range(100)]
    correct = [i % 5 != 0 for i in range(100)]  # wrong one time in five at every margin
    choice = choose_flag(margins, margins, correct)
    assert choice.kept_share >= 0.8
    assert choice.kept_accuracy < 0.97


@pytest.fixture(scope="module")
def english() -> spacy.Language:
    return spacy.blank("en")


def test_a_question_and_an_order_with_the_same_words_have_different_features(english):
    asked = set(doc_features(english("how do i delete my account?"), spacy.attrs.NORM, 2, None).tolist())
    ordered = set(doc_features(english("i delete my account, do it."), spacy.attrs.NORM, 2, None).tolist())
    delete = english.vocab.strings["delete"]
    assert delete ^ int(QUESTION_SALT) in asked and delete ^ int(QUESTION_SALT) not in ordered


def test_the_first_words_of_each_sentence_are_marked(english):
    keys = set(doc_features(english("thanks. delete my data."), spacy.attrs.NORM, 1, None).tolist())
    strings = english.vocab.strings
    assert strings["delete"] ^ int(OPENING_SALT) in keys
    assert strings["data"] ^ int(OPENING_SALT) not in keys
