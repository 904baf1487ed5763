"""Which request a message's reply answers first: a declared table of rules, each naming itself.

The classifier (classifier.py) settles the SET of requests; this table picks the PRIMARY among
them. Rules are tried in order and the first that applies decides; its name is kept on the
message (`messages.decision_rule`), as the noise rules keep theirs (assistant/mail/noise.py),
so staff can see why a reply starts where it does. TAXONOMY.md's labelling rules are rules, not
statistics ("a complaint comes first", "deletion over opt_out when both"): a rule marked
`binding` is one of them. After the table, the primary model, trained and calibrated on whole
mail, may overrule (`MODEL_RULES`): when it is sure nothing is asked, always; when it is sure
which request comes first, only where no binding rule decided.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intents.cues import Cue

NOT_ASKING = ("other", "question")


@dataclass(frozen=True)
class Reading:
    """What the table decides from: the requests chosen, the cues found, the scores."""

    chosen: frozenset[str]
    cues: tuple[Cue, ...] = ()
    primary_scores: Mapping[str, float] | None = None  # the primary model's score per label
    scores: Mapping[str, float] | None = None  # the set's scores per label
    continued: bool = False  # nothing new was asked: the request a reply's subject names is continued
    none_passed: bool = False  # no label passed its threshold: the best ranked stands in
    model_sure_of: str | None = None  # the primary the calibrated model is sure of, read in its own language
    model_reads: bool = False  # the primary model was trained on the message's language: its reading counts

    @property
    def in_subject(self) -> list[str]:
        return [cue.label for cue in self.cues if cue.in_subject and cue.label in self.chosen]


@dataclass(frozen=True)
class PrimaryRule:
    name: str
    reason: str  # one line, for staff
    pick: Callable[[Reading], str | None]  # the primary when the rule applies, else None
    binding: bool = True  # a TAXONOMY rule: the model may not reorder what it decided


def _only(reading: Reading) -> str | None:
    return next(iter(reading.chosen)) if len(reading.chosen) == 1 else None


def _first_cued(reading: Reading) -> str | None:
    return next((cue.label for cue in reading.cues if cue.label in reading.chosen), None)


def _strongest(reading: Reading) -> str:
    primary_scores, scores = reading.primary_scores or {}, reading.scores or {}
    return max(reading.chosen, key=lambda label: (primary_scores.get(label, 0.0), scores.get(label, 0.0)))


def _when(condition: Callable[[Reading], bool], label: str) -> Callable[[Reading], str | None]:
    return lambda reading: label if condition(reading) else None


# The table shipped before issue 12's cross-validation (intents/workflow/crossval.py): the declared order
# decided first and the model only where it was sure. It cost primary accuracy on every tuning set
# (README), so it now only orders requests read in a language the models were not trained on; its
# rules' reasons stay known for the messages they decided.
DECLARED_ORDER_RULES: tuple[PrimaryRule, ...] = (
    PrimaryRule("continues_earlier_request",
                "a reply that asks nothing new continues the request its subject names",
                lambda reading: _only(reading) if reading.continued else None),
    PrimaryRule("best_below_threshold",
                "no reading passed its threshold: the best ranked one, for a person to check",
                lambda reading: _only(reading) if reading.none_passed else None, binding=False),
    PrimaryRule("only_request", "one request only", _only),
    PrimaryRule("complaint_in_subject",
                "a complaint in the subject line (\"Third request\", \"Relance\") is what the mail is",
                _when(lambda reading: "complaint" in reading.in_subject, "complaint")),
    PrimaryRule("subject_deletion_over_opt_out",
                "the subject asks for erasure and unsubscribing: erasure, the stronger right (TAXONOMY)",
                _when(lambda reading: {"deletion", "opt_out"} <= set(reading.in_subject), "deletion")),
    PrimaryRule("first_in_subject", "the subject line names what the writer wants first",
                lambda reading: next(iter(reading.in_subject), None)),
    PrimaryRule("complaint_first", "a complaint repeating a request is answered as a complaint first (TAXONOMY)",
                _when(lambda reading: "complaint" in reading.chosen, "complaint")),
    PrimaryRule("deletion_over_opt_out",
                "unsubscribe me and delete everything: erasure, the stronger right (TAXONOMY)",
                _when(lambda reading: {"deletion", "opt_out"} <= reading.chosen, "deletion")),
    PrimaryRule("deletion_over_access",
                "a copy, then erasure: the copy is answered with the erasure's confirmation",
                _when(lambda reading: {"deletion", "access"} <= reading.chosen, "deletion")),
    PrimaryRule("first_request_made", "otherwise the first request made (TAXONOMY)", _first_cued, binding=False),
    PrimaryRule("strongest_reading", "no request in so many words: the one the primary model ranks first",
                _strongest, binding=False),
)

def _model_reading(reading: Reading) -> str | None:
    primary_scores = reading.primary_scores or {}
    if not reading.model_reads or not primary_scores:
        return None
    return max(primary_scores, key=primary_scores.__getitem__)


def _asked(reading: Reading) -> set[str]:
    """The chosen requests the writer asked for in so many words (a cue outside negation and condition)."""
    return {cue.label for cue in reading.cues if cue.label in reading.chosen}


# The primary model's own reading, whether or not the set holds it (the set then follows the primary).
MODEL_READING = PrimaryRule("model_reading", "the primary model, trained on whole mail, reads this request first",
                            _model_reading, binding=False)

# TAXONOMY's ordering rules where the writer's words make both requests (the cross-validation kept these).
DELETION_ASKED_OVER_OPT_OUT = PrimaryRule(
    "deletion_over_opt_out", "unsubscribe me and delete everything: erasure, the stronger right (TAXONOMY)",
    _when(lambda reading: {"deletion", "opt_out"} <= _asked(reading), "deletion"))
# The primary model's least score for a complaint the words make before the complaint comes first: without
# it, a polite reminder or a threat the scopes missed became a complaint (cross-validation: 0.0 cost 0.6 to
# 2 points of primary accuracy on the tuning sets; 0.2 and 0.3 cost nothing).
COMPLAINT_PLAUSIBLE = 0.2
COMPLAINT_ASKED_FIRST = PrimaryRule(
    "complaint_first", "a complaint repeating a request is answered as a complaint first (TAXONOMY)",
    _when(lambda reading: "complaint" in _asked(reading) and len(reading.chosen) > 1
          and (reading.primary_scores or {}).get("complaint", 0.0) >= COMPLAINT_PLAUSIBLE, "complaint"))

MODEL_SURE_NOTHING_ASKED = PrimaryRule(
    "model_sure_nothing_asked",
    "the model, trained on whole mail, is sure nothing is asked (a pitch, a newsletter, a how-to question)",
    lambda reading: reading.model_sure_of if reading.model_sure_of in NOT_ASKING else None)
MODEL_SURE_OF_ORDER = PrimaryRule(
    "model_sure_of_order", "no TAXONOMY rule decides the order: the model is sure which request comes first",
    lambda reading: reading.model_sure_of if reading.model_sure_of in reading.chosen else None, binding=False)
_DECLARED = {rule.name: rule for rule in DECLARED_ORDER_RULES}

# The table: TAXONOMY's binding rules where the writer's own words settle them, then the primary model
# (trained on whole written mail), then, for a language no model was trained on, the declared order.
PRIMARY_RULES: tuple[PrimaryRule, ...] = (
    _DECLARED["continues_earlier_request"],
    DELETION_ASKED_OVER_OPT_OUT,
    COMPLAINT_ASKED_FIRST,
    MODEL_READING,
    *(_DECLARED[name] for name in ("only_request", "first_request_made", "strongest_reading")),
)
# After the table: the calibrated model, sure nothing is asked, overrules even a binding rule.
MODEL_RULES: tuple[PrimaryRule, ...] = (MODEL_SURE_NOTHING_ASKED,)
RULES_BY_NAME: dict[str, PrimaryRule] = {rule.name: rule for rule in (*DECLARED_ORDER_RULES, *PRIMARY_RULES,
                                                                      MODEL_SURE_NOTHING_ASKED, MODEL_SURE_OF_ORDER)}


@dataclass(frozen=True)
class PrimaryDecision:
    primary: str
    rule: PrimaryRule


def decide_primary(reading: Reading, rules: tuple[PrimaryRule, ...] = PRIMARY_RULES,
                   model_rules: tuple[PrimaryRule, ...] = MODEL_RULES) -> PrimaryDecision:
    """The first rule of the table that applies, then the model's word where it may overrule it.

    `rules` and `model_rules` default to the declared tables; the cross-validation harness
    (intents/workflow/crossval.py) passes others to measure what each row earns.
    """
    decision = next(PrimaryDecision(label, rule) for rule in rules if (label := rule.pick(reading)))
    for rule in model_rules:
        label = rule.pick(reading)
        if label and label != decision.primary and (rule is MODEL_SURE_NOTHING_ASKED or not decision.rule.binding):
            return PrimaryDecision(label, rule)
    return decision


def rule_reason(name: str | None) -> str | None:
    """The one-line reason of a rule recorded on a message; None for a name this version does not know."""
    rule = RULES_BY_NAME.get(name or "")
    return rule.reason if rule else None
