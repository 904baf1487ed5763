"""The one place that decides a reply's language: French for French, English for anything else."""

from __future__ import annotations


def reply_language(language: str) -> str:
    """ "fr" for French (fr, FR, fr-FR, fr_CA), "en" for anything else."""
    base = language.strip().lower().replace("_", "-").split("-")[0]
    return "fr" if base == "fr" else "en"
