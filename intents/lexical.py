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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.attrs import IS_PUNCT, IS_SPACE, NORM, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc

from intents.types import LABELS, PRIMARY_PREFIX

# Word unigrams and bigrams; character n-grams inside word boundaries (their sizes, the regularisation
# and the vocabulary size come from the workflow's [lexical] settings). min_df drops one-off typos.
WORD_PARAMS = {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "lowercase": True}
CHAR_PARAMS = {"analyzer": "char_wb", "min_df": 3, "sublinear_tf": True, "lowercase": True}
# What the writer is doing (`act_text`): scope-marked norms, question-sentence words, sentence openings.
ACT_PARAMS = {"analyzer": "word", "ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "lowercase": False,
              "token_pattern": r"\S+"}
SENTENCE_ENDS = frozenset({".", "!", "?", ";"})
_SENTENCE_END_KEYS = frozenset(get_string_id(end) for end in SENTENCE_ENDS)
_QUESTION_KEY = get_string_id("?")
OPENING_WORDS = 2


def act_text(doc: Doc) -> str:
    """The words of a doc read by `intent_scopes`, as tokens that say what each sentence does.

    Why: the same words ask for erasure or ask how erasure works ("delete my account." / "how do I
    delete my account?"); negated and conditional words ("not_delete", "if_delete") are not asked
    for; the first words of a sentence carry its mood (imperative "please delete", conditional
    "could you", a statement "our tool"). Each word gives its scope-marked norm; a word of a
    question gives "q:" + norm too; the first two words of a sentence give "o:" + norm; the words of
    the first sentence give "f:" + norm (TAXONOMY: the primary is usually the first request).
    """
    out: list[str] = []
    sentence: list[str] = []
    first = True

    def close(question: bool) -> None:
        nonlocal first
        if not sentence:
            return
        out.extend(sentence)
        out.extend(f"o:{norm}" for norm in sentence[:OPENING_WORDS])
        if question:
            out.extend(f"q:{norm}" for norm in sentence)
        if first:
            out.extend(f"f:{norm}" for norm in sentence)
            first = False
        sentence.clear()

    if not len(doc):
        return ""
    strings = doc.vocab.strings
    arrays = doc.to_array([IS_SPACE, IS_PUNCT, ORTH, NORM]).tolist()
    for space, punct, orth, norm in arrays:
        if space:
            if "\n" in strings[orth]:
                close(False)
        elif orth in _SENTENCE_END_KEYS:
            close(orth == _QUESTION_KEY)
        elif not punct:
            sentence.append(strings[norm])
    close(False)
    return " ".join(out)
MAX_ITER = 2000
FILE_NAME = "lexical.npz"


@dataclass(frozen=True)
class LexicalSettings:
    """How the reading is trained (the workflow's [lexical] section)."""

    c: float  # inverse regularisation strength of the logistic regression
    char_ngram_min: int
    char_ngram_max: int
    char_max_features: int
    # Read `act_text` too (the scope-marked, mood-salted words of the doc `intent_scopes` made).
    act_features: bool = False
    # "balanced": each primary weighs the inverse of its frequency (rare portability, common question).
    class_weight: str = "none"


def _vectorizer(params: dict, vocabulary: list[str], idf: np.ndarray) -> TfidfVectorizer:
    """A fitted vectoriser rebuilt from its vocabulary and IDF weights."""
    vectorizer = TfidfVectorizer(vocabulary={term: i for i, term in enumerate(vocabulary)}, **params)
    vectorizer.idf_ = idf
    return vectorizer


class TermCounter:
    """A fitted vectoriser's term counts, exactly as its `transform` counts them, at a fraction of the cost.

    Why: scikit-learn counts every character n-gram of every text in a Python loop, the largest
    part of this reading's time. Words repeat from one message to the next, so each word's n-grams
    are looked up once and kept (up to `CACHED_WORDS` words). The matrix is the one `transform`
    builds (same rows, sorted columns, same counts); the TF-IDF weighting is then the vectoriser's own.
    It leans on two private parts of scikit-learn (`_char_wb_ngrams`, `_tfidf`), pinned by the lock
    files and held to `transform` by tests/test_reading_fast_paths.py.
    """

    CACHED_WORDS = 50_000

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vectorizer = vectorizer
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.by_word = vectorizer.analyzer == "char_wb"
        self.analyze = vectorizer.build_analyzer()
        self.preprocess = vectorizer.build_preprocessor()
        self.words: dict[str, np.ndarray] = {}

    def count(self, texts: list[str]) -> sparse.csr_matrix:
        indptr, columns, counts = [0], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for text in texts:
            found = self._char_terms(text) if self.by_word else self._terms(text)
            unique, times = np.unique(found, return_counts=True)
            columns.append(unique)
            counts.append(times)
            indptr.append(indptr[-1] + len(unique))
        matrix = sparse.csr_matrix((np.concatenate(counts), np.concatenate(columns), np.array(indptr)),
                                   shape=(len(texts), len(self.vocabulary)), dtype=self.vectorizer.dtype)
        matrix.sort_indices()
        return matrix

    def _terms(self, text: str) -> np.ndarray:
        vocabulary = self.vocabulary
        return np.array([index for index in map(vocabulary.get, self.analyze(text)) if index is not None],
                        dtype=np.int64)

    def _char_terms(self, text: str) -> np.ndarray:
        # char_wb n-grams never cross a space: the text's n-grams are its words' n-grams, in order.
        parts = [self._word_terms(word) for word in self.preprocess(text).split()]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def _word_terms(self, word: str) -> np.ndarray:
        found = self.words.get(word)
        if found is None:
            vocabulary = self.vocabulary
            found = np.array([index for index in map(vocabulary.get, self.vectorizer._char_wb_ngrams(word))
                              if index is not None], dtype=np.int64)
            if len(self.words) < self.CACHED_WORDS:
                self.words[word] = found
        return found


