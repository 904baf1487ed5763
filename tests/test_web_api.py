"""The JSON API: the same actions and roles as the console, with an API token; and schemathesis
checking every /api/ route against the OpenAPI schema the app publishes."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from assistant.storage.database import Database
from tests.conftest import make_config
from tests.support.browser import ConsoleThread
from tests.support.ports import free_port
from tests.support.web import add_user, client, console_app, make_ticket


async def test_a_script_can_list_edit_and_approve_with_its_token(config, db) -> None:
    token = await add_user(db, "robot", "staff", with_token=True)
    reference = await make_ticket(db)
    await make_ticket(db, status="open")
    auth = {"Authorization": f"Bearer {token}"}
    async with client(console_app(config, db)) as http:
        assert (await http.get("/api/me", headers=auth)).json() == {"name": "robot", "role": "staff"}
        listing = (await http.get("/api/tickets?status=awaiting_approval", headers=auth)).json()
        assert [t["reference"] for t in listing["tickets"]] == [reference] and listing["total"] == 1
        edited = await http.put(f"/api/tickets/{reference}/draft", json={"body": "Dear Jo, done."}, headers=auth)
        assert edited.status_code == 200 and edited.json()["drafts"][-1]["body"] == "Dear Jo, done."
        approved = await http.post(f"/api/tickets/{reference}/approve", json={}, headers=auth)
        assert approved.status_code == 200 and approved.json()["drafts"][-1]["status"] == "approved"
        again = await http.post(f"/api/tickets/{reference}/approve", json={}, headers=auth)
        assert again.status_code == 409 and "already approved" in again.json()["detail"]
        assert (await http.get("/api/tickets/PRIV-2000-000000", headers=auth)).status_code == 404
    events = [(e["actor"], e["kind"]) for e in approved.json()["events"]]
    assert ("robot", "draft_edited") in events and ("robot", "draft_approved") in events


async def test_a_new_token_replaces_the_old_one(config, db) -> None:
    from tests.support.cli import cli

    old = await add_user(db, "robot", "staff", with_token=True)
    config_file = Path(config.base_dir) / "config.toml"
    config_file.write_text(f'[database]\nurl = "{config.database.url}"\n')
    result = cli(config_file, "users", "token", "robot")
    assert result.returncode == 0, result.stderr
    new = result.stdout.decode().strip()
    assert new.startswith("pa_") and new != old
    async with client(console_app(config, db)) as http:
        assert (await http.get("/api/me", headers={"Authorization": f"Bearer {old}"})).status_code == 401
        assert (await http.get("/api/me", headers={"Authorization": f"Bearer {new}"})).status_code == 200


# -- schemathesis -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def running_api(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("api")
    config = make_config(
        folder, f"sqlite+aiosqlite:///{folder / 'assistant.db'}", web={"port": free_port(), "secure_cookies": False}
    )

    async def seed(db: Database) -> str | None:
        await make_ticket(db)
        return await add_user(db, "schema", "admin", with_token=True)

    with ConsoleThread(config, seed) as console:
        yield console


def _operations(running_api: ConsoleThread) -> list:
    schema = schemathesis.openapi.from_url(f"{running_api.url}/openapi.json",
                                           headers={"Authorization": f"Bearer {running_api.seeded}"})
    return [result.ok() for result in schema.get_all_operations()]


def test_every_api_route_keeps_to_its_schema(running_api: ConsoleThread) -> None:
    """Each route is checked in turn with schemathesis' generated cases.

    Driven from the schema rather than through schemathesis' pytest plugin, whose hooks follow
    pytest's private internals and break with new pytest releases; a failure names its route.
    """
    auth = {"Authorization": f"Bearer {running_api.seeded}"}
    operations = _operations(running_api)
    assert any(operation.path.startswith("/api/tickets") for operation in operations)
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_to_schema(case) -> None:
            case.call_and_validate(headers=auth)

        try:
            keeps_to_schema()
        except Exception as failure:  # collect every route's failure, not only the first
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
