"""Word sequences found by their lower-case form: what `intent_scopes` needs of spaCy's `Matcher`, faster.

spaCy's `Matcher` runs a state machine over every token for every pattern: three quarters of a
millisecond a message for the scope cues, the largest single cost of reading one. These patterns
are short runs of exact words (some optional), so each is looked up by its first word and checked
from there. The matches, and their order, are those spaCy's `Matcher` gives for the same patterns
(by end, then start, then the order the patterns were added); `tests/test_reading_fast_paths.py`
holds the two to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.strings import StringStore

# One word of a pattern, in spaCy's notation: {"LOWER": "if"} or {"LOWER": {"IN": [...]}}, "OP": "?" optional.
TokenSpec = dict


@dataclass(frozen=True)
class _Step:
    words: frozenset[int]  # hashes of the lower-case words accepted
    optional: bool


class SequenceMatcher:
    """Finds (key, start, end) of each added pattern in a doc's lower-case word hashes."""

    def __init__(self, strings: StringStore) -> None:
        self.strings = strings
        self.patterns: list[tuple[str, tuple[_Step, ...]]] = []
        self.by_first_word: dict[int, list[int]] = {}

    def add(self, key: str, patterns: list[list[TokenSpec]]) -> None:
        for pattern in patterns:
            steps = tuple(self._step(spec) for spec in pattern)
            if steps[0].optional:
                raise ValueError(f"a pattern starts with a word that must be there: {pattern!r}")
            index = len(self.patterns)
            self.patterns.append((key, steps))
            for word in steps[0].words:
                self.by_first_word.setdefault(word, []).append(index)

    def _step(self, spec: TokenSpec) -> _Step:
        if set(spec) - {"LOWER", "OP"} or spec.get("OP", "?") != "?":
            raise ValueError(f"only LOWER words, optionally with OP '?', are supported: {spec!r}")
        lower = spec["LOWER"]
        words = lower["IN"] if isinstance(lower, dict) else [lower]
        return _Step(frozenset(self.strings.add(word) for word in words), "OP" in spec)

    def __call__(self, lowers: list[int]) -> list[tuple[str, int, int]]:
        """The matches in `lowers` (each token's LOWER hash), ordered as spaCy's `Matcher` orders them."""
        found: set[tuple[int, int, int]] = set()  # (end, start, pattern index)
        for start, word in enumerate(lowers):
            for index in self.by_first_word.get(word, ()):
                for end in _ends(self.patterns[index][1], 1, start + 1, lowers):
                    found.add((end, start, index))
        return [(self.patterns[index][0], start, end) for end, start, index in sorted(found)]


def _ends(steps: tuple[_Step, ...], k: int, pos: int, lowers: list[int]) -> list[int]:
    """Every end of a match of `steps[k:]` starting at `pos`."""
    if k == len(steps):
        return [pos]
    step = steps[k]
    ends = _ends(steps, k + 1, pos, lowers) if step.optional else []
    if pos < len(lowers) and lowers[pos] in step.words:
        ends += _ends(steps, k + 1, pos + 1, lowers)
    return ends
