"""intents/ as a declared workflow (issue 10): one entry point, settings in intents/configs/, and the
data-generation and training code kept out of what the service imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intents.classifier import DecisionSettings, newest_model_dir
from intents.workflow.settings import WorkflowConfigError, load_workflow

REPO = Path(__file__).resolve().parents[1]


def run_python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_the_service_never_imports_the_training_code() -> None:
    """The runtime reads a model folder; phrase tables, generators and trainers stay out of its memory."""
    script = ("import sys; import assistant.service, assistant.cli, assistant.pipeline.tools; "
              "import intents.classifier; "
              "loaded = sorted(m for m in sys.modules if m.startswith('intents.workflow') or 'phrases' in m); "
              "print(loaded)")
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_workflow_declares_its_steps_and_runs_from_one_entry_point() -> None:
    workflow = load_workflow()
    assert workflow.workflows["all"] == ("generate", "train", "evaluate", "package")
    result = run_python("-m", "intents.workflow", "--help")
    assert result.returncode == 0
    for step in ("generate", "train", "evaluate", "package", "all"):
        assert step in result.stdout
    refused = run_python("-m", "intents.workflow", "deploy")
    assert refused.returncode == 2 and "invalid choice: 'deploy'" in refused.stderr


def test_a_mistyped_hyperparameter_is_refused_by_name(tmp_path: Path) -> None:
    """A typo must not train silently with a default: the error names the key."""
    text = (REPO / "intents" / "configs" / "workflow.toml").read_text(encoding="utf-8")
    typo = tmp_path / "workflow.toml"
    typo.write_text(text.replace("epochs = ", "epoch = "), encoding="utf-8")
    with pytest.raises(WorkflowConfigError, match=r"unknown key \[train\] epoch$"):
        load_workflow(typo)
    wrong_type = tmp_path / "wrong.toml"
    wrong_type.write_text(text.replace("batch_size = 32", 'batch_size = "32"'), encoding="utf-8")
    with pytest.raises(WorkflowConfigError, match=r"\[train\] batch_size must be int"):
        load_workflow(wrong_type)


def test_the_shipped_model_carries_the_declared_decision_settings() -> None:
    """The runtime reads its thresholds from the model, which took them from intents/configs/workflow.toml."""
    import json

    meta = json.loads((newest_model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert DecisionSettings(**meta["decision"]) == load_workflow().decision
    assert meta["epochs"] == load_workflow().train.epochs
