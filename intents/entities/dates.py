"""Deadlines the writer names ("within 14 days", "avant le 3 mars 2026"), compared by staff with the
one month of GDPR Art. 12(3); the date itself when the writer gives a year."""

from __future__ import annotations

import re
from datetime import date

from intents.types import Deadline

_COUNT = (
    r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|ten|fourteen|fifteen|twenty|thirty|sixty|ninety"
    r"|une?|deux|trois|quatre|cinq|six|sept|huit|dix|quinze|vingt|trente|soixante|quatre-vingt-dix)"
    r"(?:\s*\(\d+\))?"
)
_UNIT = (
    r"(?:(?:business|working|calendar)\s+)?(?:days?|weeks?|months?|hours?|h)"
    r"|(?:jours?|semaines?|mois|heures?|h)(?:\s+(?:ouvrés|ouvrables|calendaires))?"
)
_MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "février": 2, "fevrier": 2, "févr": 2, "fév": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "août": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "décembre": 12, "decembre": 12, "déc": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<num_d>\d{1,2})[/.](?P<num_m>\d{1,2})(?:[/.](?P<num_y>\d{2}|\d{4}))?"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?(?:,?\s+(?P<year>\d{{4}}))?"
    rf"|(?P<month_first>{_MONTH})\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year_after>\d{{4}}))?"
    r")(?!\d)"
)
_DEADLINE = re.compile(
    r"\b(?:"
    rf"(?:within|in\s+the\s+next|no\s+later\s+than|not\s+later\s+than)\s+(?:the\s+)?{_COUNT}\s*(?:{_UNIT})\b"
    rf"|(?:sous|dans\s+un\s+délai\s+(?:de|d[’'])|dans\s+les|au\s+plus\s+tard\s+sous)\s*{_COUNT}\s*(?:{_UNIT})\b"
    r"|sous\s+(?:huitaine|quinzaine|48\s*h|72\s*h)\b"
    r"|(?:by|before|no\s+later\s+than|not\s+later\s+than|until|deadline\s+(?:of|is)(?:\s+the)?"
    rf"|avant\s+le|d[’']ici\s+(?:le|au)|au\s+plus\s+tard\s+le|jusqu[’']au|pour\s+le)\s+{_DATE}"
    r")",
    re.IGNORECASE,
)


def deadlines(text: str) -> list[Deadline]:
    found: list[Deadline] = []
    for match in _DEADLINE.finditer(text):
        deadline = Deadline(match.group(), _iso_date(match))
        if deadline not in found:
            found.append(deadline)
    return found


def _iso_date(match: re.Match[str]) -> str | None:
    """The date a deadline names, day first as in Europe; None without a year or if impossible."""
    parts = match.groupdict()
    if parts["iso_y"]:
        year, month, day = parts["iso_y"], parts["iso_m"], parts["iso_d"]
    elif parts["num_d"]:
        year, month, day = parts["num_y"], parts["num_m"], parts["num_d"]
        if year and len(year) == 2:
            year = f"20{year}"
        if month and day and int(month) > 12 >= int(day):  # written month first, as in the US
            month, day = day, month
    elif parts["day"]:
        year, month, day = parts["year"], str(_MONTHS[parts["month"].lower()]), parts["day"]
    elif parts["month_first"]:
        year, month, day = parts["year_after"], str(_MONTHS[parts["month_first"].lower()]), parts["day_after"]
    else:
        return None
    if not year:
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
