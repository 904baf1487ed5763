"""The policy passages a reply may quote, each with a French summary.

English replies quote the policy word for word; French replies give our own French
summary of the same passage (`summaries_fr.json`), since the policy is written in English.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from replies.policy.sections import find_paragraphs

SUMMARIES_FILE = "summaries_fr.json"

_COLLECT = "What information do we collect about you?"
_USE = "How do we use the information we collect"
_SHARE = "Why do we share the information we collect?"
_CHOICES = "How can you gain access to and verify your information?"


@dataclass(frozen=True)
class PassageRef:
    """Where a passage is in the policy: a section title, and optionally the opening
    words of the paragraphs to take from it (the whole section otherwise)."""

    section: str
    starts_with: tuple[str, ...] = ()


PASSAGES: dict[str, PassageRef] = {
    "collect_intro": PassageRef(_COLLECT, ("We collect information about you when",)),
    "account_information": PassageRef(_COLLECT, ("Account and profile information:",)),
    "support_information": PassageRef(_COLLECT, ("Information you provide through our support channels:",)),
    "other_sources": PassageRef(_COLLECT, ("Information we receive from other sources:",)),
    "partners": PassageRef(_COLLECT, ("SODEPAC INTERNATIONAL partners:", "Other partners:")),
    "tracking_technologies": PassageRef(_COLLECT, ("Cookies and other tracking technologies:",)),
    "cookies": PassageRef("Changes to our privacy policy", ("Cookies:",)),
    "legal_bases": PassageRef(
        _USE,
        (
            "Legal bases for processing",
            "– We need it to provide",
            "– It meets a legitimate interest",
            "– You give us your consent",
            "– We need to process your data",
            "If you have consented",
        ),
    ),
    "no_sale": PassageRef(_SHARE, ("We provide IT solutions",)),
    "third_parties": PassageRef(_SHARE, ("Sharing with third parties:",)),
    "service_providers": PassageRef(_SHARE, ("Service providers:",)),
    "widgets": PassageRef(_SHARE, ("Third-party widgets:",)),
    "managed_accounts": PassageRef(_SHARE, ("Managed accounts and administrators:",)),
    "business_transfers": PassageRef("Business transfers"),
    "security": PassageRef("Information storage and security"),
    "retention": PassageRef("How long do we keep the information for?"),
    "do_not_track": PassageRef(_CHOICES, ("-Send “Do not track” signals:",)),
    "end_users": PassageRef("Notice to end users"),
    "children": PassageRef("Our policy towards children"),
    "controller": PassageRef("Other important privacy information", ("When we refer to",)),
    "contact": PassageRef("Contact us"),
}


@dataclass(frozen=True)
class Passage:
    """A passage ready for a reply: a title and its lines, in the reply's language."""

    key: str
    title: str
    lines: tuple[str, ...]


def _english_title(ref: PassageRef, paragraphs: tuple[str, ...]) -> str:
    # A labelled paragraph ("Cookies: The www...") is better introduced by its label than
    # by the section it happens to sit in.
    first = paragraphs[0].lstrip("-– ")
    label, colon, _ = first.partition(":")
    if ref.starts_with and colon and len(label) <= 60:
        return label.strip()
    return ref.section


@functools.cache
def french_summaries() -> dict[str, dict]:
    text = resources.files(__package__).joinpath(SUMMARIES_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def passage(key: str, language: str) -> Passage:
    """The passage `key` in English (the policy's own words) or French (our summary)."""
    ref = PASSAGES[key]
    if language == "fr":
        summary = french_summaries()[key]
        return Passage(key, summary["title"], tuple(summary["summary"]))
    paragraphs = find_paragraphs(ref.section, ref.starts_with)
    return Passage(key, _english_title(ref, paragraphs), paragraphs)
