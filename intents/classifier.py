"""The runtime intent classifier: subject + new text in, `IntentResult` out.

One small spaCy pipeline per supported language (English, French), each trained from
`spacy.blank(lang)`: `intent_scopes` (rules.py) marks negated and conditional words, a
`textcat_multilabel` named "intents" scores every label of TAXONOMY.md, and an exclusive
`textcat` named "primary" says which request the writer cares most about. Both read a
bag of word n-grams over the marked norms with sentence mood and openings (features.py):
fast (thousands of messages a second on one core) and small enough to ship in the repository.
Request cues (cues.py) make sure a request made in so many words is read, unless the primary
model, calibrated on held-out written mail (calibration.py), is sure nothing is asked or sure
of another reading. The TAXONOMY rules that are rules, not statistics ("other" is never
combined, "question" only when nothing is asked, a complaint comes first) are applied after
scoring, in `decide`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from assistant.mail.headers import is_reply_subject, strip_reply_prefixes
from intents import features, rules  # noqa: F401  (register "intents.BOW.v2" and the "intent_scopes" factory)
from intents.calibration import margin, scale
from intents.cues import Cue, CueFinder
from intents.foreign import foreign_requests
from intents.french import load_pipeline
from intents.language import detect_language as detect_text_language
from intents.lexical import LexicalModel, act_text, blend
from intents.primary import (
    MODEL_RULES,
    MODEL_SURE_NOTHING_ASKED,
    NOT_ASKING,
    PRIMARY_RULES,
    Reading,
    decide_primary,
)
from intents.rules import fold_text
from intents.types import LABELS, PRIMARY_PREFIX, IntentResult

MODEL_ROOT = Path(__file__).resolve().parent / "model"
# A model folder holds `<lang>/` (spaCy) and `lexical-<lang>/` (the TF-IDF reading, lexical.py).
LEXICAL_FOLDER = "lexical"
SUPPORTED_LANGUAGES = ("en", "fr")
# Unsupported languages are read by the English model: GDPR article numbers, "GDPR" itself and
# many loan words ("newsletter", "marketing", "data") are shared, and the result is flagged anyway.
FALLBACK_PIPELINE = "en"


@dataclass(frozen=True)
class DecisionSettings:
    """The settings `decide` uses, declared in the workflow's [decision] section and kept in meta.json.

    A model carries the settings it was calibrated and measured with, so changing one is retraining.
    """

    label_threshold: float  # every label's threshold on the set model's score
    # A request cue found outside any negation, condition or enumeration lifts its label's score to
    # at least this: the writer asked for it in so many words, however long the letter.
    cue_floor: float
    # A label with no cue of its own, in a message whose requests have cues, needs this model score.
    model_alone: float
    # Calibrated sureness that nothing is asked (a vendor's pitch or a newsletter naming rights, an
    # auto-reply whose subject names a request, a question about a right) that overrides the cues.
    not_asking: float
    # Calibrated sureness of the primary at which the model overrides the declared order of requests.
    model_decides: float
    # The set model's score a complaint needs, whatever the cues: a complaint is a grievance, and the
    # words that signal one ("je me permets de vous relancer", "still no answer") also open polite
    # reminders, which TAXONOMY labels by their request alone. Models trained before it: label_threshold.
    complaint_threshold: float = 0.5

    def threshold(self, label: str, *, model_read: bool = True) -> float:
        """`model_read` False: mail in a language no model reads, where the keyword cues are the whole reading."""
        return self.complaint_threshold if label == "complaint" and model_read else self.label_threshold


def message_text(subject: str, body: str) -> str:
    """What the model reads: the subject, then the new text of the body, folded."""
    return fold_text(f"{subject or ''}\n\n{body or ''}".strip())


def subject_chars(subject: str) -> int:
    """How many characters of `message_text` the subject line takes (0 for none or a reply's subject)."""
    subject = (subject or "").strip()
    # Subjects of replies and forwards repeat an earlier topic: they do not say what THIS mail asks first.
    if not subject or is_reply_subject(subject):
        return 0
    return len(subject)


def original_subject(subject: str) -> str:
    """The subject without its reply and forward prefixes ("Re: Fwd: Erasure request" -> "Erasure request")."""
    return strip_reply_prefixes((subject or "").strip()).strip()


def newest_model_dir(root: Path = MODEL_ROOT) -> Path:
    """The shipped model with the highest version (directory names sort by date)."""
    candidates = sorted(p for p in root.iterdir() if (p / "meta.json").is_file()) if root.is_dir() else []
    if not candidates:
        raise FileNotFoundError(f"no trained intent model under {root}: run `privacy-assistant train`")
    return candidates[-1]


def commercial_reading(cats: dict[str, float]) -> dict[str, float]:
    """The scores of a message with no privacy word and no request cue: a complaint it leans to is commercial.

    Only the complaint moves: the other requests have words the privacy list cannot all hold (a misspelt
    surname, CCTV footage), while grievances about service are the commonest mail sent to the wrong desk.
    """
    complaint = cats.get("complaint", 0.0)
    if complaint < max(cats.get(label, 0.0) for label in cats if not label.startswith(PRIMARY_PREFIX)):
        return cats
    # The primary model's complaint is left alone: moving it to `other` too cost 0.5 to 0.8 points of primary
    # accuracy on the calibration slice (mail with no privacy word is often a privacy complaint all the same).
    return dict(cats, complaint=0.0, other=max(cats.get("other", 0.0), complaint))


class IntentClassifier:
    """Classifies messages; load once, then call `classify` or `classify_many`."""

    def __init__(self, pipelines: dict[str, Language], meta: dict, *, review_threshold: float = 0.5,
                 review_margin: float = -1.0, detect_language: Callable[[str], str] | None = None,
                 lexical: dict[str, LexicalModel] | None = None) -> None:
        self.pipelines = pipelines
        # Per pipeline language, the TF-IDF reading averaged with the spaCy models' (lexical.py), if trained.
        self.lexical = lexical or {}
        self.lexical_weight = float(meta.get("lexical_weight", 0.0))
        self.meta = meta
        self.version = meta.get("version", "unknown")
        self.decision = DecisionSettings(**meta["decision"])
        self.review_threshold = review_threshold
        self.detect_language = detect_language or detect_text_language
        self._cue_finders: dict[str, CueFinder] = {}
        # The primary-decision tables (primary.py); the cross-validation harness swaps them to ablate rows.
        self.primary_rules, self.model_rules = PRIMARY_RULES, MODEL_RULES
        # Per pipeline language: the temperature of the primary scores and the review margin (calibration.py).
        self.calibration: dict[str, dict] = meta.get("calibration", {})
        if review_margin >= 0:
            self.calibration = {lang: dict(fitted, margin=review_margin) for lang, fitted in self.calibration.items()}

    @classmethod
    def load(cls, model_dir: Path | None = None, *, review_threshold: float = 0.5,
             review_margin: float = -1.0) -> IntentClassifier:
        model_dir = Path(model_dir) if model_dir else newest_model_dir()
        meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
        languages = meta.get("languages", SUPPORTED_LANGUAGES)
        pipelines = {lang: load_pipeline(model_dir / lang) for lang in languages}
        lexical = {lang: LexicalModel.from_disk(model_dir / f"{LEXICAL_FOLDER}-{lang}") for lang in languages
                   if (model_dir / f"{LEXICAL_FOLDER}-{lang}").is_dir()}
        return cls(pipelines, meta, review_threshold=review_threshold, review_margin=review_margin, lexical=lexical)

    def classify(self, subject: str, body: str) -> IntentResult:
        """Classify one message; `body` is the new text, quoted replies already stripped."""
        return self.classify_many([(subject, body)])[0]

    def classify_many(self, items: list[tuple[str, str]], *, batch_size: int = 256) -> list[IntentResult]:
        """Classify many messages, each language's pipeline over its messages in batches."""
        texts = [message_text(subject, body) for subject, body in items]
        languages = [self.detect_language(f"{subject}\n{body}") if text else "en"
                     for (subject, body), text in zip(items, texts, strict=True)]
        results: list[IntentResult | None] = [None] * len(items)
        by_pipeline: dict[str, list[int]] = {}
        for i, lang in enumerate(languages):
            by_pipeline.setdefault(lang if lang in self.pipelines else FALLBACK_PIPELINE, []).append(i)
        for pipeline_lang, indexes in by_pipeline.items():
            nlp = self.pipelines[pipeline_lang]
            finder = self._cue_finder(pipeline_lang)
            read = self.read(pipeline_lang, [texts[i] for i in indexes], batch_size=batch_size)
            for i, (doc, cats) in zip(indexes, read, strict=True):
                cues = finder.find(doc, subject_chars(items[i][0]))
                earlier: tuple[str, ...] = ()
                if items[i][0].strip() and not subject_chars(items[i][0]):
                    # A reply's subject repeats the first mail's topic: only the new body says what is asked.
                    body_start = len(fold_text(items[i][0].strip()))
                    cues = [cue for cue in cues if doc[cue.start].idx >= body_start]
                    earlier = self._earlier_requests(nlp, finder, items[i][0])
                read_natively = languages[i] == pipeline_lang
                if not read_natively:
                    # A language the models were not trained on: its own keyword table says what is asked.
                    cues = [Cue(label, position, position, False)
                            for position, label in foreign_requests(texts[i], languages[i])] or cues
                elif cues and self._not_asking(cats, pipeline_lang):
                    cues = []
                if not cues and not finder.mentions_privacy(doc):
                    # TAXONOMY: a complaint about a delivery, a refund asked for, an invoice chased, with no word
                    # about personal data and no request cue, is not a privacy matter (`other`).
                    cats = commercial_reading(cats)
                results[i] = self.decide(cats, texts[i], languages[i], cues, earlier,
                                         pipeline_lang=pipeline_lang if read_natively else None)
        return results  # type: ignore[return-value]

    def read(self, pipeline_lang: str, texts: list[str], *, batch_size: int = 256) -> Iterator[tuple[Doc, dict]]:
        """Each text's doc and the models' scores: spaCy's, averaged with the TF-IDF reading's when trained."""
        model = self.lexical.get(pipeline_lang)
        docs = list(self.pipelines[pipeline_lang].pipe(texts, batch_size=batch_size))
        if model is None or self.lexical_weight <= 0:
            yield from ((doc, doc.cats) for doc in docs)
            return
        lexical = model.cats(texts, [act_text(doc) for doc in docs] if model.reads_acts else None)
        for doc, cats in zip(docs, lexical, strict=True):
            yield doc, blend(doc.cats, cats, self.lexical_weight)

    def _not_asking(self, cats: dict[str, float], pipeline_lang: str) -> bool:
        """Whether the primary model is sure the message asks for nothing (a mention, a pitch, a how-to question)."""
        temperature = self.calibration.get(pipeline_lang, {}).get("temperature", 1.0)
        primary = scale({label: cats.get(PRIMARY_PREFIX + label, 0.0) for label in LABELS}, temperature)
        return primary["other"] + primary["question"] >= self.decision.not_asking

    @staticmethod
    def _earlier_requests(nlp: Language, finder: CueFinder, subject: str) -> tuple[str, ...]:
        """The requests a reply's subject names ("Re: Erasure request"), read on the subject alone."""
        text = fold_text(original_subject(subject))
        if not text:
            return ()
        doc = nlp.get_pipe("intent_scopes")(nlp.make_doc(text))
        return tuple(cue.label for cue in finder.find(doc, len(text)))

    def _cue_finder(self, lang: str) -> CueFinder:
        if lang not in self._cue_finders:
            self._cue_finders[lang] = CueFinder(lang)
        return self._cue_finders[lang]

    def decide(self, cats: dict[str, float], text: str, language: str,
               cues: list[Cue] | tuple[Cue, ...] = (), earlier: tuple[str, ...] = (), *,
               pipeline_lang: str | None = FALLBACK_PIPELINE) -> IntentResult:
        """Turn model scores and request cues into the TAXONOMY's set and primary, and say whether to review.

        `earlier` are the requests a reply's subject names ("Re: Subject access request"), in order.
        `pipeline_lang` is the language of the model that read the text, None when it was not the
        text's language (the model's own reading is then not trusted over the cues).
        """
        scores = {label: float(cats.get(label, 0.0)) for label in LABELS}
        cued = {cue.label for cue in cues}
        for label in cued:
            scores[label] = max(scores[label], self.decision.cue_floor)
        if cued:
            # Where the writer asks in so many words, a label the model alone suggests must be a sure one.
            for label in set(LABELS) - cued - {"question", "other"}:
                if scores[label] < self.decision.model_alone:
                    scores[label] = min(scores[label], self.decision.label_threshold - 0.01)
        primary_scores = {label: float(cats.get(PRIMARY_PREFIX + label, 0.0)) for label in LABELS}
        chosen = {label for label in LABELS
                  if scores[label] >= self.decision.threshold(label, model_read=pipeline_lang is not None)}
        best = max(LABELS, key=scores.__getitem__)
        continued, none_passed = False, not chosen
        if not chosen and earlier and best != "question":
            # Nothing in the new text passes: a reply with no request of its own ("here is my ID as you
            # asked") continues the request its subject names, unless what it leans to is a question (TAXONOMY:
            # "how long will you keep it?" after an answered request); the low score sends it to a person.
            best = earlier[0]
            chosen, continued = {best}, True
        elif not chosen:
            # No label passes its threshold: the ranking still carries the reading (long letters
            # score low everywhere), and the low score sends the message to a person.
            chosen = {best}
        if "other" in chosen and len(chosen) > 1:
            # TAXONOMY: `other` is never combined; the stronger reading wins.
            chosen = {"other"} if best == "other" else chosen - {"other"}
        if "question" in chosen and len(chosen) > 1:
            # TAXONOMY: `question` only where nothing is asked to be done. With no request in so many words,
            # the primary model (trained on whole mail) says which it is: "where do I send an erasure request?"
            asks = cued or primary_scores["question"] < max(primary_scores[label] for label in chosen)
            chosen = chosen - {"question"} if asks else {"question"}
        calibration = self.calibration.get(pipeline_lang or FALLBACK_PIPELINE, {})
        calibrated = scale(primary_scores, calibration.get("temperature", 1.0))
        top = max(LABELS, key=calibrated.__getitem__)
        decision = decide_primary(Reading(
            frozenset(chosen), tuple(cues), primary_scores, scores, continued=continued, none_passed=none_passed,
            model_sure_of=top if pipeline_lang and calibrated[top] >= self.decision.model_decides else None,
            model_reads=pipeline_lang is not None),
            self.primary_rules, self.model_rules)
        primary = decision.primary
        if decision.rule is MODEL_SURE_NOTHING_ASKED or (primary not in chosen and (
                primary in NOT_ASKING or none_passed)):
            # Nothing asked, or a set no label passed: the primary model's reading is the whole reading.
            chosen = {primary}
            scores[primary] = max(scores[primary], calibrated[primary])
        elif primary not in chosen:
            # The primary model reads a request the set missed: the set follows (TAXONOMY: primary in intents).
            chosen = (chosen - set(NOT_ASKING)) | {primary}
            scores[primary] = max(scores[primary], calibrated[primary])
        # How sure the reading is: the score of the primary, or of the best label when none passed.
        decisive = min(scores[primary], scores[best])
        if len(chosen) > 1 and primary != "complaint":
            # Several requests: the reading is only as sure as the choice of the first one.
            share = primary_scores[primary] / (sum(primary_scores[label] for label in chosen) or 1.0)
            decisive = min(decisive, share)
        lead = margin(calibrated, primary)
        reasons = self._review_reasons(text, language, decisive)
        runner_up = max((label for label in LABELS if label != primary), key=calibrated.__getitem__)
        if lead < calibration.get("margin", -1.0):
            reasons.append(f"close call: {primary} leads {runner_up} by {lead:.2f}, "
                           f"below the margin {calibration['margin']:.2f}")
        if calibrated[primary] < calibration.get("top", 0.0):
            # Name the other reading: it is what the person checking the ticket should weigh.
            reasons.append(f"unsure: {primary} is {calibrated[primary]:.2f} likely ({runner_up} "
                           f"{calibrated[runner_up]:.2f}), below the least trusted {calibration['top']:.2f}")
        return IntentResult(intents=frozenset(chosen), primary=primary, language=language, scores=scores,
                            needs_review=bool(reasons), review_reasons=tuple(reasons), margin=round(lead, 4),
                            confidence=round(calibrated[primary], 4), decision_rule=decision.rule.name)

    def _review_reasons(self, text: str, language: str, decisive: float) -> list[str]:
        reasons = []
        # The first two words are enough to tell an empty or one-word message from the rest.
        words = list(islice((word for word in text.split() if any(c.isalpha() for c in word)), 2))
        if not words:
            reasons.append("empty message: nothing to read")
        elif len(words) == 1 and decisive < self.review_threshold:
            reasons.append(f"one word only ({words[0]!r}): too short to read")
        elif decisive < self.review_threshold:
            reasons.append(f"low confidence: {decisive:.2f} is below the review threshold {self.review_threshold}")
        if language not in SUPPORTED_LANGUAGES:
            reasons.append(f"language {language} not supported")
        return reasons
