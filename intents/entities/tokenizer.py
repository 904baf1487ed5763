"""The blank spaCy pipelines (a tokenizer only: no pretrained model is installed) the token patterns run on."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

PIPELINES = ("en", "fr")


@lru_cache(maxsize=len(PIPELINES))
def blank_pipeline(language: str) -> Language:
    """A blank pipeline (only a tokenizer): built once, as the first French one takes seconds."""
    return spacy.blank(language)
