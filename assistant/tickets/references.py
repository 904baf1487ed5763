"""Ticket references and subject comparison."""

from __future__ import annotations

import re

from assistant.mail.headers import strip_reply_prefixes

# People retype references: "[priv-2026-000015]" is the same ticket as "[PRIV-2026-000015]".
REFERENCE = re.compile(r"\bPRIV-(\d{4})-(\d{6})\b", re.IGNORECASE)


def format_reference(year: int, number: int) -> str:
    return f"PRIV-{year:04d}-{number:06d}"


def references_in(text: str) -> list[str]:
    """The references in a subject, in the form we issue them (upper case)."""
    return [match.group(0).upper() for match in REFERENCE.finditer(text or "")]


def normalize_subject(subject: str) -> str:
    """The subject as people mean it: reply/forward prefixes, ticket tags and case ignored."""
    stripped = strip_reply_prefixes(subject or "")
    stripped = strip_reply_prefixes(re.sub(r"\[?\s*PRIV-\d{4}-\d{6}\s*\]?", " ", stripped, flags=re.IGNORECASE))
    return re.sub(r"\s+", " ", stripped).strip().casefold()
