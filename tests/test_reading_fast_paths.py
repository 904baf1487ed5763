"""The classifier's fast paths read exactly what the library code they replace reads.

Reading a message was made faster by doing in arrays and caches what spaCy's `Matcher`,
scikit-learn's `transform` and spaCy `Token` objects did. A difference would silently change
how requests are read (a negation missed, a word's weight off), so each fast path is compared
with the library's own answer on the project's held-out mail and on awkward texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
from spacy.attrs import LOWER, NORM
from spacy.matcher import Matcher

from intents.classifier import IntentClassifier
from intents.features import CharGrams, doc_features
from intents.lexical import TermCounter, act_text
from intents.rules import CONDITION_PATTERNS, FOOTER_PATTERNS, NEGATION_CUES, RIGHTS_STATEMENTS
from intents.sequences import SequenceMatcher

HOLDOUT = Path(__file__).resolve().parents[1] / "intents" / "holdout" / "holdout6.jsonl"
AWKWARD = [
    "",
    "   \n\n  ",
    "You have the right to access. You have right to erasure. they has the rights",
    "I do not not want this, whether or not you hold my data; if you do, send it.",
    "To unsubscribe, reply STOP. To stop, text END. to opt out of it",
    "Vous disposez d'un droit d'accès ; vous avez le droit de rectification. Sur mes droits, au cas où.",
    "unsubcribe!!! suprimer mes donnees svp 🙂 ÉNORME Straße İstanbul naïve",
    "delete delete delete delete",
    "a\tb\u00a0c\u2028d\x1ce",
]


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier.load()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    rows = [json.loads(line) for line in HOLDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    bodies = [row["body"] for row in rows]
    return AWKWARD + bodies + [body.lower() for body in bodies]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_scope_cues_are_found_where_spacy_matcher_finds_them(classifier, texts, lang):
    nlp = classifier.pipelines[lang]
    spacy_matcher, ours = Matcher(nlp.vocab), SequenceMatcher(nlp.vocab.strings)
    for key, patterns in (("NEG", [[{"LOWER": {"IN": NEGATION_CUES[lang]}}]]), ("IF", CONDITION_PATTERNS[lang]),
                          ("RIGHTS", RIGHTS_STATEMENTS[lang]), ("FOOTER", FOOTER_PATTERNS[lang])):
        if patterns:
            spacy_matcher.add(key, patterns)
            ours.add(key, patterns)
    found = 0
    for doc in nlp.tokenizer.pipe(texts):
        expected = [(nlp.vocab.strings[key], start, end) for key, start, end in spacy_matcher(doc)]
        assert ours(doc.to_array(LOWER).tolist() if len(doc) else []) == expected, doc.text[:200]
        found += len(expected)
    assert found > 100  # the comparison saw real negations, conditions and statements of rights


def test_a_pattern_shape_the_fast_matcher_cannot_follow_is_refused():
    from spacy.strings import StringStore

    with pytest.raises(ValueError, match="only LOWER"):
        SequenceMatcher(StringStore()).add("X", [[{"LOWER": "if"}, {"LOWER": "you", "OP": "*"}]])
    with pytest.raises(ValueError, match="starts with"):
        SequenceMatcher(StringStore()).add("X", [[{"LOWER": "the", "OP": "?"}, {"LOWER": "right"}]])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tfidf_counts_are_those_of_scikit_learn(classifier, texts, lang):
    model = classifier.lexical[lang]
    docs = list(classifier.pipelines[lang].pipe(texts))
    acts = [act_text(doc) for doc in docs]
    for vectorizer, items in ((model.word, texts), (model.char, texts), (model.act, acts)):
        if vectorizer is None:
            continue
        counter = TermCounter(vectorizer)
        for _ in range(2):  # the second time from the per-word cache
            ours = vectorizer._tfidf.transform(counter.count(items), copy=False)
            expected = vectorizer.transform(items)
            assert (ours != expected).nnz == 0
            assert ours.nnz > 1000


def test_the_features_kept_on_a_doc_follow_its_norms(classifier):
    nlp = classifier.pipelines["en"]
    doc = nlp("Please delete my account. How do I delete it?")
    char_grams = CharGrams()
    first = doc_features(doc, NORM, 2, char_grams)
    assert numpy.array_equal(doc_features(doc, NORM, 2, char_grams), first)
    doc[1].norm_ = "not_delete"  # what `intent_scopes` does to a negated word
    changed = doc_features(doc, NORM, 2, char_grams)
    assert not numpy.array_equal(changed, first)
    fresh = nlp.make_doc(doc.text)
    for token, source in zip(fresh, doc, strict=True):
        fresh[token.i].norm_ = source.norm_
    assert numpy.array_equal(doc_features(fresh, NORM, 2, CharGrams()), changed)
