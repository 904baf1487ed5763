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
    (negative when the rules chose a reading the model ranks second), `confidence` the calibrated
    probability of that primary, and `decision_rule` the name of the rule that chose the primary
    (intents/primary.py).
    """

    intents: frozenset[str]
    primary: str
    language: str
    scores: dict[str, float] = field(default_factory=dict)
    needs_review: bool = False
    review_reasons: tuple[str, ...] = ()
    margin: float = 1.0
    confidence: float = 1.0
    decision_rule: str = ""  # the rule of intents/primary.py that chose the primary

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


@dataclass(frozen=True)
class Reference:
    """A number the writer quotes to find their record ("order 48213", "n° client C-0042")."""

    kind: str  # customer | account | order | invoice | contract
    value: str


@dataclass(frozen=True)
class Deadline:
    """A deadline the writer names, compared by staff with the one month of GDPR Art. 12(3)."""

    text: str  # as written: "within 14 days", "avant le 3 mars 2026"
    date: str | None  # the ISO date it names, None without a year or for a duration


@dataclass
class Entities:
    """What a message mentions that staff must check before answering it (intents/entities/).

    Stored on the ticket as `to_json()`; `from_json` reads back what earlier versions stored,
    leaving out keys it does not know and values of the wrong type rather than failing.
    """

    emails: list[str] = field(default_factory=list)  # addresses other than the sender's
    phones: list[str] = field(default_factory=list)  # E.164
    people: list[str] = field(default_factory=list)  # names the writer writes about
    references: list[Reference] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)  # supervisory authorities named (Art. 77)
    minor: list[str] = field(default_factory=list)  # phrases saying the data is a child's (Art. 8)
    on_behalf: list[str] = field(default_factory=list)  # phrases saying the writer acts for someone else
    deadlines: list[Deadline] = field(default_factory=list)

    @property
    def representative(self) -> str:
        """Who the writer is for the person concerned: "parent" of a minor, "third_party", or ""."""
        if self.minor:
            return "parent"
        if self.on_behalf:
            return "third_party"
        return ""

    def merged(self, newer: Entities) -> Entities:
        """These entities and a follow-up's, each value once, the first mention first."""
        return Entities(**{name: _union(getattr(self, name), getattr(newer, name)) for name in ENTITY_KINDS})

    def to_json(self) -> dict[str, list]:
        return {name: [vars(value) if isinstance(value, Reference | Deadline) else value
                       for value in getattr(self, name)] for name in ENTITY_KINDS}

    @classmethod
    def from_json(cls, stored: object) -> Entities:
        stored = stored if isinstance(stored, dict) else {}
        texts = {name: [item for item in _items(stored, name) if isinstance(item, str)] for name in _TEXT_KINDS}
        references = [Reference(str(item["kind"]), str(item["value"])) for item in _items(stored, "references")
                      if isinstance(item, dict) and {"kind", "value"} <= item.keys()]
        deadlines = [Deadline(str(item["text"]), item["date"] if isinstance(item.get("date"), str) else None)
                     for item in _items(stored, "deadlines") if isinstance(item, dict) and "text" in item]
        return cls(**texts, references=references, deadlines=deadlines)


ENTITY_KINDS: tuple[str, ...] = (
    "emails", "phones", "people", "references", "authorities", "minor", "on_behalf", "deadlines",
)
_TEXT_KINDS = tuple(name for name in ENTITY_KINDS if name not in ("references", "deadlines"))


def _items(stored: dict, name: str) -> list:
    values = stored.get(name)
    return values if isinstance(values, list) else []


def _union(first: list, second: list) -> list:
    merged = list(first)
    merged += [value for value in second if value not in merged]
    return merged
