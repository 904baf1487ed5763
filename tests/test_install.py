"""The two commands a newcomer runs: the README's, CI's, and the locks they install from."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README.md starts with a sh block holding the two commands"
    return block.group(1).strip().splitlines()


def _pinned(lock: Path) -> set[str]:
    return {match.lower().replace("_", "-") for match in re.findall(r"^([A-Za-z0-9_.-]+)==", lock.read_text(), re.M)}


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    serve, test = _readme_commands()
    assert serve.endswith("privacy-assistant serve") and "requirements/run.lock" in serve
    assert test.endswith("python -m pytest") and "requirements/test.lock" in test
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert ci_lines[-1] == test


@pytest.mark.parametrize(("lock", "extras"), [("run.lock", ()), ("test.lock", ("test",))])
def test_every_dependency_is_pinned_in_its_lock(lock: str, extras: tuple[str, ...]) -> None:
    """A dependency added to pyproject.toml without refreshing the lock fails here, not on a newcomer's machine."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"])
    for extra in extras:
        wanted |= _names(project["optional-dependencies"][extra])
    missing = wanted - _pinned(ROOT / "requirements" / lock)
    assert not missing, f"not in requirements/{lock}: {sorted(missing)}; run `bash requirements/refresh.sh`"
