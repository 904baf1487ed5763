"""The cue matcher: compiles the patterns of `patterns_<lang>.py` (notation in the package's
docstring) and finds, clause by clause, the requests a message makes."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.attrs import IDX, LOWER, NORM
from spacy.strings import get_string_id
from spacy.tokens import Doc

from intents.cues import patterns_en, patterns_fr
from intents.cues.words import (
    ACCESS_OWN_WORDS,
    FOOTER_KEYWORDS,
    FOOTER_SENTENCE,
    FOOTER_VERBS,
    FOOTER_WORDS,
    HOW_WORDS,
    MARKETING_SCOPE,
    NOT_MARKETING_WORDS,
    PROCEDURE_WORDS,
    QUESTION_WORDS,
    REQUEST_NOUNS,
)

_SENTENCE_ENDS = frozenset({".", "!", "?", ";", "\n", "\n\n"})
_CLAUSE_ENDS = _SENTENCE_ENDS | {",", "and", "et", "then", "puis", ":"}
# The pattern data of each language the cues are written for.
LANGUAGES = {"en": patterns_en, "fr": patterns_fr}
# Raw-text words still respect conditions and enumerations ("if you do not answer", "list_erasure").
_NOT_ASKED = ("if_", "list_")


@dataclass(frozen=True)
class Cue:
    """One request found: which label, where (token span), and whether it is in the subject line."""

    label: str
    start: int
    end: int
    in_subject: bool


@dataclass(frozen=True)
class WordSpec:
    """One word of a pattern: exact words and word starts, read on the norm or on the raw text."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    raw: bool

    def matches(self, norm: str, lower: str) -> bool:
        if self.raw:
            if norm.startswith(_NOT_ASKED):
                return False
            word = lower
        else:
            word = norm
        return word in self.exact or (bool(self.prefixes) and word.startswith(self.prefixes))


@dataclass(frozen=True)
class Gap:
    """Up to `most` words of any kind, inside the sentence."""

    most: int


def compile_pattern(text: str) -> tuple[bool, tuple[WordSpec | Gap, ...]]:
    """Turn one pattern of the notation above into (subject line only?, matching steps)."""
    subject_only = text.startswith("^")
    text = text.lstrip("^")
    steps: list[WordSpec | Gap] = []
    for word in text.split():
        if word.startswith("~"):
            steps.append(Gap(int(word[1:] or 3)))
            continue
        raw = word.startswith("@")
        alternatives = [w.lstrip("@") for w in word.split("|")]
        steps.append(WordSpec(frozenset(w for w in alternatives if not w.endswith("*")),
                              tuple(w[:-1] for w in alternatives if w.endswith("*")), raw))
    if not isinstance(steps[0], WordSpec) or not isinstance(steps[-1], WordSpec):
        raise ValueError(f"a pattern starts and ends with a word: {text!r}")
    return subject_only, tuple(steps)


def _match(steps: tuple[WordSpec | Gap, ...], k: int, pos: int, norms: list[str], lowers: list[str]) -> int:
    """The end of the match of `steps[k:]` at `pos`, or -1 (gaps try the shortest skip first)."""
    if k == len(steps):
        return pos
    step = steps[k]
    if isinstance(step, Gap):
        for skip in range(step.most + 1):
            end = _match(steps, k + 1, pos + skip, norms, lowers)
            if end >= 0:
                return end
            if pos + skip >= len(norms) or norms[pos + skip] in _SENTENCE_ENDS:
                break
        return -1
    if pos < len(norms) and step.matches(norms[pos], lowers[pos]):
        return _match(steps, k + 1, pos + 1, norms, lowers)
    return -1


