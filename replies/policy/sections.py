"""The company privacy policy, split into its titled sections.

The policy is shipped as data beside this module (a copy of the text the company
publishes), so a reply can quote it word for word instead of paraphrasing from memory.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

POLICY_FILE = "sodepac-privacy-policy.txt"

# A section title in the policy text is a short line of its own that is not a sentence
# (no final full stop or colon), not a list item, not a "Label: text" paragraph and not
# an all-capitals name such as the company's in the contact block.
_MAX_TITLE_LENGTH = 80


@dataclass(frozen=True)
class PolicySection:
    title: str
    paragraphs: tuple[str, ...]


def is_title(line: str) -> bool:
    """Whether a line of the policy is a section title (see the rule above)."""
    line = line.strip()
    return (
        0 < len(line) <= _MAX_TITLE_LENGTH
        and " " in line
        and line[0].isupper()
        and not line.isupper()
        and not line.endswith((".", ":", ";", ","))
        and ": " not in line
        and not line.startswith(("-", "–"))
    )


def split_sections(text: str) -> tuple[PolicySection, ...]:
    """Group the policy's lines under the title that precedes them (one paragraph a line)."""
    sections: list[PolicySection] = []
    title, paragraphs = "", []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if is_title(line):
            if title or paragraphs:
                sections.append(PolicySection(title, tuple(paragraphs)))
            title, paragraphs = line, []
        else:
            paragraphs.append(line)
    if title or paragraphs:
        sections.append(PolicySection(title, tuple(paragraphs)))
    return tuple(sections)


def policy_text() -> str:
    return resources.files(__package__).joinpath(POLICY_FILE).read_text(encoding="utf-8")


@functools.cache
def policy_sections() -> tuple[PolicySection, ...]:
    """The shipped policy's sections, read once."""
    return split_sections(policy_text())


def find_paragraphs(title: str, starts_with: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The paragraphs of the section(s) called `title`; only those starting with one of
    `starts_with` when given. Raises LookupError when nothing matches, so a change in
    the policy text breaks loudly instead of quoting nothing."""
    found: list[str] = []
    for section in policy_sections():
        if section.title != title:
            continue
        for paragraph in section.paragraphs:
            if not starts_with or paragraph.startswith(starts_with):
                found.append(paragraph)
    if not found or (starts_with and len(found) != len(starts_with)):
        raise LookupError(f"policy passage not found: {title!r} {starts_with!r}")
    return tuple(found)
