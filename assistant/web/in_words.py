"""Internals said in words on the ticket page: extracted entities ("Customer number C-448812", not
`{'kind': 'customer', 'value': 'C-448812'}`) and audit events ("Awaiting approval → Open", not
`awaiting_approval -> open`). The stored values are untouched; only their display changes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from intents.types import ENTITY_KINDS, Entities

Translate = Callable[..., str]
# `set_status` and `change_stage` write "previous -> next" (then ": why" or " (the deadline ...)").
_TRANSITION = re.compile(r"^(?P<old>[a-z_]+) -> (?P<new>[a-z_]+)(?P<rest>.*)$", re.S)
_VOCABULARY = {"status_changed": "status", "stage_changed": "stage"}


# Keys older tickets stored before entities were typed, named in the staff's language all the same.
_LEGACY_KEYS = {f"{kind}_numbers": f"entity.reference.{kind}"
                for kind in ("customer", "account", "order", "invoice", "contract")}


def _text(t: Translate, key: str, fallback: str) -> str:
    try:
        return t(key)
    except KeyError:
        return fallback


def entity_words(stored: object, t: Translate) -> Iterator[tuple[str, str]]:
    """(label, value) rows for the stored entities; keys this version does not know are kept, named
    as they are stored, rather than hidden."""
    entities = Entities.from_json(stored)
    for name in ENTITY_KINDS:
        for value in getattr(entities, name):
            if name == "references":
                yield _text(t, f"entity.reference.{value.kind}", value.kind.capitalize() + " number"), value.value
            elif name == "deadlines":
                yield t("entity.deadlines"), value.text + (f" ({value.date})" if value.date else "")
            else:
                yield t(f"entity.{name}"), str(value)
    for name, value in (stored.items() if isinstance(stored, dict) else []):
        if name in ENTITY_KINDS or value in (None, "", [], {}):
            continue
        shown = ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        label = _LEGACY_KEYS.get(name)
        yield (t(label) if label else name.replace("_", " ").capitalize()), shown


def event_words(kind: str, detail: str, t: Translate) -> tuple[str, str]:
    """An event's kind and detail as staff read them."""
    title = _text(t, f"event.{kind}", kind.replace("_", " ").capitalize())
    vocabulary = _VOCABULARY.get(kind)
    found = _TRANSITION.match(detail or "") if vocabulary else None
    if not found:
        return title, detail or ""
    old, new = (_text(t, f"{vocabulary}.{found[name]}", found[name].replace("_", " ")) for name in ("old", "new"))
    return title, f"{old} → {new}{found['rest']}"
