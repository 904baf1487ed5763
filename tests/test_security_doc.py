"""docs/SECURITY.md names, for each threat, the tests that prove its defence: each must exist, so the
document cannot rot when a test is renamed or removed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "SECURITY.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")}


def test_every_test_named_in_security_md_exists() -> None:
    named = NAMED.findall(DOC.read_text(encoding="utf-8"))
    assert len(named) >= 40  # every threat names its proof
    missing = [f"{file}::{name}" for file, name in named
               if not (ROOT / file).is_file() or name not in _tests_in(ROOT / file)]
    assert missing == []


def test_every_threat_of_the_model_has_a_section_with_a_test() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    threats = ["forged sender", "hijacking", "template injection", "cross-site scripting", "csrf", "brute-force",
               "data at rest", "denial of service", "backscatter", "open relay", "oversize"]
    for threat in threats:
        [section] = [s for s in sections if threat in s.splitlines()[0].lower()]
        assert NAMED.search(section) or "section" in section, threat


def test_the_readme_links_to_it() -> None:
    assert "docs/SECURITY.md" in (ROOT / "README.md").read_text(encoding="utf-8")
