"""BM25 over the policy's paragraphs and sentences, for English and French questions.

The policy is short (about 60 paragraphs), so the index is built once in memory. A paragraph's
document is its own words, its section heading, and, when it is one of the passages replies quote,
our French summary of it (`summaries_fr.json`): a French question then meets French words. French
and informal English words are also mapped to the policy's vocabulary (`vocabulary.py`).
Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework", 2009), k1=1.2, b=0.75.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from replies.keywords import normalise
from replies.policy.passages import PASSAGES, french_summaries
from replies.policy.sections import policy_sections
from replies.policy.vocabulary import STOP_WORDS, expand

K1 = 1.2
B = 0.75
_WORD = re.compile(r"[a-z0-9]+")
# A sentence ends at . ! or ? followed by a space and a capital, a quote or a dash ("e.g. by" does not).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(–-])")
_SUFFIXES = ("ations", "ation", "ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "er", "s", "e")


def stem(word: str) -> str:
    """A crude suffix stripper, the same for question and policy: "deleting", "deletion",
    "deleted" and "delete" meet at "delet"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stems of the words that carry meaning: lower case, accents removed, stop words dropped."""
    return [stem(word) for word in _WORD.findall(normalise(text)) if word not in STOP_WORDS]


def query_terms(question: str) -> list[str]:
    """The question's stems plus the policy's words for what it says (see `vocabulary.expand`)."""
    text = normalise(question)
    found = terms(text)
    for phrase in expand(text):
        found.extend(terms(phrase))
    return found


def sentences(paragraph: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SENTENCE_END.split(paragraph) if part.strip())


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the policy, where it is, and the words it is found by."""

    section: str
    text: str
    passage_key: str | None
    sentences: tuple[str, ...]
    document: tuple[str, ...]


def _passage_key(section: str, text: str) -> str | None:
    for key, ref in PASSAGES.items():
        if ref.section == section and (not ref.starts_with or text.startswith(ref.starts_with)):
            return key
    return None


def _document(section: str, text: str, key: str | None) -> tuple[str, ...]:
    words = terms(text) + terms(section)
    if key is not None:
        summary = french_summaries().get(key, {})
        words += terms(summary.get("title", "")) + terms(" ".join(summary.get("summary", ())))
    return tuple(words)


@functools.cache
def paragraphs() -> tuple[Paragraph, ...]:
    """Every paragraph of the shipped policy that says something (the opening list of questions
    the policy means to answer is left out: it promises, it does not answer)."""
    found = []
    for section in policy_sections():
        for text in section.paragraphs:
            if text.startswith("- ") or len(text) < 25:
                continue
            key = _passage_key(section.title, text)
            found.append(Paragraph(section.title, text, key, sentences(text), _document(section.title, text, key)))
    return tuple(found)


class Index:
    """BM25 statistics over a set of documents (lists of stems)."""

    def __init__(self, documents: list[tuple[str, ...]]) -> None:
        self.counts = [Counter(document) for document in documents]
        self.lengths = [len(document) for document in documents]
        self.average = sum(self.lengths) / max(1, len(documents))
        frequency = Counter(term for document in documents for term in set(document))
        total = len(documents)
        self.idf = {term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()}

    def score(self, query: list[str], position: int) -> float:
        counts, length = self.counts[position], self.lengths[position]
        total = 0.0
        for term in set(query):
            tf = counts.get(term, 0)
            if tf:
                norm = tf + K1 * (1 - B + B * length / self.average)
                total += self.idf[term] * tf * (K1 + 1) / norm
        return total


@functools.cache
def paragraph_index() -> Index:
    return Index([paragraph.document for paragraph in paragraphs()])


def rank(question: str) -> list[tuple[float, Paragraph]]:
    """Paragraphs best first, with their BM25 scores (zero-scored ones left out)."""
    query = query_terms(question)
    index = paragraph_index()
    scored = [(index.score(query, n), paragraph) for n, paragraph in enumerate(paragraphs())]
    return sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])


def best_sentence(question: str, paragraph: Paragraph) -> str:
    """The sentence of `paragraph` that shares the most (rarest) words with the question;
    the first one on a tie, since policies state the rule before its examples."""
    query = set(query_terms(question))
    idf = paragraph_index().idf
    scores = [sum(idf.get(term, 0.0) for term in set(terms(sentence)) & query) for sentence in paragraph.sentences]
    best = max(range(len(scores)), key=lambda n: (scores[n], -n))
    return paragraph.sentences[best]