class CueFinder:
    """Finds the request cues of one language in docs that went through `intent_scopes`.

    A small matcher of its own rather than spaCy's: patterns with gaps make spaCy's `Matcher`
    track many partial states per token, and the cues must keep classification above a
    thousand messages a second. Patterns are indexed by their first word.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.patterns = [(label, *compile_pattern(text)) for label, texts in LANGUAGES[self.lang].PATTERNS.items()
                         for text in texts]
        self.by_first_word: dict[str, list[int]] = {}
        self.by_first_prefix: list[int] = []
        prefixes: list[str] = []
        for index, (_label, _subject_only, steps) in enumerate(self.patterns):
            first = steps[0]
            for word in first.exact:
                self.by_first_word.setdefault(word, []).append(index)
            if first.prefixes:
                self.by_first_prefix.append(index)
                prefixes.extend(first.prefixes)
        self.first_prefixes = tuple(prefixes)
        # The words each pattern cannot match without (its later steps that take exact words only): a
        # pattern whose required words are all absent from a message is not tried anywhere in it.
        self.required = [tuple(step.exact for step in steps[1:] if isinstance(step, WordSpec) and not step.prefixes)
                         for _label, _subject_only, steps in self.patterns]
        self.privacy_words = LANGUAGES[self.lang].PRIVACY_WORDS
        self.privacy_hashes = frozenset(get_string_id(word) for word in self.privacy_words)
        self.marketing_words = LANGUAGES[self.lang].MARKETING_WORDS

    def mentions_privacy(self, doc: Doc) -> bool:
        """Whether any word of the message is about personal data (else a complaint is commercial)."""
        if not len(doc):
            return False
        return not self.privacy_hashes.isdisjoint(doc.to_array([NORM, LOWER]).ravel().tolist())

    def find(self, doc: Doc, subject_chars: int = 0) -> list[Cue]:
        """The cues of `doc` in order; a cue starting before `subject_chars` is in the subject line."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        hashes = doc.to_array([NORM, LOWER]).tolist()
        norms = [strings[norm] for norm, _lower in hashes]
        lowers = [strings[lower] if lower != norm else norms[i] for i, (norm, lower) in enumerate(hashes)]
        about_privacy = not self.privacy_words.isdisjoint(norms) or not self.privacy_words.isdisjoint(lowers)
        cues = []
        seen: set[tuple[str, int]] = set()
        objects_to_marketing = False
        starts = doc.to_array(IDX)
        subject_tokens = int((starts < subject_chars).sum()) if subject_chars else 0
        subject_asks = not QUESTION_WORDS.isdisjoint(norms[:subject_tokens])
        present = set(norms).union(lowers)
        possible: dict[int, bool] = {}
        for pos, (norm, lower) in enumerate(zip(norms, lowers, strict=True)):
            candidates = self.by_first_word.get(norm, []) + (self.by_first_word.get(lower, []) if lower != norm
                                                             else [])
            if norm.startswith(self.first_prefixes) or lower.startswith(self.first_prefixes):
                candidates = candidates + self.by_first_prefix
            in_subject = pos < subject_tokens
            for index in candidates:
                label, subject_only, steps = self.patterns[index]
                if (label, pos) in seen or (subject_only and (not in_subject or subject_asks)):
                    continue
                if index not in possible:
                    possible[index] = all(not words.isdisjoint(present) for words in self.required[index])
                if not possible[index]:
                    continue
                end = _match(steps, 0, pos, norms, lowers)
                if end < 0:
                    continue
                if label == "opt_out" and self._in_footer(norms, pos, end):
                    continue
                seen.add((label, pos))
                if label in ("deletion", "objection") and self._about_marketing(
                        norms, doc, pos, end, _SENTENCE_ENDS if label == "objection" else _CLAUSE_ENDS):
                    objects_to_marketing = objects_to_marketing or label == "objection"
                    label = "opt_out"
                cues.append(Cue(label, pos, end, in_subject))
        if objects_to_marketing:
            # A letter objecting to direct marketing (GDPR Art. 21(2)) repeats "opposition", "cease the
            # processing" about that same purpose: those are its opt-out, not a second objection.
            cues = [cue for cue in cues if cue.label != "objection"]
        if not about_privacy and all(cue.label == "complaint" for cue in cues):
            cues = []
        cues = [cue for cue in cues if cue.label == "complaint" or not self._asks_how_to_request(norms, cue)]
        erasing = [cue for cue in cues if cue.label in ("deletion", "objection", "opt_out")]
        if erasing and any(cue.label == "access" for cue in cues):
            # "Supprimez tout ce que vous avez sur moi", "arrêtez de transmettre mes coordonnées": what is held
            # or passed on is the object of the erasure or objection whose verb it follows, not a second request.
            cues = [cue for cue in cues if cue.label != "access"
                    or not any(other.start <= cue.start <= other.end for other in erasing)]
        if any(cue.label == "portability" for cue in cues):
            # "Send me my data in CSV so I can move it": the sending is the portability request itself;
            # an access request must say so (a copy, what is held, where it came from).
            cues = [cue for cue in cues if cue.label != "access"
                    or not ACCESS_OWN_WORDS.isdisjoint(norms[cue.start:cue.end])]
        return cues

    def _about_marketing(self, norms: list[str], doc: Doc, start: int, end: int, ends: frozenset[str]) -> bool:
        """Whether the clause (for an objection, the sentence) is about a marketing list or purpose."""
        found = False
        scope = MARKETING_SCOPE if ends is _CLAUSE_ENDS else 2 * MARKETING_SCOPE
        for i in range(start, min(end + scope, len(norms))):
            if i >= end and (norms[i] in ends or "\n" in doc[i].text):
                break
            if norms[i] in NOT_MARKETING_WORDS:
                return False
            found = found or norms[i] in self.marketing_words
        return found

    @staticmethod
    def _asks_how_to_request(norms: list[str], cue: Cue) -> bool:
        """Whether the cue is inside a question about how or where to make a request."""
        first, last = cue.start, cue.end
        while first > 0 and norms[first - 1] not in _SENTENCE_ENDS:
            first -= 1
        while last < len(norms) and norms[last] not in _SENTENCE_ENDS:
            last += 1
        sentence = norms[first:last]
        return (last < len(norms) and norms[last] == "?" and not REQUEST_NOUNS.isdisjoint(sentence)
                and not HOW_WORDS.isdisjoint(sentence) and not PROCEDURE_WORDS.isdisjoint(sentence))

    @staticmethod
    def _in_footer(norms: list[str], start: int, end: int) -> bool:
        first = start
        while first > 0 and start - first < FOOTER_SENTENCE and norms[first - 1] not in _SENTENCE_ENDS:
            first -= 1
        if norms[first] == "to" and first + 1 < len(norms) and norms[first + 1] in FOOTER_VERBS:
            # "To stop receiving our emails, reply STOP": a sender's instruction, not its reader's request.
            return True
        window = norms[max(start - 3, 0):end + 2]
        if any(word in ("reply", "text") and following in FOOTER_KEYWORDS
               for word, following in pairwise(window)):
            # "Reply STOP to opt out": the keyword a bulk sender asks for.
            return True
        return not FOOTER_WORDS.isdisjoint(norms[max(start - 4, 0):end + 5])
