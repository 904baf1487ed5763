"""The two Jinja2 environments used for drafting, and nothing else.

- Text: sandboxed (a template cannot reach Python internals) with StrictUndefined, so a
  missing value fails the draft instead of sending a blank to the requester.
- HTML: also sandboxed and strict, with autoescaping always on: every value, including
  the requester's name, is escaped.

The requester's words are only ever passed as variables to these environments' own
templates; nothing the requester wrote is compiled as a template.
"""

from __future__ import annotations

import functools

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from replies.placeholders import find_placeholders

_LOADER_ARGS = ("replies", "templates")


_AND = {"en": " and ", "fr": " et "}


def and_list(items: list[str], language: str) -> str:
    """ "a, b and c" in English, "a, b et c" in French."""
    items = [item for item in items if item]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _AND.get(language, " and ") + items[-1]


@functools.cache
def text_environment() -> ImmutableSandboxedEnvironment:
    """Plain-text templates: `replies/templates/<lang>/*.txt.j2`."""
    env = ImmutableSandboxedEnvironment(
        loader=PackageLoader(*_LOADER_ARGS),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the service never edits its templates: no stat of each file per render
    )
    env.filters["and_list"] = and_list
    return env


def mark_placeholders(line: str) -> Markup:
    """Escape a line, then highlight its staff placeholders so staff cannot miss them."""
    escaped = str(escape(line))
    for marker in find_placeholders(escaped):
        escaped = escaped.replace(marker, f'<mark style="background:#ffe08a;color:#000;padding:0 2px;">{marker}</mark>')
    return Markup(escaped)


@functools.cache
def html_environment() -> ImmutableSandboxedEnvironment:
    """The HTML alternative: `replies/templates/mail.html.j2`, autoescaped."""
    env = ImmutableSandboxedEnvironment(
        loader=PackageLoader(*_LOADER_ARGS),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["mark_placeholders"] = mark_placeholders
    return env


__all__ = ["and_list", "html_environment", "mark_placeholders", "text_environment"]
