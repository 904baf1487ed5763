"""What the bag-of-words classifiers read: word n-grams, sentence mood and character n-grams.

A bag of words over norms (spaCy's TextCatBOW) sees which words appear, not what the writer
is doing with them. Three kinds of hashed features are added to the word n-grams, all computed
with arrays or per-word caches so that classification stays above a thousand messages a second:

- **mood**: each word salted with how its sentence ends. "How do I delete my account?" asks how
  a right works; "Delete my account." exercises it (TAXONOMY: `question` only where nothing is
  asked to be done).
- **sentence openings**: the first two words of every sentence, salted. Imperatives ("delete",
  "send", "supprimez"), polite requests ("could you", "pourriez-vous"), statements ("we offer",
  "our tool") and out-of-office openings ("I am out", "je suis absent") start sentences.
- **character n-grams** (3 and 4 letters) of plain words: typos ("unsubcribe", "suprimer") and
  SMS spellings share most of their n-grams with the word meant. Words marked by `intent_scopes`
  (negated, conditional, listed) get none, so "not_delete" never reads like "delete".
"""

from __future__ import annotations

from functools import partial

import numpy
import spacy
from spacy.attrs import IDS, IS_ALPHA, IS_SPACE, LENGTH, LOWER, NORM
from spacy.ml.models.textcat import NEG_VALUE, resize_and_set_ref
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
from thinc.layers.resizable import resize_linear_weighted

QUESTION_SALT = numpy.uint64(0x51ED270B27F2C5A3)
OPENING_SALT = numpy.uint64(0x2545F4914F6CDD1D)
CHAR_SALT = numpy.uint64(0x9FB21C651E98DF25)
OPENING_WORDS = 2
CHAR_SIZES = (3, 4)
SENTENCE_END_WORDS = (".", "!", "?", ";", "\n", "\n\n")
_END_KEYS = numpy.array([get_string_id(word) for word in SENTENCE_END_WORDS], dtype=numpy.uint64)
_QUESTION_KEY = numpy.uint64(get_string_id("?"))
_KEPT = "intents.features.shared"


