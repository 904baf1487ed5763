"""The shape of a drafted reply, shared by its plain-text and HTML forms.

Templates write plain text with three light conventions: a blank line between
paragraphs, `- ` at the start of each line of a list, `> ` at the start of each line
of a quoted policy passage. A line break inside a paragraph is kept (a signature).
The HTML alternative is built from these same blocks, so both forms say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "list", "quote"]

_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One part of a reply; `intent` is set for the part that answers that intent."""

    heading: str
    blocks: tuple[Block, ...]
    intent: str | None = None


def _block(chunk: list[str]) -> Block:
    if all(line.startswith("- ") for line in chunk):
        return Block("list", tuple(line[2:].strip() for line in chunk))
    if all(line.startswith(">") for line in chunk):
        return Block("quote", tuple(line[1:].strip() for line in chunk))
    return Block("paragraph", tuple(chunk))


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Split rendered template text into paragraphs, lists and quotes."""
    blocks = []
    for raw_chunk in _BLANK_LINES.split(text.strip()):
        chunk = [line.rstrip() for line in raw_chunk.strip().splitlines() if line.strip()]
        if chunk:
            blocks.append(_block(chunk))
    return tuple(blocks)


def block_text(block: Block) -> str:
    if block.kind == "list":
        return "\n".join(f"- {line}" for line in block.lines)
    if block.kind == "quote":
        return "\n".join(f"> {line}" for line in block.lines)
    return "\n".join(block.lines)


def section_text(section: Section) -> str:
    body = "\n\n".join(block_text(block) for block in section.blocks)
    return f"{section.heading}\n{body}" if section.heading else body


def sections_text(sections: list[Section]) -> str:
    """The plain-text body: sections separated by a blank line, ending with a newline."""
    return "\n\n".join(section_text(section) for section in sections) + "\n"
