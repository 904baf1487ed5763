"""Reply drafting: templates per stage, intent and language, rendered safely for staff review.

The names below are loaded on first use (PEP 562): `assistant.config` needs only the small
`replies.types`, and importing it must not load Jinja2 and the policy's passages, which would
cost every CLI command a fifth of a second.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from replies.placeholders import find_placeholders
    from replies.render import render_draft, reply_language
    from replies.types import CompanyInfo, DraftKind, DraftRequest, EarlierRequest, RenderedDraft

_HOMES = {
    "CompanyInfo": "replies.types",
    "DraftKind": "replies.types",
    "DraftRequest": "replies.types",
    "EarlierRequest": "replies.types",
    "RenderedDraft": "replies.types",
    "find_placeholders": "replies.placeholders",
    "render_draft": "replies.render",
    "reply_language": "replies.render",
}

__all__ = ["CompanyInfo", "DraftKind", "DraftRequest", "EarlierRequest", "RenderedDraft", "find_placeholders",
           "render_draft", "reply_language"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'replies' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value  # once loaded, an ordinary module attribute
    return value
