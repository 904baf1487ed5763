"""Every combination of intents that real mail shows gets one coherent reply.

Only the `intents` field of the evaluation file is read (never the texts): each
combination found there is rendered for a sample ticket in English and in French.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from replies import DraftRequest, find_placeholders, render_draft
from replies.render import compose_sections

# shared/ sits beside the repository, here and in CI.
DEV_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"
REFERENCE = "PRIV-2026-000077"
SIGN_OFF = {"en": "Kind regards,", "fr": "Bien cordialement,"}
GREETING = {"en": "Hello", "fr": "Bonjour"}


def intent_combinations(path: Path) -> list[tuple[str, ...]]:
    """The distinct intent lists of the file, in their labelled order (primary first)."""
    combinations: set[tuple[str, ...]] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                combinations.add(tuple(json.loads(line)["intents"]))
    return sorted(combinations)


COMBINATIONS = (
    [pytest.param(combination, id="+".join(combination)) for combination in intent_combinations(DEV_FILE)]
    if DEV_FILE.exists()
    else [pytest.param(None, marks=pytest.mark.skip(reason=f"{DEV_FILE} is absent: no combinations to render"))]
)


def sample_ticket(intents: tuple[str, ...], language: str) -> DraftRequest:
    return DraftRequest(
        reference=REFERENCE,
        language=language,
        intents=list(intents),
        requester_email="sam.taylor@example.net",
        requester_name="Sam Taylor",
        subject="Re: my request",
        received_at=datetime(2026, 3, 31, 8, 0, tzinfo=UTC),
        due_at=datetime(2026, 4, 30, 23, 59, tzinfo=UTC),
        new_text="How long do you keep my data?",
    )


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("combination", COMBINATIONS)
def test_combination_renders_one_section_per_intent(combination, language):
    request = sample_ticket(combination, language)
    draft = render_draft(request)
    sections = compose_sections(request)

    assert [section.intent for section in sections if section.intent] == list(combination)
    for section in sections:
        if section.intent and len(combination) > 1:  # headings only when several intents are combined
            assert draft.text.count(f"\n{section.heading}\n") == 1, section.heading
        elif section.intent:
            assert section.heading == ""
    assert sum(line.startswith(GREETING[language]) for line in draft.text.splitlines()) == 1
    assert draft.text.count(SIGN_OFF[language]) == 1
    assert draft.subject == f"Re: my request [{REFERENCE}]"
    assert draft.placeholders == find_placeholders(draft.text)