@dataclass
class LexicalModel:
    """A softmax logistic regression over word + character TF-IDF (and the acts) that picks the primary."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    primary_coef: np.ndarray  # labels x features, in LABELS order
    primary_intercept: np.ndarray
    act: TfidfVectorizer | None = None  # over `act_text` of each doc, when trained with act_features
    _counters: dict[int, TermCounter] = field(default_factory=dict, repr=False, compare=False)

    @property
    def reads_acts(self) -> bool:
        return self.act is not None

    def _features(self, texts: list[str], acts: list[str] | None, fit: bool = False) -> sparse.csr_matrix:
        def run(vectorizer: TfidfVectorizer, items: list[str]):
            if fit:
                return vectorizer.fit_transform(items)
            counts = self._counters.setdefault(id(vectorizer), TermCounter(vectorizer)).count(items)
            return vectorizer._tfidf.transform(counts, copy=False)
        blocks = [run(self.word, texts), run(self.char, texts)]
        if self.act is not None:
            if acts is None:
                raise ValueError("this reading was trained on act_text: pass the docs' acts")
            blocks.append(run(self.act, acts))
        return sparse.hstack(blocks).tocsr()

    @classmethod
    def fit(cls, texts: list[str], primaries: list[str], settings: LexicalSettings,
            acts: list[str] | None = None) -> LexicalModel:
        model = cls(TfidfVectorizer(**WORD_PARAMS),
                    TfidfVectorizer(ngram_range=(settings.char_ngram_min, settings.char_ngram_max),
                                    max_features=settings.char_max_features, **CHAR_PARAMS),
                    np.zeros(0), np.zeros(0), TfidfVectorizer(**ACT_PARAMS) if settings.act_features else None)
        # Vocabularies and IDF from each distinct text once: written mail is repeated to weigh more in
        # training, and repeated, every one-off word and bigram would pass min_df (and hold memory).
        distinct = list(dict.fromkeys(zip(texts, acts if acts is not None else [""] * len(texts), strict=True)))
        model._features([text for text, _ in distinct], [act for _, act in distinct] if acts is not None else None,
                        fit=True)
        features = model._features(texts, acts)
        primary = LogisticRegression(C=settings.c, max_iter=MAX_ITER,
                                     class_weight="balanced" if settings.class_weight == "balanced" else None)
        primary.fit(features, primaries)
        coef = np.zeros((len(LABELS), features.shape[1]))
        intercept = np.full(len(LABELS), -30.0)  # a label no message had as primary is never chosen here
        for row, label in enumerate(primary.classes_):
            coef[LABELS.index(label)] = primary.coef_[row] if len(primary.classes_) > 2 else 0.0
            intercept[LABELS.index(label)] = primary.intercept_[row] if len(primary.classes_) > 2 else 0.0
        model.primary_coef, model.primary_intercept = coef, intercept
        return model

    def cats(self, texts: list[str], acts: list[str] | None = None) -> list[dict[str, float]]:
        """spaCy-style cats: `primary:<label>`, each label's probability of being the primary."""
        if not texts:
            return []
        logits = self._features(texts, acts) @ self.primary_coef.T + self.primary_intercept
        logits -= logits.max(axis=1, keepdims=True)
        primary = np.exp(logits)
        primary /= primary.sum(axis=1, keepdims=True)
        return [{PRIMARY_PREFIX + label: float(p) for label, p in zip(LABELS, row, strict=True)} for row in primary]

    def to_disk(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        vocabularies = {"word": self.word.get_feature_names_out().tolist(),
                        "char": self.char.get_feature_names_out().tolist(),
                        "char_ngram_range": list(self.char.ngram_range)}
        arrays = {}
        if self.act is not None:
            vocabularies["act"] = self.act.get_feature_names_out().tolist()
            arrays["act_idf"] = self.act.idf_
        (folder / "vocabulary.json").write_text(json.dumps(vocabularies, ensure_ascii=False), encoding="utf-8")
        # float32 halves the folder and the memory; the scores move by less than 1e-6.
        np.savez_compressed(folder / FILE_NAME, word_idf=self.word.idf_, char_idf=self.char.idf_,
                            primary_coef=self.primary_coef.astype(np.float32),
                            primary_intercept=self.primary_intercept, **arrays)

    @classmethod
    def from_disk(cls, folder: Path) -> LexicalModel:
        vocabularies = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        with np.load(folder / FILE_NAME, allow_pickle=False) as arrays:
            act = (_vectorizer(ACT_PARAMS, vocabularies["act"], arrays["act_idf"])
                   if "act" in vocabularies else None)
            return cls(_vectorizer(WORD_PARAMS, vocabularies["word"], arrays["word_idf"]),
                       _vectorizer(dict(CHAR_PARAMS, ngram_range=tuple(vocabularies["char_ngram_range"])),
                                   vocabularies["char"], arrays["char_idf"]),
                       arrays["primary_coef"], arrays["primary_intercept"], act)


def blend(spacy_cats: dict[str, float], lexical_cats: dict[str, float], weight: float) -> dict[str, float]:
    """The weighted average of the two models' primary scores; the set of intents stays spaCy's.

    Blending the set scores too was measured: a point more primary accuracy, but "who receives erasure
    requests, and how should I send mine?" became an access request (the words, not the question).
    """
    return {key: (1 - weight) * value + weight * lexical_cats.get(key, value) for key, value in spacy_cats.items()}
