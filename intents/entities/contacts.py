"""Email addresses and phone numbers a message gives besides its sender's: another way to reach
the person, or someone else's details to handle with care."""

from __future__ import annotations

import re
from email.utils import parseaddr

import phonenumbers

# Starting only where a run of address characters starts keeps a long word from costing O(n²).
_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def emails(text: str, sender: str) -> list[str]:
    own = parseaddr(sender)[1].lower()
    found: dict[str, str] = {}
    for match in _EMAIL.finditer(text):
        address = match.group().rstrip(".-")
        if address.lower() != own:
            found.setdefault(address.lower(), address)
    return list(found.values())


# The primary region reads national numbers ("06 12 34 56 78" in France); the other one catches a
# national number written from the other country. International numbers read the same in both.
_PHONE_REGIONS = {"fr": ("FR", "GB"), "en": ("GB", "FR")}
_MIN_PHONE_DIGITS = 6


def phones(text: str, sender: str, language: str) -> list[str]:
    if sum(character.isdigit() for character in text) < _MIN_PHONE_DIGITS:
        return []
    regions = _PHONE_REGIONS[language]
    own = set(_e164_numbers(sender, regions)) if sender and "@" not in sender else set()
    return [number for number in _e164_numbers(text, regions) if number not in own]


def _e164_numbers(text: str, regions: tuple[str, ...]) -> list[str]:
    found: dict[str, None] = {}
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            found.setdefault(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return list(found)
