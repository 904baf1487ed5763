"""Ticket references and subject comparison."""

from __future__ import annotations

import re

# People retype references: "[priv-2026-000015]" is the same ticket as "[PRIV-2026-000015]".
REFERENCE = re.compile(r"\bPRIV-(\d{4})-(\d{6})\b", re.IGNORECASE)

# Reply and forward markers of common clients, English and French: "Re:", "RE[2]:", "Fwd:",
# "TR:", "Réf. :", "AW:" ... repeated any number of times, with or without the space before ":".
_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|tr|trans|réf\.?|ref\.?|aw|wg|sv|vs|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+",
    re.IGNORECASE,
)


def format_reference(year: int, number: int) -> str:
    return f"PRIV-{year:04d}-{number:06d}"


def references_in(text: str) -> list[str]:
    """The references in a subject, in the form we issue them (upper case)."""
    return [match.group(0).upper() for match in REFERENCE.finditer(text or "")]


def normalize_subject(subject: str) -> str:
    """The subject as people mean it: reply/forward prefixes, ticket tags and case ignored."""
    stripped = _PREFIX.sub("", subject or "")
    stripped = re.sub(r"\[?\s*PRIV-\d{4}-\d{6}\s*\]?", " ", stripped, flags=re.IGNORECASE)
    stripped = _PREFIX.sub("", stripped)
    return re.sub(r"\s+", " ", stripped).strip().casefold()
