"""Builds what the pipeline steps need, once per process (loading the model takes a moment)."""

from __future__ import annotations

import logging
import time

from assistant.config import Config
from assistant.pipeline.context import PipelineTools

log = logging.getLogger(__name__)

# One short request per reply language: reading them loads what the first real message would.
_WARM_UP = (("Delete my data", "Hello, please delete my account and my personal data. Kind regards, Jo Doe"),
            ("Mes données", "Bonjour, merci de supprimer mon compte et mes données personnelles. Cordialement"))


def load_classifier(config: Config):
    from intents.classifier import IntentClassifier

    started = time.perf_counter()
    classifier = IntentClassifier.load(config.model_path(), review_threshold=config.classifier.review_threshold,
                                      review_margin=config.classifier.review_margin)
    warm_up(classifier)
    log.info("intent model loaded in %.1f s", time.perf_counter() - started)
    return classifier


def warm_up(classifier) -> None:
    """Read two messages at start, so the first real ones do not pay for lazy loading.

    The language detector loads its models on first use (about 1.3 s for seven languages) and
    spaCy and the entity matchers build their tables then: paid inside the first batch, that
    delay showed as a slow drain and a slow first draft after every start.
    """
    from intents.entities import extract_entities

    for result, (_, body) in zip(classifier.classify_many(list(_WARM_UP)), _WARM_UP, strict=True):
        extract_entities(body, language=result.language)


def build_tools(config: Config) -> PipelineTools:
    return PipelineTools(config=config, classifier=load_classifier(config))
