"""How the writer addressed us, so that the reply greets them in the same register.

A formal letter ("Madame, Monsieur", "Dear Sir or Madam", "Je vous prie d'agréer...")
gets a formal greeting and closing; a casual note ("hi", "salut", "merci !") gets the
writer's first name; anything else a plain "Hello <name>,". A title (Madame, Mr...) is
used only when the writer gave it: it is never guessed from a first name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from replies.keywords import normalise
from replies.requester import greeting_name


class Register(StrEnum):
    FORMAL = "formal"
    NEUTRAL = "neutral"
    CASUAL = "casual"


# Patterns are lower-case without accents (see `replies.keywords.normalise`).
_FORMAL = re.compile(
    r"madame,? monsieur|\bmessieurs\b|\bmaitre\b|agreer|salutations distinguees|sentiments distingues"
    r"|consideration distinguee|par la presente|je soussigne|\bobjet ?:|veuillez recevoir|nous vous prions"
    r"|dear sir|dear madam|to whom it may concern|yours faithfully|yours sincerely|\bi hereby\b|pursuant to"
    r"|\bwe hereby\b|on behalf of my client|au nom de (mon|ma) client"
)
_CASUAL = re.compile(
    r"^(hi|hey|hiya|yo|salut|coucou|slt|bjr|cc)\b|\b(cheers|thx|pls|plz|lol|svp|stp|bisous|biz|ciao)\b"
    r"|\b(thanks|merci) ?!|[!?]{2,}|:\)|;\)|:-\)|\bhi there\b"
)
# A title the writer gave, before their name: "Mme Claire Lefèvre", "Mr. John Smith".
_TITLES = {
    "madame": "madam", "mme": "madam", "mrs": "madam", "ms": "madam", "miss": "madam", "mademoiselle": "madam",
    "mlle": "madam", "monsieur": "sir", "m": "sir", "mr": "sir", "dr": "doctor", "docteur": "doctor",
    "maitre": "counsel",  # a French lawyer (avocat) is addressed as "Maître", in English letters too
}
# Each title as a word, then its spaces (a lone "M" in running text is too often something else: "I'm Paul").
_TITLE_THEN_SPACE = tuple((word, re.compile(rf"\b{word}\.?\s+")) for word in _TITLES if len(word) >= 2)
_WORD_THEN_SPACE = re.compile(r"\w+\s+")
_WORD_BOUNDARY = re.compile(r"\b")
_TITLE_WORDS = {"en": {"madam": "Ms", "sir": "Mr", "doctor": "Dr", "counsel": "Maître"},
                "fr": {"madam": "Madame", "sir": "Monsieur", "doctor": "Docteur", "counsel": "Maître"}}


@dataclass(frozen=True)
class Salutation:
    """How the reply opens and closes."""

    register: Register
    greeting: str  # "Bonjour Madame Lefèvre,"
    closing: str  # "Kind regards," or a formal French closing sentence


def detect_register(text: str) -> Register:
    """The register of the writer's own words: formal letter, casual note, or neutral."""
    normalised = normalise(text.strip())
    if _FORMAL.search(normalised):
        return Register.FORMAL
    if _CASUAL.search(normalised):
        return Register.CASUAL
    return Register.NEUTRAL


def split_title(name: str) -> tuple[str, str]:
    """("madam" | "sir" | "doctor" | "", the name without the title)."""
    words = name.split()
    if len(words) >= 2:
        title = _TITLES.get(normalise(words[0]).rstrip("."))
        if title:
            return title, " ".join(words[1:])
    return "", name


def title_in_text(text: str, name: str) -> str:
    """The title the writer put before their own surname in the text ("je soussignée Madame Lefèvre")."""
    surname = name.split()[-1] if name.split() else ""
    if len(surname) < 2:
        return ""
    normalised, surname = normalise(text), normalise(surname)
    if surname not in normalised:  # most letters do not repeat the sender's surname: nothing to compile
        return ""
    for word, pattern in _TITLE_THEN_SPACE:
        if _surname_follows(pattern, normalised, surname):
            return _TITLES[word]
    return ""


def _surname_follows(title: re.Pattern[str], text: str, surname: str) -> bool:
    """Whether the title is followed by the surname as a word, at once or after one other word (a first name).

    Why not one pattern per surname: compiling thirteen regular expressions for each new requester
    whose surname appears in the text (a signature) was a quarter of the time drafting took.
    """
    for match in title.finditer(text):
        middle = _WORD_THEN_SPACE.match(text, match.end())
        for at in (match.end(), middle.end()) if middle else (match.end(),):
            if text.startswith(surname, at) and _WORD_BOUNDARY.match(text, at + len(surname)):
                return True
    return False


def salutation(text: str, requester_name: str, language: str) -> Salutation:
    """The greeting and closing for this writer, in the reply's language."""
    register = detect_register(text)
    title, name = split_title(greeting_name(requester_name))
    title = title or title_in_text(text, name)
    surname = name.split()[-1] if name else ""
    first_name = name.split()[0] if name else ""
    titled = f"{_TITLE_WORDS[language][title]} {surname}" if title and surname else ""
    if language == "fr":
        return _french(register, name, first_name, titled)
    return _english(register, name, first_name, titled)


def _french(register: Register, name: str, first_name: str, titled: str) -> Salutation:
    if register is Register.FORMAL:
        address = titled.split()[0] if titled else "Madame, Monsieur"
        greeting = f"Bonjour {titled}," if titled else "Madame, Monsieur,"
        return Salutation(register, greeting,
                          f"Nous vous prions d'agréer, {address}, l'expression de nos salutations distinguées.")
    shown = first_name if register is Register.CASUAL else (titled or name)
    return Salutation(register, f"Bonjour {shown}," if shown else "Bonjour,", "Bien cordialement,")


def _english(register: Register, name: str, first_name: str, titled: str) -> Salutation:
    if register is Register.FORMAL:
        if titled or name:
            return Salutation(register, f"Dear {titled or name},", "Yours sincerely,")
        return Salutation(register, "Dear Sir or Madam,", "Yours faithfully,")
    shown = first_name if register is Register.CASUAL else (titled or name)
    return Salutation(register, f"Hello {shown}," if shown else "Hello,", "Kind regards,")
