"""Readable text from the HTML part of a message.

Many people (and every webmail "rich text" editor) send HTML-only mail. Classification and
quote stripping work on text, so the HTML is turned into the text a reader would see: no
scripts or styles, paragraphs on their own lines, list items as "- ", and quoted replies
(`<blockquote>`) kept as "> " lines so the quote stripper recognises them.
Only the standard library's tolerant `html.parser` is used: mail HTML is rarely well formed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Content a reader never sees.
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})

# Elements that start a new paragraph (a blank line before and after them).
_PARAGRAPH_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "hr"}
)

# Elements that start a new line without a blank line.
_LINE_TAGS = frozenset(
    {
        "div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "address",
        "form", "fieldset", "center", "main", "nav", "aside", "figure", "figcaption", "caption",
    }
)  # fmt: skip

_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")


class _TextBuilder(HTMLParser):
    """Collects (quote depth, text) lines while the HTML is fed through it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._current: list[str] = []
        self._current_depth = 0
        self._want_blank = False
        self._hidden: list[str] = []
        self._quote_depth = 0
        self._pre_depth = 0
        self._list_depth = 0

    # -- structure -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._hidden.clear()  # a <head> left open by sloppy HTML must not hide the body
            return
        if tag in _HIDDEN_TAGS:
            self._hidden.append(tag)
            return
        if tag == "br":
            self._end_line(keep_empty=True)
        elif tag in ("td", "th"):
            if self._current:
                self._current.append(" ")
        elif tag == "blockquote":
            self._paragraph_break()
            self._quote_depth += 1
        elif tag in ("ul", "ol"):
            self._list_depth += 1
            self._list_boundary()
        elif tag == "li":
            self._end_line()
            self._write("  " * max(self._list_depth - 1, 0) + "- ", raw=True)
        elif tag == "pre":
            self._paragraph_break()
            self._pre_depth += 1
        elif tag in _PARAGRAPH_TAGS:
            self._paragraph_break()
        elif tag in _LINE_TAGS:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if self._hidden:
            return
        if tag == "blockquote":
            self._paragraph_break()
            self._quote_depth = max(self._quote_depth - 1, 0)
        elif tag in ("ul", "ol"):
            self._list_depth = max(self._list_depth - 1, 0)
            self._list_boundary()
        elif tag == "pre":
            self._paragraph_break()
            self._pre_depth = max(self._pre_depth - 1, 0)
        elif tag in _PARAGRAPH_TAGS:
            self._paragraph_break()
        elif tag in _LINE_TAGS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre_depth:
            first, *rest = data.split("\n")
            self._write(first, raw=True)
            for line in rest:
                self._end_line(keep_empty=True)
                self._write(line, raw=True)
            return
        text = _WHITESPACE.sub(" ", data)
        if not self._current:
            text = text.lstrip()
        self._write(text)

    # -- line bookkeeping ------------------------------------------------------------------

    def _write(self, text: str, *, raw: bool = False) -> None:
        if not text:
            return
        if not self._current:
            if self._want_blank and self.lines and self.lines[-1][1]:
                self.lines.append((min(self.lines[-1][0], self._quote_depth), ""))
            self._want_blank = False
            self._current_depth = self._quote_depth
        if not raw and self._current and self._current[-1].endswith(" ") and text.startswith(" "):
            text = text[1:]
        self._current.append(text)

    def _end_line(self, *, keep_empty: bool = False) -> None:
        line = "".join(self._current).rstrip()
        if line.strip() or keep_empty:
            depth = self._current_depth if self._current else self._quote_depth
            self.lines.append((depth, line if line.strip() else ""))
        self._current = []

    def _list_boundary(self) -> None:
        """A top-level list is a paragraph of its own; a nested one only starts a line."""
        if self._list_depth <= 1:
            self._paragraph_break()
        else:
            self._end_line()

    def _paragraph_break(self) -> None:
        self._end_line()
        self._want_blank = True


def html_to_text(html_source: str) -> str:
    """The text a person reading this HTML would see, quoted parts prefixed with "> "."""
    builder = _TextBuilder()
    try:
        builder.feed(html_source)
        builder.close()
        builder._end_line()
    except Exception:  # html.parser is tolerant, but mail HTML can be anything: never fail
        return _strip_tags(html_source)
    return _join_lines(builder.lines)


def _join_lines(lines: list[tuple[int, str]]) -> str:
    out: list[str] = []
    for depth, text in lines:
        rendered = (("> " * depth) + text).rstrip() if depth else text
        blank = not text
        if blank and (not out or not out[-1].strip("> ")):
            continue  # no leading blank lines, no runs of blank lines
        out.append(rendered)
    while out and not out[-1].strip("> "):
        out.pop()
    return "\n".join(out)


def _strip_tags(html_source: str) -> str:
    """Last resort when the parser gives up: drop tags, decode entities, collapse spaces."""
    text = html.unescape(_TAG.sub(" ", html_source))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
