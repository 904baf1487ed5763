"""Reply drafting: templates per intent and language, rendered safely for staff review."""

from replies.placeholders import find_placeholders
from replies.render import render_draft
from replies.types import DraftRequest, RenderedDraft

__all__ = ["DraftRequest", "RenderedDraft", "find_placeholders", "render_draft"]
