"""Where the decision gains or loses: grouped cross-validation and ablations, never on an evaluation set.

Issue 12 found a plain TF-IDF baseline beating the product. This harness measures, per language,
primary accuracy, macro-F1 and the core intents' F1 of: the baseline (baseline.py), the TF-IDF
reading alone (lexical.py), the product's decision (cues, scopes, the primary table of primary.py,
the model's overrules) and ablations of it. Two parts, named in every figure printed:

- `cv`: leave one writer's folder out (`intents/data/written/<folder>-batch-NN.jsonl`, so a writer's
  style never sits on both sides), the models retrained per fold. spaCy's textcats are NOT retrained
  (about 11 minutes a training): the decision reads the TF-IDF models in their place (the baseline's
  one-vs-rest set model, the lexical primary), with the shipped pipeline for tokens, scopes and cues.
  This measures the rule layer against the statistics under it; it is not the shipped model's figure.
- `shipped`: the shipped model (spaCy + TF-IDF) on the sets tuning may look at: the calibration slice
  of the written mail (never trained on) and holdout2; lexical weights and decision tables varied.

It reads no other evaluation set: holdout3 and later holdouts are measured by the lead, once.
Run: `python -m intents.workflow.crossval [cv|shipped] [--lang en fr] [--quick]`.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.tokens import Doc

from intents import primary as table
from intents.calibration import fit_temperature
from intents.classifier import IntentClassifier, message_text, newest_model_dir
from intents.evaluate import CORE_LABELS, default_prepare, evaluate, headline_figures
from intents.lexical import LexicalModel, act_text, blend
from intents.types import LABELS, PRIMARY_PREFIX
from intents.workflow.baseline import TfidfBaseline
from intents.workflow.settings import load_workflow
from intents.workflow.train import HOLDOUT_DIR, WRITTEN_DIR_NAME, in_share, read_jsonl_rows

SETTINGS = load_workflow()
# The only evaluation sets this harness reads: both were tuning sets before it.
TUNING_SETS = ("holdout.jsonl", "holdout2.jsonl")
COLUMNS = ("primary", "macro_f1", *(f"f1_{label}" for label in CORE_LABELS))
REPORT = Path("build/intents/crossval.json")
REPO_ROOT = Path(__file__).resolve().parents[2]


def tuning_bodies() -> set[str]:
    return {" ".join(row["body"].split()).casefold()
            for row in read_jsonl_rows([HOLDOUT_DIR / name for name in TUNING_SETS])}


def written_rows(data_dir: Path = SETTINGS.paths.data) -> list[dict]:
    """Every written message with its `group` (the writer's folder: `fr3b-batch-04.jsonl` -> `fr3b`), body prepared."""
    prepare, held_out, rows = default_prepare(), tuning_bodies(), []
    for path in sorted((data_dir / WRITTEN_DIR_NAME).glob("*.jsonl")):
        group = path.name.split("-batch")[0]
        rows += [dict(row, group=group, body=prepare(row["body"]), subject=row.get("subject") or "")
                 for row in read_jsonl_rows([path]) if " ".join(row["body"].split()).casefold() not in held_out]
    return rows


def generated_rows(data_dir: Path = SETTINGS.paths.data) -> list[dict]:
    rows = read_jsonl_rows(sorted(data_dir.glob("*.jsonl")))
    return [row for row in rows if in_share(row, SETTINGS.train.generated_share, "generated")]


def is_calibration(row: dict) -> bool:
    return in_share(row, SETTINGS.train.calibration_share, "calibration")


class CachedReader(IntentClassifier):
    """The product's decision over scores computed once per text: ablations then cost no model run."""

    def __init__(self, pipelines: dict[str, spacy.Language], cache: dict[str, tuple[Doc, dict, dict]],
                 lang: str, temperature: float, lexical_weight: float) -> None:
        meta = {"decision": vars(SETTINGS.decision), "lexical_weight": lexical_weight,
                "calibration": {lang: {"temperature": temperature, "margin": -1.0, "top": 0.0}}}
        super().__init__(pipelines, meta, detect_language=lambda _text: lang)
        self.cache = cache

    def read(self, pipeline_lang: str, texts: list[str], *, batch_size: int = 256) -> Iterator[tuple[Doc, dict]]:
        for text in texts:
            doc, spacy_cats, lexical_cats = self.cache[text]
            yield doc, blend(spacy_cats, lexical_cats, self.lexical_weight)


ONLY: list[str] = []  # --only: the variants whose names contain one of these words (all when empty)


def variants() -> dict[str, tuple[tuple, tuple, dict]]:
    """Decision variants: (primary table, model overrules, decision settings replaced)."""
    everything = all_variants()
    return {name: value for name, value in everything.items()
            if not ONLY or name.startswith(("product", "declared")) or any(word in name for word in ONLY)}


def all_variants() -> dict[str, tuple[tuple, tuple, dict]]:
    rules, model = table.DECLARED_ORDER_RULES, (table.MODEL_SURE_NOTHING_ASKED, table.MODEL_SURE_OF_ORDER)
    by_name = {rule.name: rule for rule in rules}
    out: dict[str, tuple[tuple, tuple, dict]] = {"product (this version)": (table.PRIMARY_RULES, table.MODEL_RULES, {}),
                                                 "declared order (before)": (rules, model, {})}
    for rule in rules[:-1]:
        out[f"- {rule.name}"] = (tuple(r for r in rules if r is not rule), model, {})
    out["- model overrules"] = (rules, (), {})
    out["- not_asking (cues kept)"] = (rules, model, {"not_asking": 1.01})
    out["model reading only"] = ((by_name["continues_earlier_request"], table.MODEL_READING), (), {})
    hard = [by_name[name] for name in ("subject_deletion_over_opt_out", "deletion_over_opt_out", "complaint_first")]
    out["model, hard rules first"] = ((by_name["continues_earlier_request"], *hard, table.MODEL_READING), (), {})
    out["model, deletion rules first"] = ((by_name["continues_earlier_request"], *hard[:2], table.MODEL_READING),
                                          (), {})
    for sure in (0.5, 0.6, 0.8):
        out[f"rules break ties (model sure {sure})"] = (rules, model, {"model_decides": sure})
    return out


def score(rows: list[dict], system) -> dict:
    results = system.classify_many([(row["subject"], row["body"]) for row in rows])
    figures = evaluate(rows, results)["languages"]
    return {lang: headline_figures(scores) for lang, scores in figures.items()}


def run_variants(reader: CachedReader, rows: list[dict]) -> dict[str, dict]:
    report = {}
    for name, (rules, model, decision) in variants().items():
        reader.primary_rules, reader.model_rules = rules, model
        saved = reader.decision
        reader.decision = replace(saved, **decision)
        report[name] = score(rows, reader)
        reader.decision = saved
    reader.primary_rules, reader.model_rules = table.PRIMARY_RULES, table.MODEL_RULES
    return report


def scopes_only(lang: str) -> spacy.Language:
    """The shipped pipeline without its textcats: tokens, scopes and cues for the decision."""
    return spacy.load(newest_model_dir() / lang, exclude=["intents", "primary"])


class ActReader:
    """Each text's `act_text` (lexical.py), read once by the scopes pipeline and kept for every fold."""

    def __init__(self, nlp: spacy.Language) -> None:
        self.nlp, self.docs, self.acts = nlp, {}, {}

    def read(self, texts: list[str]) -> list[str]:
        new = [text for text in dict.fromkeys(texts) if text not in self.acts]
        for text, doc in zip(new, self.nlp.pipe(new), strict=True):
            self.docs[text], self.acts[text] = doc, act_text(doc)
        return [self.acts[text] for text in texts]


def fit_lexical(acts: ActReader, rows: list[dict], settings=SETTINGS.lexical) -> LexicalModel:
    texts = [message_text(row["subject"], row["body"]) for row in rows]
    return LexicalModel.fit(texts, [row["primary"] for row in rows], settings, acts.read(texts))


def lexical_cats(acts: ActReader, model: LexicalModel, rows: list[dict]) -> list[dict]:
    texts = [message_text(row["subject"], row["body"]) for row in rows]
    return model.cats(texts, acts.read(texts))


def fold_cache(acts: ActReader, baseline: TfidfBaseline, lexical: LexicalModel, rows: list[dict]) -> dict:
    """Per text: the doc, the baseline's set scores (standing in for spaCy's), the lexical primary scores."""
    texts = [message_text(row["subject"], row["body"]) for row in rows]
    features = baseline.vectorizer.transform([baseline.text(row["subject"], row["body"]) for row in rows])
    set_probs = baseline.set_model.predict_proba(features)
    primary = lexical_cats(acts, lexical, rows)
    cache = {}
    for text, probs, cats in zip(texts, set_probs, primary, strict=True):
        set_cats = dict(zip(LABELS, map(float, probs), strict=True))
        cache[text] = (acts.docs[text], {**set_cats, **cats}, cats)
    return cache


def temperature_of(acts: ActReader, lexical: LexicalModel, rows: list[dict]) -> float:
    raw = [{label: c[PRIMARY_PREFIX + label] for label in LABELS} for c in lexical_cats(acts, lexical, rows)]
    return fit_temperature(raw, [row["primary"] for row in rows])


def cross_validate(lang: str, written: list[dict], generated: list[dict], *, quick: bool = False) -> dict:
    """Leave one writer's folder out; every figure is the pooled predictions over all folds."""
    rows = [row for row in written if row["lang"] == lang]
    generated = [row for row in generated if row["lang"] == lang]
    nlp, weight = scopes_only(lang), SETTINGS.train.written_weight
    acts = ActReader(nlp)
    pooled: dict[str, list] = {"baseline": [], "lexical alone": []}
    gold: list[dict] = []
    groups = sorted({row["group"] for row in rows})
    for group in groups[:2] if quick else groups:
        started = time.monotonic()
        test = [row for row in rows if row["group"] == group]
        rest = [row for row in rows if row["group"] != group]
        train = [row for row in rest if not is_calibration(row)]
        calibration = [row for row in rest if is_calibration(row)]
        baseline = TfidfBaseline(generated + train)
        lexical = fit_lexical(acts, generated + train * weight)
        reader = CachedReader({lang: nlp}, fold_cache(acts, baseline, lexical, test), lang,
                              temperature_of(acts, lexical, calibration), 1.0)
        pooled["baseline"] += baseline.classify_many([(row["subject"], row["body"]) for row in test])
        pooled["lexical alone"] += [max(LABELS, key=lambda label, c=c: c[PRIMARY_PREFIX + label])
                                    for c in lexical_cats(acts, lexical, test)]
        for name, (rules, model, decision) in variants().items():
            reader.primary_rules, reader.model_rules = rules, model
            reader.decision = replace(SETTINGS.decision, **decision)
            pooled.setdefault(name, []).extend(reader.classify_many([(row["subject"], row["body"]) for row in test]))
        gold += test
        print(f"  {lang} fold {group}: {len(test)} test, {len(train)} train, {time.monotonic() - started:.0f} s",
              flush=True)
    report = {}
    for name, predictions in pooled.items():
        if name == "lexical alone":
            right = sum(p == row["primary"] for p, row in zip(predictions, gold, strict=True))
            report[name] = {lang: {"n": len(gold), "primary": round(right / len(gold), 3)}}
        else:
            report[name] = {lang: headline_figures(evaluate(gold, predictions)["languages"][lang])}
    return report


WEIGHTS = [0.0, 0.5, 0.7, 1.0]  # --weights
LEXICAL_VARIANTS = {
    "lexical, word + char (before)": {"act_features": False, "class_weight": "none"},
    "+ acts": {"act_features": True, "class_weight": "none"},
    "+ acts, C 10": {"act_features": True, "class_weight": "none", "c": 10.0},
    "+ acts, C 2": {"act_features": True, "class_weight": "none", "c": 2.0},
    "+ acts, balanced": {"act_features": True, "class_weight": "balanced"},
    "balanced, no acts": {"act_features": False, "class_weight": "balanced"},
}


def lexical_cv(lang: str, written: list[dict], generated: list[dict]) -> dict:
    """The TF-IDF reading alone under leave-one-folder-out: its settings and the act features."""
    rows = [row for row in written if row["lang"] == lang]
    generated = [row for row in generated if row["lang"] == lang]
    acts = ActReader(scopes_only(lang))
    right: dict[str, int] = {}
    total = 0
    for group in sorted({row["group"] for row in rows}):
        test = [row for row in rows if row["group"] == group]
        weighted = generated + [row for row in rows if row["group"] != group and not is_calibration(row)] * 3
        for name, change in LEXICAL_VARIANTS.items():
            model = fit_lexical(acts, weighted, replace(SETTINGS.lexical, **change))
            right[name] = right.get(name, 0) + sum(
                max(LABELS, key=lambda label, c=c: c[PRIMARY_PREFIX + label]) == row["primary"]
                for c, row in zip(lexical_cats(acts, model, test), test, strict=True))
        total += len(test)
        print(f"  {lang} fold {group} done", flush=True)
    return {name: {lang: {"n": total, "primary": round(count / total, 3)}} for name, count in right.items()}


def shipped_figures(lang: str, written: list[dict]) -> dict[str, dict]:
    """The shipped model on the calibration slice and holdout2: lexical weights x decision variants."""
    classifier = IntentClassifier.load()
    sets = {"calibration slice": [row for row in written if row["lang"] == lang and is_calibration(row)],
            "holdout2": [dict(row, body=default_prepare()(row["body"]), subject=row.get("subject") or "")
                         for row in read_jsonl_rows([HOLDOUT_DIR / "holdout2.jsonl"]) if row["lang"] == lang]}
    report: dict[str, dict] = {}
    for set_name, rows in sets.items():
        texts = [message_text(row["subject"], row["body"]) for row in rows]
        lexical = classifier.lexical[lang].cats(texts)
        docs = classifier.pipelines[lang].pipe(texts)
        cache = {text: (doc, doc.cats, cats) for text, doc, cats in zip(texts, docs, lexical, strict=True)}
        temperature = classifier.calibration[lang]["temperature"]
        for weight in WEIGHTS:
            reader = CachedReader(classifier.pipelines, cache, lang, temperature, weight)
            for name, figures in run_variants(reader, rows).items():
                report[f"{set_name} | weight {weight} | {name}"] = figures
    return report


def speed_and_memory(model_dir: Path | None) -> None:
    """The bench's speed measure (bench/bench_classifier.py `speed`, CPU time on one core) over the tuning
    sets' messages, and the process's memory after loading: the bench itself also reads sets this harness
    must not, so its functions are borrowed rather than the script run."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_classifier", REPO_ROOT / "bench" / "bench_classifier.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    before = bench.rss_mb()
    classifier = IntentClassifier.load(model_dir)
    loaded = bench.rss_mb()
    rows = [row for row in written_rows() if is_calibration(row)]
    rows += read_jsonl_rows([HOLDOUT_DIR / "holdout2.jsonl"])
    prepare = default_prepare()
    wall, cpu = bench.speed(classifier, [(row.get("subject") or "", prepare(row["body"])) for row in rows])
    print(f"model {classifier.version}: {cpu:,.0f} messages/s of CPU time on one core ({wall:,.0f} by the wall "
          f"clock); RSS {loaded:.0f} MB after loading ({loaded - before:+.0f} MB for the model)")


def print_table(title: str, report: dict[str, dict], lang: str) -> None:
    print(f"\n### {title} ({lang})")
    print(f"  {'':<52}" + "".join(f"{column[:11]:>12}" for column in COLUMNS))
    for name, by_lang in report.items():
        row = by_lang[lang]
        cells = "".join(f"{format(row[c], '.3f') if row.get(c) is not None else '-':>12}" for c in COLUMNS)
        print(f"  {name[:52]:<52}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description="grouped cross-validation and ablations of the intent decision")
    parser.add_argument("part", choices=("cv", "shipped", "lexical", "speed"))
    parser.add_argument("--model", type=Path, default=None, help="speed: the model directory (default: shipped)")
    parser.add_argument("--lang", nargs="+", default=["en", "fr"])
    parser.add_argument("--quick", action="store_true", help="two folds only: a smoke run")
    parser.add_argument("--weights", nargs="*", type=float, default=WEIGHTS, help="lexical weights (shipped)")
    parser.add_argument("--only", nargs="*", default=[], help="only the variants whose names contain these words")
    args = parser.parse_args()
    if args.part == "speed":
        speed_and_memory(args.model)
        return
    ONLY[:] = args.only
    WEIGHTS[:] = args.weights
    written = written_rows()
    saved = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    for lang in args.lang:
        if args.part == "cv":
            report = cross_validate(lang, written, generated_rows(), quick=args.quick)
            print_table("grouped CV (leave one writer folder out; TF-IDF models in spaCy's place)", report, lang)
        elif args.part == "lexical":
            report = lexical_cv(lang, written, generated_rows())
            print_table("grouped CV of the TF-IDF reading alone (leave one writer folder out)", report, lang)
        else:
            report = shipped_figures(lang, written)
            print_table("shipped model on tuning sets", report, lang)
        saved[f"{args.part}:{lang}"] = report
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
