"""Which team a message that is not about personal data belongs to.

Used by the "other" reply to point the writer in the right direction; each team's
contact comes from the `[company]` section (a staff placeholder while it is empty).
"""

from __future__ import annotations

import re

from replies.keywords import normalise

# Patterns are lower-case and without accents; the first team whose pattern appears
# earliest in the text wins.
TEAMS: dict[str, tuple[str, ...]] = {
    "invoices": (
        r"\binvoic",
        r"\bbilling\b",
        r"\bpayment",
        r"\bfactur",
        r"\bpaiement",
        r"\breglement",
        r"\bavoir\b",
        r"\bremboursement",
        r"\brefund",
    ),
    "careers": (
        r"\bcv\b",
        r"\bresume\b",
        r"\bjob\b",
        r"\bjobs\b",
        r"\bcareer",
        r"\bvacanc",
        r"\binternship",
        r"\bapplication for\b",
        r"\bcandidat",
        r"\bemploi\b",
        r"\bstage\b",
        r"\brecrut",
        r"\balternance",
    ),
    "sales": (
        r"\bquote\b",
        r"\bquotation",
        r"\bprice",
        r"\bpricing",
        r"\bdevis\b",
        r"\btarif",
        r"\bprix\b",
        r"\bbuy\b",
        r"\bpurchase",
        r"\border\b",
        r"\bcommande",
        r"\bacheter",
        r"\bdistribut",
    ),
    "support": (
        r"\bsupport\b",
        r"\bbug\b",
        r"\bnot working",
        r"\bdoes not work",
        r"\bdoesn.t work",
        r"\berror\b",
        r"\bpassword",
        r"\blog ?in\b",
        r"\bpanne",
        r"\bne fonctionne",
        r"\bmot de passe",
        r"\berreur",
        r"\bassistance",
        r"\btechni",
    ),
}

_COMPILED = {team: tuple(re.compile(p) for p in patterns) for team, patterns in TEAMS.items()}


def pick_team(text: str) -> str:
    """The team a message is for ("sales", "support", "invoices", "careers"), or ""."""
    normalised = normalise(text)
    best: tuple[int, str] | None = None
    for team, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.search(normalised)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), team)
    return best[1] if best else ""
