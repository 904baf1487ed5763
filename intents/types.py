"""The result type every classifier returns: the contract with the pipeline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# The labels of TAXONOMY.md, in order of importance when several are asked at once
# (a stronger right first: "unsubscribe me and delete everything" answers deletion first).
LABELS: tuple[str, ...] = (
    "complaint",
    "deletion",
    "access",
    "portability",
    "rectification",
    "objection",
    "opt_out",
    "question",
    "other",
)
# The primary classifier's scores carry this prefix in a doc's cats (the set classifier's do not).
PRIMARY_PREFIX = "primary:"


def order_intents(intents: Iterable[str], primary: str | None) -> list[str]:
    """The primary first, then the others by importance: the order a reply answers them in."""
    chosen = set(intents)
    rest = [label for label in LABELS if label in chosen and label != primary]
    return [primary, *rest] if primary in chosen else rest


@dataclass(frozen=True)
class IntentResult:
    """What a message asks for.

    `intents` is the set of requests made, `primary` the one the reply answers first,
    `language` an ISO 639-1 code, `scores` a probability per label, and
    `needs_review` whether a person should check the reading before it is trusted, and
    `margin` how far the primary leads the next best primary in calibrated probability
    (negative when the rules chose a reading the model ranks second).
    """

    intents: frozenset[str]
    primary: str
    language: str
    scores: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    margin: float = 1.0

    def ordered_intents(self) -> list[str]:
        return order_intents(self.intents, self.primary)

    def to_json(self) -> dict:
        return {
            "intents": self.ordered_intents(),
            "primary": self.primary,
            "language": self.language,
            "scores": {label: round(self.scores.get(label, 0.0), 4) for label in LABELS},
            "needs_review": self.needs_review,
        }
