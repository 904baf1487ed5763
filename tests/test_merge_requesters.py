"""Finding 4 (issue 16): a merge joins one person's request to another's only on an admin's word.

Merging two requesters' tickets shows each one's messages, data and replies to the other: a
disclosure unless someone accountable decided it (GDPR Art. 5(1)(f)). The rule lives in the
ticket service, so the console, the API and the CLI all meet it through the staff actions table.
"""

from __future__ import annotations

import asyncio

import pytest

from assistant.storage.database import Database
from assistant.tickets.service import TicketError
from assistant.tickets.staff_actions import ActionInput, perform
from tests.support.cli import add_staff, cli, write_config
from tests.support.tickets import show_ticket
from tests.support.web import add_user, client, console_app, csrf_of, make_ticket, signed_in


async def _merge(config, db, source: str, into: str, by: str, reason: str = "") -> None:
    async with db.session() as session:
        await perform(session, config, reference=source, action="merge", by=by,
                      given=ActionInput(into=into, reason=reason))


async def test_staff_cannot_merge_tickets_of_different_requesters(config, db) -> None:
    await add_user(db, "alice", "staff")
    victim = await make_ticket(db, requester="claire@example.fr")
    attacker = await make_ticket(db, requester="mallory@example.net")
    with pytest.raises(TicketError, match="different requesters"):
        await _merge(config, db, attacker, victim, "alice", reason="same person, she says")
    assert (await show_ticket(db, attacker))["status"] == "awaiting_approval"
    assert len((await show_ticket(db, victim))["messages"]) == 0


async def test_an_admin_merges_different_requesters_only_with_a_reason_kept_in_the_trail(config, db) -> None:
    await add_user(db, "root", "admin")
    first = await make_ticket(db, requester="claire@example.fr")
    second = await make_ticket(db, requester="claire.dubois@work.example")
    with pytest.raises(TicketError, match="reason"):
        await _merge(config, db, second, first, "root")
    await _merge(config, db, second, first, "root", reason="Claire wrote from her work address, confirmed by phone")
    kept = await show_ticket(db, first)
    assert any(event["kind"] == "merged_from" and "confirmed by phone" in event["detail"] for event in kept["events"])
    assert (await show_ticket(db, second))["status"] == "closed"


async def test_same_requester_merges_as_before_for_any_staff(config, db) -> None:
    await add_user(db, "alice", "staff")
    first = await make_ticket(db, requester="claire@example.fr")
    second = await make_ticket(db, requester="Claire@Example.fr")
    await _merge(config, db, second, first, "alice")
    assert (await show_ticket(db, second))["linked_ticket"] == first


async def test_the_console_and_the_api_show_the_refusal(config, db) -> None:
    token = await add_user(db, "robot", "staff", with_token=True)
    victim = await make_ticket(db, requester="claire@example.fr")
    attacker = await make_ticket(db, requester="mallory@example.net")
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get(f"/tickets/{attacker}")
        refused = await http.post(f"/tickets/{attacker}/merge", data={"csrf_token": csrf_of(page.text),
                                                                     "into": victim, "reason": "why not"})
    assert refused.status_code == 409 and "different requesters" in refused.text
    async with client(console_app(config, db)) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        answer = await http.post(f"/api/tickets/{attacker}/merge", json={"into": victim, "reason": "why not"})
    assert answer.status_code == 409 and "different requesters" in answer.json()["detail"]


def test_the_cli_merge_command_meets_the_same_rule(tmp_path, database_url) -> None:
    config_file = write_config(tmp_path, database_url)
    add_staff(config_file, "alice")

    async def two_requesters() -> tuple[str, str]:
        db = Database(database_url)
        try:
            return (await make_ticket(db, requester="claire@example.fr"),
                    await make_ticket(db, requester="mallory@example.net"))
        finally:
            await db.close()

    victim, attacker = asyncio.run(two_requesters())
    refused = cli(config_file, "tickets", "merge", attacker, "--into", victim, "--by", "alice")
    assert refused.returncode == 1 and b"different requesters" in refused.stderr
