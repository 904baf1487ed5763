"""The language of a message, as an ISO 639-1 code, so the reply is drafted in it.

The inbox answers in English and French; the detector also knows the languages its
writers most often use otherwise, so that a German letter is recognised as German
(and sent to a person) instead of being read as poor English.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED_LANGUAGES = frozenset({"en", "fr"})
DEFAULT_LANGUAGE = "en"

# Few languages keep the detector fast (about 0.25 ms a message for these seven, against
# several ms for all 75) and accurate: a short French text cannot be mistaken for Catalan.
_DETECTABLE = (
    Language.ENGLISH,
    Language.FRENCH,
    Language.GERMAN,
    Language.DUTCH,
    Language.ITALIAN,
    Language.SPANISH,
    Language.PORTUGUESE,
)
# The languages the inbox answers in, and how sure the cheap screen must be that a text is in
# another language before the accurate English/French detector is skipped (`_detect`).
_ANSWERED = (Language.ENGLISH, Language.FRENCH)
_SURE_OF_ANOTHER_LANGUAGE = 0.9
# Statistics need a few words: below this, a tiny EN/FR vote decides ("STOP", "désabonnement").
_MIN_WORDS_FOR_DETECTOR = 3
# Up to this many words, a message the inbox's own words call English or French is taken as such
# even if the detector hesitates towards another language ("merci de me desinscrire").
_SHORT_MESSAGE_WORDS = 6
# The opening of a long letter says its language as well as the whole, at a bounded cost.
_DETECTION_CHARS = 1000

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")
_FRENCH_ACCENTS = re.compile(r"[éèêàâçùûôîïëœ]")
# fmt: off
_ENGLISH_WORDS = frozenset({
    "i", "my", "the", "and", "to", "of", "is", "are", "you", "your", "please", "thanks", "thank", "hi",
    "hello", "dear", "data", "delete", "remove", "unsubscribe", "account", "email", "emails", "stop",
    "sending", "from", "with", "this", "that", "not", "want"
})
_FRENCH_WORDS = frozenset({
    "je", "moi", "mon", "ma", "mes", "le", "la", "les", "de", "des", "du", "et", "est", "vous", "votre",
    "vos", "svp", "stp", "merci", "bonjour", "madame", "monsieur", "donnees", "supprimer", "desabonner",
    "desabonnement", "desinscrire", "desinscription", "compte", "ne", "plus", "pas", "recevoir", "pour"
})
# fmt: on


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in; "en" when nothing tells."""
    words = _WORD.findall(text)
    if not words:
        return DEFAULT_LANGUAGE
    vote = _keyword_vote(words)
    if len(words) < _MIN_WORDS_FOR_DETECTOR:
        return vote or DEFAULT_LANGUAGE
    detected = _detect(text[:_DETECTION_CHARS])
    if detected is None:
        return vote or DEFAULT_LANGUAGE
    code = detected.iso_code_639_1.name.lower()
    if code not in SUPPORTED_LANGUAGES and vote and len(words) <= _SHORT_MESSAGE_WORDS:
        return vote
    return code


def _detect(text: str) -> Language | None:
    """Two detectors instead of one accurate detector for all seven languages (about 200 MB resident).

    Lingua's low-accuracy mode knows all seven in about 15 MB and is trusted only when it is sure a
    text is in another language; English or French is then decided by the accurate detector of
    those two alone (about 70 MB). Measured on 1,500 written EN/FR messages and 24 in other
    languages (README, "Memory"): the same texts right within 0.2 point, 120 MB less.
    """
    values = _screening_detector().compute_language_confidence_values(text)
    if values and values[0].language not in _ANSWERED and values[0].value >= _SURE_OF_ANOTHER_LANGUAGE:
        return values[0].language
    return _english_or_french_detector().detect_language_of(text)


@lru_cache(maxsize=1)
def _screening_detector() -> LanguageDetector:
    """Built on first use, not at import: importing the package must stay cheap."""
    return LanguageDetectorBuilder.from_languages(*_DETECTABLE).with_low_accuracy_mode().build()


@lru_cache(maxsize=1)
def _english_or_french_detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_ANSWERED).build()


def _keyword_vote(words: list[str]) -> str | None:
    """Which of "en" and "fr" the inbox's common words lean to, or None when they are even."""
    english = french = 0
    for word in words:
        lowered = word.lower()
        if _FRENCH_ACCENTS.search(lowered):
            french += 1
            continue
        lowered = lowered.replace("’", "'")
        if lowered.startswith(("j'", "l'", "d'", "m'", "n'", "qu'")) or lowered in _FRENCH_WORDS:
            french += 1
        elif lowered in _ENGLISH_WORDS:
            english += 1
    if english == french:
        return None
    return "en" if english > french else "fr"
