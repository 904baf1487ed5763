"""`privacy-assistant classify|evaluate|train`: the intent model from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import EX_DATAERR, fail, print_json, run_with_database
from assistant.config import Config
from assistant.mail.extract import extract_new_text
from assistant.mail.parse import parse_message
from assistant.pipeline.tools import load_classifier
from assistant.storage.database import Database


def register(subparsers: argparse._SubParsersAction) -> None:
    classify = subparsers.add_parser("classify", help="classify messages: JSON Lines in, JSON Lines out")
    classify.add_argument("--jsonl", metavar="FILE", help="JSON Lines with id, subject, body")
    classify.add_argument("files", nargs="*", metavar="FILE.eml", help="raw messages")
    classify.set_defaults(handler=run_classify)

    evaluate = subparsers.add_parser("evaluate", help="score the model on a labelled JSON Lines file")
    evaluate.add_argument("--jsonl", metavar="FILE", required=True)
    evaluate.add_argument("--json", action="store_true", help="the figures as JSON")
    evaluate.set_defaults(handler=run_evaluate)

    train = subparsers.add_parser("train", help="train a new model version from the project's data")
    train.add_argument("--with-corrections", action="store_true",
                       help="also learn from staff reclassifications stored in the database")
    train.add_argument("--output", metavar="DIR", help="where to write the model (default: intents/model/)")
    train.add_argument("--sample", metavar="SHARE", type=float,
                       help="train on this share (0-1] of the data: a quick check, not a model to ship")
    train.add_argument("--epochs", metavar="N", type=int,
                       help="passes over the data (default: [train] epochs in intents/configs/workflow.toml)")
    train.set_defaults(handler=run_train)


def read_jsonl(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None
    return rows


def run_classify(args: argparse.Namespace) -> int:
    if not args.jsonl and not args.files:
        return fail("give --jsonl FILE or one or more .eml files", 2)
    from assistant.cli.common import config_from

    config = config_from(args)
    items: list[tuple[str, str, str]] = []  # id, subject, new text
    try:
        if args.jsonl:
            for row in read_jsonl(args.jsonl):
                items.append((row.get("id"), row.get("subject") or "", extract_new_text(row.get("body") or "")))
        for name in args.files:
            parsed = parse_message(Path(name).read_bytes())
            items.append((Path(name).name, parsed.subject, extract_new_text(parsed.text)))
    except (OSError, ValueError) as error:
        return fail(str(error), EX_DATAERR)
    classifier = load_classifier(config)
    results = classifier.classify_many([(subject, text) for _, subject, text in items])
    out = sys.stdout
    for (identifier, _, _), result in zip(items, results, strict=True):
        out.write(json.dumps({"id": identifier, **result.to_json()}, ensure_ascii=False) + "\n")
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from assistant.cli.common import config_from
    from intents.evaluate import evaluate, format_report, predict_rows

    config = config_from(args)
    try:
        rows = read_jsonl(args.jsonl)
    except (OSError, ValueError) as error:
        return fail(str(error), EX_DATAERR)
    unlabelled = [row.get("id") for row in rows if "intents" not in row or "primary" not in row]
    if unlabelled:
        return fail(f"{len(unlabelled)} line(s) have no intents/primary labels, e.g. {unlabelled[0]}", EX_DATAERR)
    classifier = load_classifier(config)
    report = evaluate(rows, predict_rows(classifier, rows, prepare=extract_new_text))
    if args.json:
        print_json(report)
    else:
        print(format_report(report))
    return 0


def run_train(args: argparse.Namespace) -> int:
    from intents.workflow.train import SETTINGS, load_training_data, train

    if args.sample is not None and not 0 < args.sample <= 1:
        return fail("--sample must be a share in (0, 1]", 2)
    if args.epochs is not None and args.epochs < 1:
        return fail("--epochs must be at least 1", 2)
    data = load_training_data().sample(args.sample) if args.sample is not None else None
    corrections: list[dict] = []
    if args.with_corrections:
        corrections = run_with_database(args, _corrections)
        print(f"learning from {len(corrections)} staff correction(s)", file=sys.stderr)
    # From the command line a model goes where the service loads the newest from (`python -m intents.workflow
    # train` writes a candidate instead, shipped by its `package` step).
    output = Path(args.output) if args.output else SETTINGS.paths.shipped
    overrides = {"epochs": args.epochs} if args.epochs else {}
    path = train(output, extra_examples=corrections, data=data, **overrides)
    print(f"model written to {path}")
    return 0


async def _corrections(config: Config, db: Database) -> list[dict]:
    from sqlalchemy import select

    from assistant.storage.models import Correction, Message

    async with db.session() as session:
        rows = (await session.execute(select(Correction).order_by(Correction.id))).scalars().all()
        examples = []
        for correction in rows:
            first = (await session.execute(
                select(Message).where(Message.ticket_id == correction.ticket_id, Message.noise_rule.is_(None))
                .order_by(Message.id).limit(1))).scalar_one_or_none()
            if first is None or first.content_purged_at is not None:  # retention or an erasure took the text
                continue
            examples.append({"subject": first.subject or "", "body": first.new_text or "",
                             "intents": list(correction.intents), "primary": correction.primary,
                             "lang": first.language or "en"})
        return examples
