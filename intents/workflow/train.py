"""Train the intent pipelines (one per language) and write a versioned model directory.

Two kinds of training data (intents/data/): `generated.jsonl`, phrase combinations that cover every
label and rule but read alike, and `written/*.jsonl`, whole messages written like real mail (lengths,
registers, typos, forwards, vendors, auto-replies). Written mail is what the classifier meets, so it
counts `written_weight` times and only a share of the generated rows is kept. A fixed slice of the
written messages (`calibration_share`, chosen by a hash of their id) is never trained on: it
calibrates the scores (temperature scaling) and sets the review margin (calibration.py). Every
setting comes from `intents/configs/workflow.toml` ([train], [lexical], [decision]); the runtime
settings are copied into meta.json. A written message whose body is also in an evaluation set
(`intents/holdout/`) is left out: "delete my account pls" may be written twice by chance.

Reproducible: rows are selected by hashes, shuffled with a fixed seed and spaCy's and thinc's
random state is fixed, so the same data and seed give the same weights. The model directory is
named `<date>-<data hash>` and carries a meta.json (version, date, data hash, labels, thresholds,
calibration) so a ticket can say which model read it.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, load_config, minibatch

from intents.calibration import choose_flag, fit_temperature
from intents.classifier import LEXICAL_FOLDER, PRIMARY_PREFIX, SUPPORTED_LANGUAGES, message_text
from intents.lexical import LexicalModel, act_text
from intents.types import LABELS
from intents.workflow.settings import TrainSettings, load_workflow

CONFIG_PATH = Path(__file__).resolve().parents[1] / "configs" / "intents.cfg"
WRITTEN_DIR_NAME = "written"
HOLDOUT_DIR = Path(__file__).resolve().parents[1] / "holdout"
SETTINGS = load_workflow()
DATA_DIR = SETTINGS.paths.data


def read_jsonl_rows(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def in_share(row: dict, share: float, salt: str) -> bool:
    """Whether a row falls in a share of its set, by a hash of its text: stable across runs and file orders."""
    key = row.get("id") or f"{row.get('subject', '')}\n{row['body']}"
    digest = hashlib.sha256(f"{salt}:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") < share * 2**32


@dataclass(frozen=True)
class TrainingData:
    """The project's labelled messages, split the way training uses them."""

    generated: list[dict]
    written: list[dict]
    calibration: list[dict]

    def weighted(self, *, generated_share: float, written_weight: int) -> list[dict]:
        """The rows to train on, each as many times as it counts."""
        kept = [row for row in self.generated if in_share(row, generated_share, "generated")]
        return kept + self.written * written_weight

    def all_rows(self) -> list[dict]:
        return self.generated + self.written + self.calibration

    def sample(self, share: float) -> TrainingData:
        """A stable share of every part: a quick model for checks and tests, never one to ship."""
        def keep(rows: list[dict]) -> list[dict]:
            return [row for row in rows if in_share(row, share, "sample")]
        return TrainingData(keep(self.generated), keep(self.written), keep(self.calibration))


def evaluation_bodies(holdout_dir: Path = HOLDOUT_DIR) -> set[str]:
    """The bodies of every evaluation set's messages: never trained on, even when written again by chance."""
    return {" ".join(row["body"].split()).casefold() for row in read_jsonl_rows(sorted(holdout_dir.glob("*.jsonl")))}


def load_training_data(data_dir: Path = DATA_DIR, *,
                       calibration_share: float = SETTINGS.train.calibration_share) -> TrainingData:
    """`data_dir/*.jsonl` (generated) and `data_dir/written/*.jsonl`, with the calibration slice set apart."""
    generated = read_jsonl_rows(sorted(data_dir.glob("*.jsonl")))
    held_out = evaluation_bodies()
    written_all = [row for row in read_jsonl_rows(sorted((data_dir / WRITTEN_DIR_NAME).glob("*.jsonl")))
                   if " ".join(row["body"].split()).casefold() not in held_out]
    calibration = [row for row in written_all if in_share(row, calibration_share, "calibration")]
    written = [row for row in written_all if not in_share(row, calibration_share, "calibration")]
    return TrainingData(generated, written, calibration)


def load_training_rows(data_dir: Path = DATA_DIR) -> list[dict]:
    """Every message trained on, each once (what a baseline trained "on the same data" reads)."""
    data = load_training_data(data_dir)
    return data.generated + data.written


