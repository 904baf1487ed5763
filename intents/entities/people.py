"""The names of the people a request is about, written after a cue ("my son Lucas Martin",
"pour ma fille Emma", "on behalf of Mrs Jones")."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from intents.entities.tokenizer import PIPELINES, blank_pipeline

_KIN_EN = [
    "son", "daughter", "child", "kid", "mother", "mum", "mom", "father", "dad", "wife", "husband",
    "partner", "brother", "sister", "grandmother", "grandfather", "grandson", "granddaughter",
    "nephew", "niece", "aunt", "uncle", "stepson", "stepdaughter", "ward", "client", "employee",
]  # fmt: skip
_KIN_FR = [
    "fils", "fille", "enfant", "mère", "père", "maman", "papa", "épouse", "femme", "mari", "époux",
    "conjoint", "conjointe", "compagnon", "compagne", "frère", "sœur", "soeur", "grand-mère",
    "grand-père", "petit-fils", "petite-fille", "neveu", "nièce", "oncle", "tante", "beau-père",
    "belle-mère", "pupille", "client", "cliente", "salarié", "salariée",
]  # fmt: skip
_TITLES = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "m.", "mme", "mme.", "mlle",
    "monsieur", "madame", "mademoiselle", "me", "maître",
}  # fmt: skip
# Words between a cue and the name: "my son, Mr Lucas Martin", "mon fils mineur Lucas".
_BEFORE_NAME = _TITLES | {"minor", "eldest", "youngest", "mineur", "mineure", "majeur", "majeure", "aîné", "aînée",
                          "cadet", "cadette"}  # fmt: skip
_NOT_NAMES = {"i", "please", "thanks", "thank", "merci", "gdpr", "rgpd", "sodepac", "dear", "hello", "hi",
              "bonjour", "regards", "cordialement", "who", "qui", "and", "et", "the", "le", "la"}  # fmt: skip
_MAX_NAME_TOKENS = 4


def person_cues(language: str) -> list[list[dict[str, Any]]]:
    """Words after which the name of the person a request is about is written."""
    if language == "fr":
        return [
            [{"LOWER": {"IN": ["mon", "ma", "notre", "feu", "feue"]}}, {"LOWER": {"IN": _KIN_FR}}],
            [{"LOWER": "au"}, {"LOWER": "nom"}, {"LOWER": {"IN": ["de", "d'", "d’"]}}],
            [{"LOWER": "pour"}, {"LOWER": "le"}, {"LOWER": "compte"}, {"LOWER": {"IN": ["de", "d'", "d’"]}}],
            [
                {"LOWER": {"IN": ["tuteur", "tutrice", "mandataire", "représentant", "représentante"]}},
                {"LOWER": {"IN": ["légal", "légale"]}, "OP": "?"},
                {"LOWER": {"IN": ["de", "d'", "d’"]}},
            ],
        ]
    age = [
        {"LIKE_NUM": True, "OP": "?"},
        {"ORTH": "-", "OP": "?"},
        {"LOWER": {"IN": ["year", "years"]}, "OP": "?"},
        {"ORTH": "-", "OP": "?"},
        {"LOWER": "old", "OP": "?"},
    ]
    return [
        [{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": "late", "OP": "?"}, *age, {"LOWER": {"IN": _KIN_EN}}],
        [{"LOWER": "on"}, {"LOWER": "behalf"}, {"LOWER": "of"}],
        [{"LOWER": {"IN": ["guardian", "representative", "executor", "attorney"]}}, {"LOWER": {"IN": ["of", "for"]}}],
        [{"LOWER": "representing"}],
    ]


def named_people(doc: Doc, cues: list[Span]) -> list[str]:
    """The capitalised name written after each cue ("my son Lucas Martin", "pour ma fille Emma")."""
    stop_words = _stop_words(doc.lang_)
    found: dict[str, str] = {}
    for cue in cues:
        index = cue.end
        while index < len(doc) and (doc[index].text == "," or doc[index].lower_ in _BEFORE_NAME):
            index += 1
        start = index
        names = 0
        while index < len(doc) and names < _MAX_NAME_TOKENS:
            token = doc[index]
            if _is_name(token, stop_words):
                names += 1
                index += 1
            elif token.text == "-" and not doc[index - 1].whitespace_ and index > start and index + 1 < len(doc):
                index += 1  # "Jean-Pierre" is split into three tokens by the English tokenizer
            else:
                break
        while index > start and not _is_name(doc[index - 1], stop_words):
            index -= 1
        if names:
            name = doc[start:index].text
            found.setdefault(name.lower(), name)
    return list(found.values())


@lru_cache(maxsize=len(PIPELINES))
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(blank_pipeline(language).Defaults.stop_words) | _NOT_NAMES


def _is_name(token: Token, stop_words: frozenset[str]) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and all(character.isalpha() or character in "-'’" for character in text)
        and token.lower_ not in stop_words
        and token.lower_ not in _TITLES
    )
