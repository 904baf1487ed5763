"""The blank spaCy pipelines (a tokenizer only: no pretrained model is installed) the token patterns run on."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from intents.french import blank_french

PIPELINES = ("en", "fr")


@lru_cache(maxsize=len(PIPELINES))
def blank_pipeline(language: str) -> Language:
    """A blank pipeline (only a tokenizer), built once.

    French is read from the shipped model's saved tokenizer (itself `spacy.blank("fr")`'s, saved at
    training) so that spaCy's French module, seconds to import, is not needed (intents/french.py).
    """
    if language == "fr":
        from intents.classifier import newest_model_dir

        try:
            return blank_french(newest_model_dir() / "fr" / "tokenizer")
        except FileNotFoundError:  # no shipped model: spaCy's own French, slower to build
            pass
    return spacy.blank(language)
