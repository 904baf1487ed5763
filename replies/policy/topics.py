"""Which part of the policy answers a question: a small keyword picker, English and French.

The question's words are matched without case or accents against a few patterns per
topic; the topics are returned in the order the requester raised them. Each topic
names the policy passages that answer it (see `passages.PASSAGES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replies.keywords import normalise

# More topics than this in one reply would bury the answer: staff can add the rest.
MAX_TOPICS = 3


@dataclass(frozen=True)
class Topic:
    name: str
    passages: tuple[str, ...]
    patterns: tuple[str, ...]


# Patterns are written lower-case and without accents (see `replies.keywords.normalise`).
TOPICS: tuple[Topic, ...] = (
    Topic(
        "cookies",
        ("cookies", "tracking_technologies"),
        (r"\bcookie", r"\btraceur", r"\btracking\b", r"\btrackers?\b", r"\bsuivi de navigation"),
    ),
    Topic("do_not_track", ("do_not_track",), (r"do not track", r"\bdnt\b")),
    Topic(
        "retention",
        ("retention",),
        (
            r"how long",
            r"\bkeep (my|our|your|the|personal|data|information)",
            r"\bkept\b",
            r"\bretain",
            r"\bretention\b",
            r"combien de temps",
            r"\bconserv",
            r"\barchiv",
        ),
    ),
    Topic(
        "collected",
        ("collect_intro", "account_information", "support_information", "other_sources"),
        (
            r"\bcollect",
            r"\brecueill",
            r"\b(what|which) (kind of |type of )?(personal )?(data|information)",
            r"\bquel(le)?s? (types? de )?(donnees|informations)",
        ),
    ),
    Topic(
        "sharing",
        ("no_sale", "third_parties", "service_providers"),
        (
            r"\bshar(e|es|ed|ing)\b(?! button)",
            r"third.part",
            r"\b(sell|sells|sold|selling)\b",
            r"\bpartag",
            r"\btiers\b",
            r"\b(re)?vend",
            r"sous.traitant",
            r"\bvos prestataires",
            r"\bsub.?processors?\b",
            r"\bprocessors\b",
        ),
    ),
    Topic("partners", ("partners",), (r"\bpartners?\b", r"\bpartenaires?\b")),
    Topic(
        "widgets",
        ("widgets",),
        (r"linkedin", r"facebook", r"widget", r"share button", r"social (media )?button", r"\bboutons?\b"),
    ),
    Topic(
        "transfers",
        ("service_providers",),
        (
            r"\btransfers? (of )?(personal |my |your )?(data|information) (outside|abroad|to other countries)",
            r"\binternational transfer",
            r"outside (of )?(the )?(eu|eea|european)",
            r"between countries",
            r"\babroad\b",
            r"\bhors (de l.)?(ue|eee|union|france)",
            r"entre pays",
            r"\betranger\b",
            r"\bheberg",
            r"\bhosted\b",
            r"\bhosting\b",
            r"united states|\busa\b|etats.unis",
            r"\bsccs?\b",
            r"standard contractual",
            r"clauses contractuelles",
            r"\badequa",
            r"\btransferts?\b",
        ),
    ),
    Topic(
        "security",
        ("security",),
        (
            r"\bsecur",
            r"\bsafe",
            r"\bbreach",
            r"\bleak",
            r"\bhack",
            r"\bencrypt",
            r"\bsecuris",
            r"\bfuite",
            r"\bpirat",
            r"\bchiffr",
            r"\bprotegez",
            r"how do you protect",
        ),
    ),
    Topic(
        "controller",
        ("controller", "contact"),
        (
            r"\bcontroller\b",
            r"data protection officer",
            r"\bdpo\b",
            r"responsable (du|de) traitement",
            r"\bdelegue",
            r"who is responsible",
            r"qui est responsable",
            r"postal address",
            r"adresse postale",
            r"right address",
            r"bonne adresse",
        ),
    ),
    Topic(
        "administrator",
        ("end_users", "managed_accounts"),
        (
            r"\bemployer",
            r"\badministrat",
            r"managed account",
            r"work e.?mail",
            r"\bemployeur",
            r"compte gere",
            r"adresse (e.?mail )?professionnelle",
        ),
    ),
    Topic(
        "children",
        ("children",),
        (
            r"\bchild",
            r"\bminors?\b",
            r"under (the age of )?1[68]\b",
            r"\b1[0-7].year.old",
            r"\bson\b",
            r"\bdaughter",
            r"\benfant",
            r"\bmineur",
            r"moins de 1[68]\b",
            r"\bfils\b",
            r"\bfille\b",
        ),
    ),
    Topic(
        "business_transfers",
        ("business_transfers",),
        (
            r"\bacqui(red|sition|re)",
            r"\bmerger",
            r"\btakeover",
            r"\brach[ae]t",
            r"\bfusion",
            r"\bcession",
            r"sale of (the )?(company|business)",
            r"\bbought\b",
        ),
    ),
    Topic(
        "legal_basis",
        ("legal_bases",),
        (
            r"legal bas[ie]s",
            r"lawful basis",
            r"legitimate interest",
            r"base (legale|juridique)",
            r"interet legitime",
            r"\bfondement",
        ),
    ),
)

_COMPILED = tuple((topic, tuple(re.compile(p) for p in topic.patterns)) for topic in TOPICS)


def pick_topics(question: str) -> list[Topic]:
    """The topics a question is about, in the order it raises them, at most MAX_TOPICS."""
    text = normalise(question)
    hits: list[tuple[int, int, Topic]] = []
    for order, (topic, patterns) in enumerate(_COMPILED):
        positions = [match.start() for pattern in patterns if (match := pattern.search(text))]
        if positions:
            hits.append((min(positions), order, topic))
    return [topic for _, _, topic in sorted(hits)[:MAX_TOPICS]]


def passages_for(topics: list[Topic]) -> list[str]:
    """The passage keys answering these topics, each once, in the topics' order."""
    keys: list[str] = []
    for topic in topics:
        keys.extend(key for key in topic.passages if key not in keys)
    return keys
