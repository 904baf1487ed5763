"""Builds what the pipeline steps need, once per process (loading the model takes a moment)."""

from __future__ import annotations

import logging
import time

from assistant.config import Config
from assistant.pipeline.context import PipelineTools

log = logging.getLogger(__name__)


def load_classifier(config: Config):
    from intents.classifier import IntentClassifier

    started = time.perf_counter()
    classifier = IntentClassifier.load(config.model_path(), review_threshold=config.classifier.review_threshold,
                                      review_margin=config.classifier.review_margin)
    log.info("intent model loaded in %.1f s", time.perf_counter() - started)
    return classifier


def build_tools(config: Config) -> PipelineTools:
    return PipelineTools(config=config, classifier=load_classifier(config))
