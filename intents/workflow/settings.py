"""The workflow's declaration (`intents/configs/workflow.toml`) loaded into typed sections, once.

Unknown or missing keys fail with a one-line error naming the key: a typo in a hyperparameter
must not silently train with the default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from intents.classifier import DecisionSettings
from intents.lexical import LexicalSettings

REPO = Path(__file__).resolve().parents[2]
WORKFLOW_FILE = REPO / "intents" / "configs" / "workflow.toml"


class WorkflowConfigError(ValueError):
    """The workflow file has an unknown, missing or mistyped key."""


@dataclass(frozen=True)
class Paths:
    data: Path
    candidates: Path
    shipped: Path


@dataclass(frozen=True)
class TrainSettings:
    seed: int
    epochs: int
    batch_size: int
    learn_rate: float
    written_weight: int
    generated_share: float
    calibration_share: float
    review_least_kept: float
    correction_weight: int
    lexical_weight: float


@dataclass(frozen=True)
class Workflow:
    workflows: dict[str, tuple[str, ...]]
    commands: dict[str, dict]
    paths: Paths
    train: TrainSettings
    lexical: LexicalSettings
    decision: DecisionSettings


def _section(cls: type, raw: dict, name: str):
    """Build one typed section; every key the dataclass names is required, no other is allowed."""
    names = {field.name: field.type for field in fields(cls)}
    for key in raw:
        if key not in names:
            raise WorkflowConfigError(f"{WORKFLOW_FILE.name}: unknown key [{name}] {key}")
    values = {}
    for key, kind in names.items():
        if key not in raw:
            raise WorkflowConfigError(f"{WORKFLOW_FILE.name}: missing key [{name}] {key}")
        value = raw[key]
        if kind == "Path":
            value = REPO / value
        elif kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif kind in ("int", "float") and type(value).__name__ != kind:
            raise WorkflowConfigError(f"{WORKFLOW_FILE.name}: [{name}] {key} must be {kind}, not {value!r}")
        values[key] = value
    return cls(**values)


def load_workflow(path: Path = WORKFLOW_FILE) -> Workflow:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    known = {"workflows", "commands", "paths", "train", "lexical", "decision"}
    for key in raw:
        if key not in known:
            raise WorkflowConfigError(f"{path.name}: unknown section [{key}]")
    commands = raw.get("commands", {})
    workflows = {name: tuple(steps) for name, steps in raw.get("workflows", {}).items()}
    for name, steps in workflows.items():
        for step in steps:
            if step not in commands:
                raise WorkflowConfigError(f"{path.name}: workflow {name} names an undeclared command {step}")
    return Workflow(workflows, commands, _section(Paths, raw.get("paths", {}), "paths"),
                    _section(TrainSettings, raw.get("train", {}), "train"),
                    _section(LexicalSettings, raw.get("lexical", {}), "lexical"),
                    _section(DecisionSettings, raw.get("decision", {}), "decision"))
