"""Whose data the request is about, when it is not the writer's own: a child's, whose data needs
the holder of parental responsibility (GDPR Art. 8), or someone the writer acts for, whose
authority staff must check (Art. 12(6))."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

_AGES = [str(age) for age in range(1, 18)]
_AGES_UP_TO_ADULTHOOD = [*_AGES, "18"]

_CHILD_EN = ["son", "daughter", "child", "kid", "boy", "girl", "grandson", "granddaughter", "stepson",
             "stepdaughter", "children", "sons", "daughters", "kids"]  # fmt: skip
_CHILD_FR = ["fils", "fille", "enfant", "enfants", "filles", "petit-fils", "petite-fille", "garçon"]


def minor_patterns(language: str) -> list[list[dict[str, Any]]]:
    """Mentions of a child, whose data needs a holder of parental responsibility (GDPR Art. 8)."""
    if language == "fr":
        minor_words = ["mineur", "mineure", "mineurs", "mineures"]
        return [
            [{"LOWER": {"IN": ["enfant", "enfants", "adolescent", "adolescente", "adolescents", "bébé"]}}],
            [
                {"LOWER": {"IN": ["mon", "ma", "mes", "notre", "nos"]}, "OP": "?"},
                {"LOWER": {"IN": _CHILD_FR}},
                {"LOWER": {"IN": minor_words}},
            ],
            [
                {"LOWER": {"IN": ["un", "une", "des", "les", "est", "sont", "étant", "personne", "personnes"]}},
                {"LOWER": {"IN": minor_words}},
            ],
            [
                {"LOWER": {"IN": ["enfant", "enfants"]}, "OP": "?"},
                {"LOWER": "de", "OP": "?"},
                {"LOWER": "moins"},
                {"LOWER": "de"},
                {"ORTH": {"IN": _AGES_UP_TO_ADULTHOOD}},
                {"LOWER": "ans"},
            ],
            [
                {"LOWER": {"IN": ["mon", "ma", "mes"]}, "OP": "?"},
                {"LOWER": {"IN": [*_CHILD_FR, "âgé", "âgée", "âgés", "âgées"]}},
                {"LOWER": {"IN": ["âgé", "âgée"]}, "OP": "?"},
                {"LOWER": "de"},
                {"ORTH": {"IN": _AGES}},
                {"LOWER": "ans"},
            ],
        ]
    return [
        [{"LOWER": {"IN": ["child", "children", "kid", "kids", "underage", "under-age", "teenager", "teenagers"]}}],
        [
            {"LOWER": {"IN": ["my", "our"]}, "OP": "?"},
            {"ORTH": {"IN": _AGES}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": {"IN": ["year", "years", "yr"]}},
            {"ORTH": "-", "OP": "?"},
            {"LOWER": "old"},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
        ],
        [{"LOWER": "aged"}, {"ORTH": {"IN": _AGES}}],
        [
            {"LOWER": "under"},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": "age", "OP": "?"},
            {"LOWER": "of", "OP": "?"},
            {"ORTH": {"IN": _AGES_UP_TO_ADULTHOOD}},
        ],
        # "minor" is also an adjective ("a minor issue"): the noun is checked in is_minor_noun.
        [
            {"LOWER": {"IN": ["my", "our", "a", "the", "as", "being", "for", "of"]}, "OP": "?"},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
            {"LOWER": {"IN": ["minor", "minors"]}},
            {"LOWER": {"IN": _CHILD_EN}, "OP": "?"},
        ],
    ]


def on_behalf_patterns(language: str) -> list[list[dict[str, Any]]]:
    """Phrases saying the writer acts for someone else, whose authority staff must check (Art. 12(6))."""
    if language == "fr":
        de = {"LOWER": {"IN": ["de", "d'", "d’"]}}
        legal = {"LOWER": {"IN": ["légal", "légale", "légaux"]}}
        return [
            [{"LOWER": "au"}, {"LOWER": "nom"}, {"LOWER": "et", "OP": "?"}, de],
            [{"LOWER": "pour"}, {"LOWER": "le"}, {"LOWER": "compte"}, de],
            [
                {"LOWER": "en"},
                {"LOWER": {"IN": ["tant", "qualité"]}},
                {"LOWER": "que", "OP": "?"},
                {"LOWER": {"IN": ["représentant", "représentante", "tuteur", "tutrice", "mandataire"]}},
                {**legal, "OP": "?"},
            ],
            [{"LOWER": {"IN": ["représentant", "représentante", "représentants"]}}, legal],
            [
                {"LOWER": {"IN": ["mon", "ma", "notre", "mes", "nos"]}},
                {"LOWER": {"IN": ["client", "cliente", "clients"]}},
            ],
            [{"LOWER": {"IN": ["procuration", "mandat", "mandataire", "tutelle", "curatelle", "tuteur", "tutrice"]}}],
            [
                {"LOWER": "titulaire"},
                {"LOWER": "de"},
                {"LOWER": {"IN": ["l'", "l’"]}},
                {"LOWER": "autorité"},
                {"LOWER": "parentale"},
            ],
            [{"LOWER": "exécuteur"}, {"LOWER": "testamentaire"}],
            [{"LOWER": "en"}, {"LOWER": {"IN": ["son", "leur"]}}, {"LOWER": "nom"}],
        ]
    return [
        [{"LOWER": "on"}, {"LOWER": "behalf"}, {"LOWER": "of"}],
        [{"LOWER": "on"}, {"LOWER": {"IN": ["his", "her", "their"]}}, {"LOWER": "behalf"}],
        [
            {"LOWER": "as", "OP": "?"},
            {"LOWER": {"IN": ["the", "his", "her", "their", "a"]}, "OP": "?"},
            {"LOWER": "legal"},
            {"LOWER": {"IN": ["guardian", "representative", "guardians", "representatives"]}},
        ],
        [
            {"LOWER": {"IN": ["authorised", "authorized"]}},
            {"LOWER": {"IN": ["representative", "agent", "third"]}},
            {"LOWER": "party", "OP": "?"},
        ],
        [{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": {"IN": ["client", "clients"]}}],
        [{"LOWER": "lasting", "OP": "?"}, {"LOWER": "power"}, {"LOWER": "of"}, {"LOWER": "attorney"}],
        [{"LOWER": "letter"}, {"LOWER": "of"}, {"LOWER": "authority"}],
        [{"LOWER": "as", "OP": "?"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "executor"}, {"LOWER": "of"}],
        [{"LOWER": "acting"}, {"LOWER": "for"}],
    ]


def is_minor_noun(span: Span) -> bool:
    """ "a minor" the person, not "a minor issue": "minor" must not be followed by another noun."""
    if not any(token.lower_ in ("minor", "minors") for token in span):
        return True
    if span[-1].lower_ in _CHILD_EN:
        return True
    following = span.doc[span.end] if span.end < len(span.doc) else None
    return following is None or not following.is_alpha or following.lower_ in ("who", "whose", "aged", "under")


def phrases(spans: list[Span]) -> list[str]:
    found: dict[str, str] = {}
    for span in spans:
        found.setdefault(span.text.lower(), span.text)
    return list(found.values())