def _sentence_marks(lowers: numpy.ndarray, breaks: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """For each token: whether its sentence ends with "?", and whether it is among its sentence's first words."""
    ends = breaks.copy()
    for key in _END_KEYS:  # a few comparisons: cheaper than numpy.isin on short arrays
        ends |= lowers == key
    end_positions = numpy.flatnonzero(ends)
    n = len(lowers)
    # The end that closes each token's sentence (the message's end for the last sentence).
    closing = numpy.searchsorted(end_positions, numpy.arange(n))
    closing_kind = numpy.append(lowers[end_positions], numpy.uint64(0))[closing]
    in_question = closing_kind == _QUESTION_KEY
    # Index of each token within its sentence: distance from the previous end.
    previous_end = numpy.append(numpy.array([-1]), end_positions)[closing]
    within = numpy.arange(n) - previous_end - 1
    opening = (within < OPENING_WORDS) & ~ends
    return in_question, opening


class CharGrams:
    """Character n-gram hashes of a word, cached by the word's hash (vocabularies repeat)."""

    def __init__(self) -> None:
        self.cache: dict[int, numpy.ndarray] = {}

    def of(self, key: int, strings: StringStore) -> numpy.ndarray:
        found = self.cache.get(key)
        if found is None:
            padded = f"<{strings[key]}>"
            grams = {padded[i:i + size] for size in CHAR_SIZES for i in range(len(padded) - size + 1)}
            found = numpy.array([get_string_id(gram) for gram in sorted(grams)], dtype=numpy.uint64) ^ CHAR_SALT
            if len(self.cache) < 200_000:
                self.cache[key] = found
        return found


def doc_features(doc: Doc, attr: int, ngram_size: int, char_grams: CharGrams | None) -> numpy.ndarray:
    """The hashed feature keys of one doc (repeated keys count several times)."""
    if not len(doc):
        return numpy.zeros((0,), dtype=numpy.uint64)
    arrays = doc.to_array([attr, LOWER, NORM, IS_SPACE, IS_ALPHA, LENGTH]).astype(numpy.uint64)
    words, lowers, norms, spaces = arrays[:, 0], arrays[:, 1], arrays[:, 2], arrays[:, 3].astype(bool)
    keys = [words]
    for n in range(2, ngram_size + 1):
        if len(words) >= n:
            # The same n-gram hashing as spaCy's `ops.ngrams`, over numpy.
            gram = words[: len(words) - n + 1].copy()
            for k in range(1, n):
                gram = gram * numpy.uint64(1000003) ^ words[k: len(words) - n + 1 + k]
            keys.append(gram)
    # What does not depend on `attr` is the same for both models reading the doc: computed once, kept
    # on the doc for as long as its norms (which `intent_scopes` rewrites) stay the same.
    kept = doc.user_data.get(_KEPT)
    if kept is None or kept[0] != (char_grams is not None) or not numpy.array_equal(kept[1], norms):
        # Whitespace tokens are line breaks (spaCy keeps single spaces on the token before).
        in_question, opening = _sentence_marks(lowers, spaces)
        shared = [norms[opening] ^ OPENING_SALT]
        if char_grams is not None:
            # Plain words (no scope prefix) of three letters or more, read from arrays, not `Token` objects.
            plain = (norms == lowers) & arrays[:, 4].astype(bool) & (arrays[:, 5] >= 3)
            shared.extend(char_grams.of(key, doc.vocab.strings) for key in lowers[plain].tolist())
        kept = doc.user_data[_KEPT] = (char_grams is not None, norms, in_question, shared)
    in_question, shared = kept[2], kept[3]
    keys.append(words[in_question] ^ QUESTION_SALT)
    keys.extend(shared)
    return numpy.concatenate(keys)


def extract_features(ngram_size: int, attr: int, char_ngrams: bool) -> Model:
    """A thinc layer: docs in, (keys, counts, lengths) out, as spaCy's `extract_ngrams` gives."""
    # The cache lives in the layer's forward function, not in `attrs` (which are serialised with the model).
    forward = partial(_forward, char_grams=CharGrams() if char_ngrams else None)
    return Model("intent_features", forward, attrs={"ngram_size": ngram_size, "attr": attr})


def _forward(model: Model, docs: list[Doc], is_train: bool, *, char_grams: CharGrams | None):
    # A repeated key is passed as often as it occurs, each with value 1: the sparse layer sums them, so this
    # equals spaCy's unique keys with their counts, without sorting every document's keys.
    batch_keys = [doc_features(doc, model.attrs["attr"], model.attrs["ngram_size"], char_grams) for doc in docs]
    lengths = model.ops.asarray([len(keys) for keys in batch_keys], dtype="int32")
    keys = numpy.concatenate(batch_keys) if batch_keys else numpy.zeros((0,), dtype=numpy.uint64)
    vals = model.ops.alloc1f(len(keys)) + 1.0
    return (keys, vals, lengths), lambda d_output: []


@spacy.registry.architectures("intents.BOW.v2")
def build_bow(
    exclusive_classes: bool,
    ngram_size: int,
    attr: str = "NORM",
    length: int = 65536,
    char_ngrams: bool = True,
    nO: int | None = None,
) -> Model:
    """spaCy's bag-of-words text classifier (TextCatBOW.v3) over `doc_features` instead of ORTH n-grams.

    Why: `intent_scopes` rewrites the norm of negated and conditional words ("not_delete") and
    stores position-salted norms in LEMMA; the stock architecture hard-codes ORTH, which would
    ignore both, and sees neither sentence mood nor misspellings.
    """
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    output_layer = softmax_activation() if exclusive_classes else Logistic()
    resize = partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0})
    resizable_layer = resizable(sparse_linear, resize_layer=resize)
    features = extract_features(ngram_size, IDS[attr], char_ngrams)
    model = chain(with_cpu(chain(features, resizable_layer), resizable_layer.ops),
                  with_cpu(output_layer, output_layer.ops))
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = not exclusive_classes
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
