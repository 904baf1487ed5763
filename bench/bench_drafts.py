"""How many drafts could go out as drafted: a week of realistic requests, English and French.

    python bench/bench_drafts.py [--json]

Reads the 120 requests of `bench/data/draft_requests_{en,fr}.jsonl` (written for this benchmark:
single and combined intents, formal and casual, representatives, complaints about earlier
requests), drafts the first reply the pipeline would make for each (the kind chosen as the
pipeline does: an opt-out or marketing objection is confirmed done, a question, complaint or
other message is answered, an action request is acknowledged or asks for identity), then the
fulfilment staff would send for every action request (with the file attached where the request
needs one, and the correction made for a rectification, as `tickets fulfil --attach/--note` give).

The figure is the share of drafts with no `[[STAFF: ...]]` placeholder left, with the `[company]`
section filled (the gallery's example facts) and with it empty. It is a proxy: a draft with no
placeholder can be approved as it stands, but this does not measure whether staff would still
want to reword it, nor whether the classifier found the right intents (the intents are given).
Clarifications, extensions and refusals are left out: staff write their substance by design.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replies import CompanyInfo, DraftKind, DraftRequest, EarlierRequest, render_draft
from replies.context import ANSWERED_BY_THE_REPLY
from replies.gallery import SAMPLE_COMPANY

DATA = Path(__file__).resolve().parent / "data"
PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
FILES_NEEDED = {"access", "portability"}
TARGET = 0.70


@dataclass(frozen=True)
class Case:
    language: str
    number: int
    row: dict


def load_cases() -> list[Case]:
    cases = []
    for language in ("en", "fr"):
        lines = (DATA / f"draft_requests_{language}.jsonl").read_text(encoding="utf-8").splitlines()
        cases += [Case(language, number, json.loads(line)) for number, line in enumerate(lines, 1) if line.strip()]
    return cases


def first_kind(row: dict) -> DraftKind:
    """The pipeline's choice for the first draft (the contract between the issue-11 engineers)."""
    intents = set(row["intents"])
    marketing_only = intents <= {"opt_out", "objection"} and ("objection" not in intents or row.get("marketing"))
    if marketing_only:
        return DraftKind.FULFILMENT
    if intents <= ANSWERED_BY_THE_REPLY:
        return DraftKind.ANSWER
    return DraftKind.IDENTITY_REQUEST if row.get("identity") == "pending" else DraftKind.ACKNOWLEDGEMENT


def base_request(case: Case, kind: DraftKind) -> DraftRequest:
    row = case.row
    received = MONDAY + timedelta(hours=case.number * 2)
    earlier = None
    if row.get("earlier"):
        earlier = EarlierRequest(f"PRIV-2026-{case.number:06d}", received - timedelta(days=45),
                                 received - timedelta(days=14))
    local = row["name"].split()[-1].lower() if row["name"] else "someone"
    return DraftRequest(
        reference=f"PRIV-2026-{1000 + case.number + (100 if case.language == 'fr' else 0):06d}",
        language=case.language,
        intents=list(row["intents"]),
        requester_email=f"{local}@example.{'fr' if case.language == 'fr' else 'net'}",
        requester_name=row["name"],
        subject=row["text"][:40],
        received_at=received,
        due_at=received + timedelta(days=31),
        kind=kind,
        new_text=row["text"],
        identity_pending=kind is DraftKind.IDENTITY_REQUEST,
        representative=row.get("representative", ""),
        suppressed=bool({"opt_out"} & set(row["intents"])) or bool(row.get("marketing")),
        earlier_request=earlier,
    )


def drafts_for(case: Case) -> list[DraftRequest]:
    """The first draft, then the fulfilment of an action request."""
    kind = first_kind(case.row)
    first = base_request(case, kind)
    if kind in (DraftKind.FULFILMENT, DraftKind.ANSWER):
        return [first]
    intents = set(case.row["intents"])
    note = {"en": "your record now shows the details you gave us.",
            "fr": "votre fiche porte désormais les informations que vous nous avez données."}[case.language]
    fulfilment = replace(base_request(case, DraftKind.FULFILMENT),
                         attachments=["data-export.zip"] if intents & FILES_NEEDED else [],
                         staff_note=note if "rectification" in intents else "")
    return [first, fulfilment]


def measure(requests: list[DraftRequest], company: CompanyInfo) -> Counter:
    counts: Counter = Counter()
    for request in requests:
        draft = render_draft(request, company)
        key = (str(request.kind), request.language)
        counts[("all", key)] += 1
        counts[("clean", key)] += not draft.placeholders
    return counts


def share(counts: Counter, kinds: set[str] | None = None, language: str | None = None) -> tuple[int, int]:
    total = clean = 0
    for (what, (kind, lang)), value in counts.items():
        if (kinds is None or kind in kinds) and (language is None or lang == language):
            total += value if what == "all" else 0
            clean += value if what == "clean" else 0
    return clean, total


def report(filled: Counter, empty: Counter) -> dict:
    kinds = sorted({kind for (_, (kind, _)) in filled})
    rows = []
    for kind in [*kinds, "all"]:
        for language in ("en", "fr", None):
            selected = None if kind == "all" else {kind}
            clean, total = share(filled, selected, language)
            clean_empty, _ = share(empty, selected, language)
            if total:
                rows.append({"kind": kind, "language": language or "both", "drafts": total,
                             "as_drafted": clean, "share": round(clean / total, 3),
                             "share_company_empty": round(clean_empty / total, 3)})
    return {"rows": rows, "target": TARGET}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="share of drafts that could go out as drafted")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cases = load_cases()
    requests = [request for case in cases for request in drafts_for(case)]
    started = time.perf_counter()
    filled = measure(requests, SAMPLE_COMPANY)
    elapsed = time.perf_counter() - started
    result = report(filled, measure(requests, CompanyInfo()))
    first_clean, first_total = share(measure([drafts_for(case)[0] for case in cases], SAMPLE_COMPANY))
    result["first_replies_share"] = round(first_clean / first_total, 3)
    result.update({"requests": len(cases), "drafts": len(requests),
                   "ms_per_draft": round(1000 * elapsed / len(requests), 2)})
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{len(cases)} requests, {len(requests)} drafts; {result['ms_per_draft']} ms a draft\n")
    print(f"{'kind':<18}{'lang':<6}{'drafts':>7}{'as drafted':>12}{'company empty':>15}")
    for row in result["rows"]:
        print(f"{row['kind']:<18}{row['language']:<6}{row['drafts']:>7}{row['share']:>12.0%}"
              f"{row['share_company_empty']:>15.0%}")
    overall = next(row for row in result["rows"] if row["kind"] == "all" and row["language"] == "both")
    print(f"\nas drafted, [company] filled: {overall['share']:.0%} (target {TARGET:.0%}); "
          f"first replies alone: {result['first_replies_share']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
