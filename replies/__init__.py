"""Reply drafting: templates per stage, intent and language, rendered safely for staff review."""

from replies.placeholders import find_placeholders
from replies.render import render_draft, reply_language
from replies.types import CompanyInfo, DraftKind, DraftRequest, EarlierRequest, RenderedDraft

__all__ = [
    "CompanyInfo",
    "DraftKind",
    "DraftRequest",
    "EarlierRequest",
    "RenderedDraft",
    "find_placeholders",
    "render_draft",
    "reply_language",
]
