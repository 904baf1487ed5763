"""Dates written the way a reader of each language expects, without the system locale.

`strftime("%B")` follows the process locale, so a server set to C or de_DE would print
English or German month names in a French reply: the names are spelled out here instead.
"""

from __future__ import annotations

from datetime import date, datetime

from replies.language import reply_language

_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}


def format_date(value: date | datetime, language: str) -> str:
    """`25 December 2026` in English, `25 décembre 2026` (and `1er janvier 2027`) in French.

    A datetime is shown as its own calendar date: the caller decides the time zone.
    """
    language = reply_language(language)
    day = value.day
    month = _MONTHS[language][value.month - 1]
    if language == "fr":
        # French writes the first day of a month as an ordinal: "1er mai".
        day_text = "1er" if day == 1 else str(day)
        return f"{day_text} {month} {value.year}"
    return f"{day} {month} {value.year}"
