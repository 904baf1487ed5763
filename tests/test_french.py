"""French read without importing spaCy's French module reads exactly as spaCy's French does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
import srsly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intents.classifier import IntentClassifier, newest_model_dir
from intents.entities import extract_entities
from intents.entities.tokenizer import blank_pipeline
from intents.french import LARGE_CLASS, SavedFrench, alternatives_of, blank_french, load_pipeline, regrouped

REPO = Path(__file__).resolve().parents[1]
FRENCH_MAIL = sorted((REPO / "intents" / "data" / "written").glob("fr*-batch-0[1-3].jsonl"))


@lru_cache(maxsize=1)
def spacy_token_match() -> str:
    from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH  # the slow import this module avoids

    return TOKEN_MATCH.__self__.pattern


@lru_cache(maxsize=1)
def both_expressions() -> tuple[re.Pattern, re.Pattern]:
    return re.compile(spacy_token_match()), re.compile(regrouped(spacy_token_match()))


def french_texts() -> list[str]:
    return [f"{row.get('subject') or ''}\n{row['body']}" for path in FRENCH_MAIL
            for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def test_the_shipped_model_saved_spacys_own_french_expression():
    saved = srsly.msgpack_loads((newest_model_dir() / "fr" / "tokenizer").read_bytes())["token_match"]
    assert saved == spacy_token_match()


def test_the_regrouped_expression_is_far_smaller_than_spacys():
    assert len(regrouped(spacy_token_match())) < len(spacy_token_match()) / 10


def test_every_word_of_french_mail_is_kept_whole_or_split_as_spacy_does():
    spacys, ours = both_expressions()
    words = {word for text in french_texts() for word in text.split()}
    kept_whole = [word for word in words if spacys.match(word)]
    assert kept_whole, "the mail holds hyphenated words spaCy keeps whole"
    assert [word for word in words if bool(spacys.match(word)) != bool(ours.match(word))] == []


# Words each of spaCy's alternatives accepts, their large letter classes narrowed to a few letters (a
# subset, so every word drawn is one spaCy keeps whole) to keep drawing fast.
ACCEPTED_WORDS = st.deferred(lambda: st.one_of(
    [st.from_regex(re.compile("(?iu)" + LARGE_CLASS.sub("[a-zé]", alternative)), fullmatch=True)
     for alternative in alternatives_of(spacy_token_match())]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(word=ACCEPTED_WORDS)
def test_words_spacy_keeps_whole_and_their_near_misses_agree(word):
    """Words built from each of spaCy's alternatives, and the same words cut, cased or extended."""
    spacys, ours = both_expressions()
    assert spacys.match(word) and ours.match(word)
    for variant in (word.upper(), word[:-1], word[1:], word + "-", word + "'s", "x" + word, word.replace("-", " ")):
        assert bool(ours.match(variant)) == bool(spacys.match(variant)), variant


def test_a_shape_it_does_not_know_is_left_as_it_is():
    assert regrouped("(?:^a[-]b$)") == "(?:^a[-]b$)"
    assert regrouped("(?iu)(?:^a|b$)|(?:c)") == "(?iu)(?:^a|b$)|(?:c)"


def test_the_blank_french_pipeline_tokenizes_as_spacy_blank():
    ours, spacys = blank_french(newest_model_dir() / "fr" / "tokenizer"), spacy.blank("fr")
    assert ours.Defaults.stop_words == spacys.Defaults.stop_words
    for text in french_texts():
        assert ([(t.text, t.norm_, t.idx, t.is_alpha, t.is_stop) for t in ours.make_doc(text)]
                == [(t.text, t.norm_, t.idx, t.is_alpha, t.is_stop) for t in spacys.make_doc(text)])


def test_the_classifier_reads_french_and_english_as_with_spacy_load():
    model = newest_model_dir()
    quick = IntentClassifier.load(model)
    assert isinstance(quick.pipelines["fr"], SavedFrench)
    spacys = IntentClassifier({lang: spacy.load(model / lang) for lang in ("en", "fr")}, quick.meta,
                              lexical=quick.lexical)
    rows = [json.loads(line) for line in (REPO / "intents" / "holdout" / "holdout7.jsonl").read_text().splitlines()]
    items = [(row.get("subject") or "", row["body"]) for row in rows]
    assert quick.classify_many(items) == spacys.classify_many(items)


def test_names_and_authorities_are_found_in_french_mail():
    assert isinstance(blank_pipeline("fr"), SavedFrench)
    entities = extract_entities("Madame, je vous écris au nom de mon père, M. Louis Durand, décédé. "
                                "Sans réponse, je saisirai la CNIL.", language="fr")
    assert entities.people == ["Louis Durand"]
    assert entities.authorities == ["CNIL"]
    assert entities.on_behalf == ["au nom de"]


def test_reading_french_mail_does_not_import_spacys_french_module():
    code = ("import sys; from assistant.pipeline.tools import warm_up; from intents.classifier import IntentClassifier;"
            " warm_up(IntentClassifier.load());"
            " print('spacy.lang.fr' in sys.modules, 'spacy.lang.fr.tokenizer_exceptions' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("path", ["en", "fr"])
def test_a_saved_pipeline_keeps_its_components(path):
    model = newest_model_dir() / path
    assert load_pipeline(model).pipe_names == spacy.load(model).pipe_names
