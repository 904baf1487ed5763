"""Scores that mean what they say: temperature scaling and the review margin, fitted on held-out mail.

A bag-of-words softmax trained on repeated examples is over-confident: it says 0.99 for readings
that are right four times in five on mail it has not seen. Temperature scaling (Guo et al. 2017,
"On Calibration of Modern Neural Networks") divides the log-probabilities by one number T, fitted
on messages kept out of training, so that a 0.8 is right about 80% of the time; the order of the
labels never changes. The review flag then reads two calibrated figures: the probability of the
primary chosen, and its margin over the next best primary (a message torn between deletion and
opt-out is a message a person should read, however high the top score looks; a message no reading
is sure of is one too, however far its best leads). Both limits are chosen together (`choose_flag`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

TEMPERATURES = tuple(round(0.2 + 0.05 * i, 2) for i in range(77))  # 0.2 ... 4.0
MARGINS = tuple(round(-1 + 0.02 * i, 2) for i in range(101))  # -1.0 ... 1.0
EPSILON = 1e-9


def scale(probabilities: dict[str, float], temperature: float) -> dict[str, float]:
    """softmax(log p / T): the same ranking, sharper (T < 1) or softer (T > 1)."""
    if not probabilities:
        return {}
    logits = {label: math.log(max(p, EPSILON)) / temperature for label, p in probabilities.items()}
    top = max(logits.values())
    exps = {label: math.exp(logit - top) for label, logit in logits.items()}
    total = sum(exps.values())
    return {label: value / total for label, value in exps.items()}


def margin(probabilities: dict[str, float], chosen: str) -> float:
    """How far the chosen label leads the best other one (negative when the rules chose a runner-up)."""
    others = [p for label, p in probabilities.items() if label != chosen]
    return probabilities.get(chosen, 0.0) - (max(others) if others else 0.0)


def fit_temperature(probabilities: Sequence[dict[str, float]], gold: Sequence[str]) -> float:
    """The temperature that minimises the negative log-likelihood of the gold labels (1.0 with no data)."""
    if not probabilities:
        return 1.0

    def nll(temperature: float) -> float:
        return -sum(math.log(max(scale(p, temperature).get(g, 0.0), EPSILON))
                    for p, g in zip(probabilities, gold, strict=True))

    return min(TEMPERATURES, key=nll)


TOPS = tuple(round(0.02 * i, 2) for i in range(51))  # 0.0 ... 1.0


@dataclass(frozen=True)
class FlagChoice:
    """The review margin and least calibrated top score picked on held-out mail, and what they gave there."""

    margin: float
    top: float
    kept_share: float
    kept_accuracy: float


def choose_flag(margins: Sequence[float], tops: Sequence[float], correct: Sequence[bool], *,
                total: int | None = None, target: float = 0.97, least_kept: float = 0.8) -> FlagChoice:
    """The pair (margin, top) that flags a message leading its runner-up by less than `margin`, or whose
    calibrated primary probability is below `top`.

    Among the pairs that leave at least `least_kept` of all messages unflagged (a flag that sends most
    mail to a person is no flag: issue 12 asks for 80% unflagged at 0.97), the one whose unflagged
    messages are right most often; of pairs that reach `target`, the one that keeps the most. `total`
    counts the messages flagged for other reasons too (the shares are of all messages).
    """
    if not margins:
        return FlagChoice(0.0, 0.0, 0.0, 0.0)
    total = total or len(margins)
    least = least_kept * total
    best: tuple[tuple[bool, float, int], FlagChoice] | None = None
    for top in TOPS:
        above = [(m, ok) for m, t, ok in zip(margins, tops, correct, strict=True) if t >= top]
        if len(above) < least:
            break
        for candidate in MARGINS:
            kept = [ok for m, ok in above if m >= candidate]
            if len(kept) < least:
                break
            accuracy = sum(kept) / len(kept)
            reached = accuracy >= target
            # Reaching the target first; then the most kept (if reached) or the most accurate (if not).
            key = (reached, len(kept) if reached else accuracy, len(kept))
            if best is None or key > best[0]:
                best = (key, FlagChoice(candidate, top, len(kept) / total, accuracy))
    return best[1] if best else FlagChoice(MARGINS[0], 0.0, 0.0, 0.0)