def data_hash(rows: list[dict]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def set_cats(row: dict) -> dict[str, float]:
    intents = set(row["intents"])
    return {label: float(label in intents) for label in LABELS}


def primary_cats(row: dict) -> dict[str, float]:
    return {PRIMARY_PREFIX + label: float(label == row["primary"]) for label in LABELS}


def build_pipeline(lang: str) -> spacy.Language:
    config = load_config(CONFIG_PATH, overrides={"nlp.lang": lang})
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


def train_language(lang: str, rows: list[dict], settings: TrainSettings) -> spacy.Language:
    """Train one language's pipeline on its rows."""
    seed = settings.seed
    fix_random_seed(seed)
    nlp = build_pipeline(lang)
    scopes = nlp.get_pipe("intent_scopes")
    docs = [scopes(nlp.make_doc(message_text(row["subject"], row["body"]))) for row in rows]
    # The two classifiers learn from the same docs with different gold labels: the set, and the primary.
    set_examples = [Example.from_dict(doc, {"cats": set_cats(row)}) for doc, row in zip(docs, rows, strict=True)]
    primary_examples = [Example.from_dict(doc, {"cats": primary_cats(row)})
                        for doc, row in zip(docs, rows, strict=True)]
    with nlp.select_pipes(disable=["primary"]):
        nlp.initialize(lambda: set_examples)
    nlp.get_pipe("primary").initialize(lambda: primary_examples, nlp=nlp)
    optimizer = nlp.create_optimizer()
    optimizer.learn_rate = settings.learn_rate
    rng = random.Random(seed)
    order = list(range(len(docs)))
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for batch in minibatch(order, size=settings.batch_size):
            nlp.update([set_examples[i] for i in batch], sgd=optimizer, exclude=["primary"])
            nlp.update([primary_examples[i] for i in batch], sgd=optimizer, exclude=["intents"])
    return nlp


def train_lexical(rows: list[dict], nlp: spacy.Language) -> LexicalModel:
    """The TF-IDF reading, on the same rows (and weights, by repetition) as the spaCy models.

    `nlp` gives the docs `act_text` reads (its `intent_scopes` marks negated and conditional words).
    """
    texts = [message_text(row["subject"], row["body"]) for row in rows]
    acts = None
    if SETTINGS.lexical.act_features:
        scopes = nlp.get_pipe("intent_scopes")
        read = {text: act_text(scopes(nlp.make_doc(text))) for text in dict.fromkeys(texts)}
        acts = [read[text] for text in texts]
    return LexicalModel.fit(texts, [row["primary"] for row in rows], SETTINGS.lexical, acts)


def calibrate(pipelines: dict[str, spacy.Language], meta: dict, rows: list[dict],
              lexical: dict[str, LexicalModel]) -> dict[str, dict]:
    """Per language: the temperature of the primary scores and the review margin, fitted on held-out rows."""
    from intents.classifier import IntentClassifier
    from intents.evaluate import default_prepare

    prepare = default_prepare()
    fitted: dict[str, dict] = {}
    for lang in pipelines:
        lang_rows = [row for row in rows if row.get("lang") == lang]
        items = [(row.get("subject") or "", prepare(row["body"])) for row in lang_rows]
        uncalibrated = IntentClassifier(pipelines, dict(meta, calibration={}), lexical=lexical)
        read = uncalibrated.read(lang, [message_text(subject, body) for subject, body in items])
        raw = [{label: cats.get(PRIMARY_PREFIX + label, 0.0) for label in LABELS} for _, cats in read]
        temperature = fit_temperature(raw, [row["primary"] for row in lang_rows])
        classifier = IntentClassifier(pipelines, dict(meta, calibration={lang: {"temperature": temperature,
                                                                                 "margin": -1.0, "top": 0.0}}),
                                      detect_language=lambda _text, lang=lang: lang, lexical=lexical)
        results = classifier.classify_many(items)
        unflagged = [(result, row) for result, row in zip(results, lang_rows, strict=True) if not result.needs_review]
        choice = choose_flag([result.margin for result, _ in unflagged], [result.confidence for result, _ in unflagged],
                             [result.primary == row["primary"] for result, row in unflagged], total=len(lang_rows),
                             least_kept=SETTINGS.train.review_least_kept)
        fitted[lang] = {"temperature": temperature, "margin": choice.margin, "top": choice.top,
                        "held_out": len(lang_rows), "held_out_not_flagged": round(choice.kept_share, 3),
                        "held_out_accuracy_not_flagged": round(choice.kept_accuracy, 3)}
    return fitted


def train(output_dir: Path, *, extra_examples: list[dict] | None = None,
          data: TrainingData | None = None, **overrides: float) -> Path:
    """Train on the project's data (plus staff corrections), calibrate, and write `output_dir/<version>/`.

    `output_dir`: the workflow's candidates folder (`[paths] candidates`, shipped by `package`), or the
    shipped models' folder when staff retrain from the command line.
    `extra_examples` are corrections as dicts {subject, body, intents, primary, lang}.
    `overrides` replace [train] settings for this run (`epochs=5`): experiments and quick checks.
    Returns the new model directory.
    """
    from intents.evaluate import default_prepare

    settings = replace(SETTINGS.train, **overrides)
    started = time.monotonic()
    data = data or load_training_data()
    prepare = default_prepare()
    # Written mail carries quotes and signatures: train on what the service reads, the new text.
    written = [dict(row, body=prepare(row["body"])) for row in data.written]
    corrections = [dict(row, subject=row.get("subject") or "") for row in extra_examples or []]
    rows = TrainingData(data.generated, written, data.calibration).weighted(
        generated_share=settings.generated_share, written_weight=settings.written_weight)
    all_rows = rows + corrections * settings.correction_weight
    digest = data_hash(data.all_rows() + corrections)
    now = datetime.now(UTC)
    version = f"{now:%Y%m%d-%H%M%S}-{digest[:8]}"
    model_dir = Path(output_dir) / version
    counts, trained, lexical = {}, {}, {}
    for lang in SUPPORTED_LANGUAGES:
        lang_rows = [row for row in all_rows if row.get("lang") == lang]
        counts[lang] = len(lang_rows)
        trained[lang] = train_language(lang, lang_rows, settings)
        if settings.lexical_weight > 0:
            lexical[lang] = train_lexical(lang_rows, trained[lang])
    meta = {
        "version": version,
        "date": now.isoformat(timespec="seconds"),
        "training_data_sha256": digest,
        "training_examples": counts,
        "staff_corrections": len(corrections),
        **{key: value for key, value in asdict(settings).items()},
        "labels": list(LABELS),
        "languages": list(SUPPORTED_LANGUAGES),
        "decision": asdict(SETTINGS.decision),
    }
    meta["calibration"] = calibrate(trained, meta, data.calibration, lexical)
    meta["training_seconds"] = round(time.monotonic() - started, 1)
    model_dir.mkdir(parents=True, exist_ok=False)
    for lang, nlp in trained.items():
        nlp.to_disk(model_dir / lang)
    for lang, model in lexical.items():
        model.to_disk(model_dir / f"{LEXICAL_FOLDER}-{lang}")
    (model_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return model_dir


def recalibrate(model_dir: Path) -> dict[str, dict]:
    """Fit a trained model's calibration and review flag again with the current settings, in its meta.json.

    Why: the flag's policy (`review_least_kept`) is a choice about staff's time, not about the weights;
    changing it must not mean retraining (which, multi-threaded, does not give the same weights twice).
    A written message is in the calibration slice by its id alone (`in_share`), so the slice holds no
    message the model was trained on as long as the share is the one it was trained with, whatever was
    added to the data or left out of it since (a message an evaluation set repeats is left out). A
    different share is refused.
    """
    from intents.classifier import IntentClassifier

    classifier = IntentClassifier.load(model_dir)
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))  # as written, not as loaded
    if meta.get("calibration_share") != SETTINGS.train.calibration_share:
        raise SystemExit(f"{model_dir.name} was trained with calibration_share {meta.get('calibration_share')}, "
                         f"not {SETTINGS.train.calibration_share}: its calibration slice would hold messages it "
                         "was trained on; train a new model instead")
    data = load_training_data()
    meta["calibration"] = calibrate(classifier.pipelines, dict(meta, calibration={}), data.calibration,
                                    classifier.lexical)
    meta["review_least_kept"] = SETTINGS.train.review_least_kept
    meta["recalibrated"] = datetime.now(UTC).isoformat(timespec="seconds")
    (model_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta["calibration"]
