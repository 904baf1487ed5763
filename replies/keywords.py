"""Text prepared for keyword matching in English and French."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower case, accents removed, apostrophes unified: "Sécurité d’accès" -> "securite d'acces".

    French writers drop accents in quick mail ("donnees"), so patterns match either way.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))
