"""Visible markers for what only staff can know, so a draft cannot be sent half-finished."""

from __future__ import annotations

import re

# A placeholder is `[[STAFF: what to add]]`. The pattern is lenient on purpose (any case,
# spaces after `[[`, an unclosed marker up to the end of its line) so that a half-edited
# marker still blocks approval instead of slipping into a sent reply.
_PLACEHOLDER = re.compile(r"\[\[\s*STAFF\s*:[^\n]*?(?:\]\]|(?=\n)|$)", re.IGNORECASE)


def find_placeholders(text: str) -> list[str]:
    """Every staff placeholder left in `text`, in order of first appearance, each once."""
    found: list[str] = []
    for match in _PLACEHOLDER.finditer(text):
        marker = match.group(0).rstrip()
        if marker not in found:
            found.append(marker)
    return found
