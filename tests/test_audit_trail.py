"""The audit trail's one home (`assistant/tickets/audit.py`): every writer uses it, nothing imports in circles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from assistant.storage.database import Database
from assistant.storage.models import Event
from assistant.tickets.audit import flag_for_review, set_status
from assistant.tickets.service import get_ticket
from tests.support.web import make_ticket

ROOT = Path(__file__).resolve().parents[1]
# The modules that used to import each other, and those that sat between them.
CYCLE_MODULES = ["assistant.outbox.queue", "assistant.tickets.service", "assistant.tickets.lifecycle",
                 "assistant.tickets.audit", "assistant.outbox.acknowledge", "assistant.pipeline.steps.ticket"]


def test_each_module_of_the_old_cycle_imports_on_its_own() -> None:
    """queue -> set_status and service -> enqueue_reply once made a cycle; each now imports alone."""
    for module in CYCLE_MODULES:
        run = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT)}, timeout=60)
        assert run.returncode == 0, f"{module}: {run.stderr[-800:]}"


def _imports_inside_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("assistant."):
                found.append(f"{path.name}:{node.lineno} {node.module}")
    return found


def test_no_import_hides_inside_a_function_to_dodge_the_cycle() -> None:
    modules = ["assistant/outbox/queue.py", "assistant/tickets/service.py", "assistant/tickets/lifecycle.py"]
    assert [hit for module in modules for hit in _imports_inside_functions(ROOT / module)] == []


def test_the_audit_module_sits_at_the_bottom_of_the_house() -> None:
    """It imports storage and the standard library only, so anything can import it."""
    tree = ast.parse((ROOT / "assistant/tickets/audit.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    ours = {name for name in imported if name and name.split(".")[0] in ("assistant", "intents", "replies")}
    assert ours <= {"assistant.storage.models", "assistant.storage.states"}


def test_no_event_row_is_built_outside_the_audit_module() -> None:
    builders = [f"{path.relative_to(ROOT)}:{node.lineno}"
                for path in (ROOT / "assistant").rglob("*.py") if "migrations" not in path.parts
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Event"]
    assert {builder.split(":")[0] for builder in builders} == {"assistant/tickets/audit.py"}


async def _events(db: Database, kind: str) -> list[Event]:
    async with db.session() as session:
        return list((await session.execute(select(Event).where(Event.kind == kind).order_by(Event.id))).scalars())


async def test_a_flag_says_why_once_on_the_ticket_and_in_full_in_the_trail(db: Database) -> None:
    """The console lists each reason once; the trail keeps every flag, under the outcome's own kind."""
    reference = await make_ticket(db)
    long_reason = "reply not delivered: " + "550 " * 200
    async with db.session() as session, session.begin():
        ticket = await get_ticket(session, reference)
        flag_for_review(session, ticket, ["low confidence", "two requesters"])
        flag_for_review(session, ticket, ["low confidence"])
        flag_for_review(session, ticket, long_reason, kind="reply_failed")
    async with db.session() as session:
        ticket = await get_ticket(session, reference)
        assert ticket.needs_review
        assert ticket.review_reasons == ["low confidence", "two requesters", long_reason[:500]]
    assert [e.detail for e in await _events(db, "needs_review")] == ["low confidence; two requesters",
                                                                     "low confidence"]
    assert [e.detail for e in await _events(db, "reply_failed")] == [long_reason]


async def test_a_status_change_is_an_event_and_closing_dates_the_ticket(db: Database) -> None:
    reference = await make_ticket(db, status="open")
    async with db.session() as session, session.begin():
        ticket = await get_ticket(session, reference)
        set_status(session, ticket, "open", actor="ada")  # no change, no event
        set_status(session, ticket, "closed", actor="ada", why="answered by phone")
    async with db.session() as session:
        ticket = await get_ticket(session, reference)
        assert ticket.status == "closed" and ticket.closed_at is not None
    assert [(e.actor, e.detail) for e in await _events(db, "status_changed")] == [
        ("ada", "open -> closed: answered by phone")]
