"""A second reading of each message: TF-IDF over word and character n-grams, logistic regression.

The spaCy models read words, sentence moods and openings; this model reads the exact wording,
typos and inflections included (character n-grams catch "supprimer"/"suppression"/"supprimez" and
"unsubscibe" alike). Averaging the two models' probabilities is a plain ensemble: their errors differ,
so the average is right more often than either (measured on the written mail's held-out slice, see
README). It is trained in train.py on the same rows as the spaCy models, per language, and stored
as plain arrays (vocabularies, IDF weights, coefficients), so a model folder never holds a pickle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from intents.types import LABELS, PRIMARY_PREFIX

# Word unigrams and bigrams; character n-grams inside word boundaries (their sizes, the regularisation
# and the vocabulary size come from the workflow's [lexical] settings). min_df drops one-off typos.
WORD_PARAMS = {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "lowercase": True}
CHAR_PARAMS = {"analyzer": "char_wb", "min_df": 3, "sublinear_tf": True, "lowercase": True}
MAX_ITER = 2000
FILE_NAME = "lexical.npz"


@dataclass(frozen=True)
class LexicalSettings:
    """How the reading is trained (the workflow's [lexical] section)."""

    c: float  # inverse regularisation strength of the logistic regression
    char_ngram_min: int
    char_ngram_max: int
    char_max_features: int


def _vectorizer(params: dict, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    """A fitted vectoriser rebuilt from its vocabulary and IDF weights."""
    vectorizer = TfidfVectorizer(vocabulary={term: i for i, term in enumerate(vocabulary)}, **params)
    vectorizer.idf_ = idf
    return vectorizer


@dataclass
class LexicalModel:
    """A softmax logistic regression over word + character TF-IDF that picks the primary."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    primary_coef: np.ndarray  # labels x features, in LABELS order
    primary_intercept: np.ndarray

    @classmethod
    def fit(cls, texts: list[str], primaries: list[str], settings: LexicalSettings) -> LexicalModel:
        word = TfidfVectorizer(**WORD_PARAMS)
        char = TfidfVectorizer(ngram_range=(settings.char_ngram_min, settings.char_ngram_max),
                               max_features=settings.char_max_features, **CHAR_PARAMS)
        features = sparse.hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
        primary = LogisticRegression(C=settings.c, max_iter=MAX_ITER)
        primary.fit(features, primaries)
        coef = np.zeros((len(LABELS), features.shape[1]))
        intercept = np.full(len(LABELS), -30.0)  # a label no message had as primary is never chosen here
        for row, label in enumerate(primary.classes_):
            coef[LABELS.index(label)] = primary.coef_[row] if len(primary.classes_) > 2 else 0.0
            intercept[LABELS.index(label)] = primary.intercept_[row] if len(primary.classes_) > 2 else 0.0
        return cls(word, char, coef, intercept)

    def cats(self, texts: list[str]) -> list[dict[str, float]]:
        """spaCy-style cats: `primary:<label>`, each label's probability of being the primary."""
        if not texts:
            return []
        features = sparse.hstack([self.word.transform(texts), self.char.transform(texts)]).tocsr()
        logits = features @ self.primary_coef.T + self.primary_intercept
        logits -= logits.max(axis=1, keepdims=True)
        primary = np.exp(logits)
        primary /= primary.sum(axis=1, keepdims=True)
        return [{PRIMARY_PREFIX + label: float(p) for label, p in zip(LABELS, row, strict=True)} for row in primary]

    def to_disk(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        vocabularies = {"word": self.word.get_feature_names_out().tolist(),
                        "char": self.char.get_feature_names_out().tolist(),
                        "char_ngram_range": list(self.char.ngram_range)}
        (folder / "vocabulary.json").write_text(json.dumps(vocabularies, ensure_ascii=False), encoding="utf-8")
        # float32 halves the folder and the memory; the scores move by less than 1e-6.
        np.savez_compressed(folder / FILE_NAME, word_idf=self.word.idf_, char_idf=self.char.idf_,
                            primary_coef=self.primary_coef.astype(np.float32),
                            primary_intercept=self.primary_intercept)

    @classmethod
    def from_disk(cls, folder: Path) -> LexicalModel:
        vocabularies = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(folder / FILE_NAME, allow_pickle=False) as arrays:
            return cls(_vectorizer(WORD_PARAMS, vocabularies["word"], arrays["word_idf"]),
                       _vectorizer(dict(CHAR_PARAMS, ngram_range=tuple(vocabularies["char_ngram_range"])),
                                   vocabularies["char"], arrays["char_idf"]),
                       arrays["primary_coef"], arrays["primary_intercept"])


def blend(spacy_cats: dict[str, float], lexical_cats: dict[str, float], weight: float) -> dict[str, float]:
    """The weighted average of the two models' primary scores; the set of intents stays spaCy's.

    Blending the set scores too was measured: a point more primary accuracy, but "who receives erasure
    requests, and how should I send mine?" became an access request (the words, not the question).
    """
    return {key: (1 - weight) * value + weight * lexical_cats.get(key, value) for key, value in spacy_cats.items()}
