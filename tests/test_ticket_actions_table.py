"""One table of staff actions for the console, the API and the CLI: the same refusals everywhere, and a
typo in a merge target refused on the current ticket instead of "there is no ticket" naming it."""

from __future__ import annotations

from assistant.tickets.service import TicketError, TicketNotFound
from assistant.tickets.staff_actions import ACTIONS, ActionInput, perform
from tests.support.cli import add_staff, cli, write_config
from tests.support.tickets import show_ticket
from tests.support.web import add_user, client, console_app, csrf_of, make_ticket, signed_in


async def test_a_typo_in_the_merge_target_stays_on_the_ticket_with_a_clear_error(config, db) -> None:
    reference = await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get(f"/tickets/{reference}")
        refused = await http.post(f"/tickets/{reference}/merge",
                                  data={"csrf_token": csrf_of(page.text), "into": "PRIV-2026-99999"})
    assert refused.status_code == 409
    assert "there is no ticket PRIV-2026-99999 to merge into; check the reference" in refused.text
    assert f"<span class=\"ref\">{reference}</span>" in refused.text  # still the current ticket's page
    assert (await show_ticket(db, reference))["status"] == "awaiting_approval"


async def test_an_unknown_ticket_is_its_own_error_not_a_message_to_parse(config, db) -> None:
    async with db.session() as session:
        try:
            await perform(session, config, reference="PRIV-2026-424242", action="close", by="alice",
                          given=ActionInput())
        except TicketNotFound as missing:
            assert missing.reference == "PRIV-2026-424242"
        else:
            raise AssertionError("an unknown ticket was not refused")


async def test_the_api_answers_404_for_an_unknown_ticket_and_409_for_a_bad_merge_target(config, db) -> None:
    token = await add_user(db, "robot", "staff", with_token=True)
    reference = await make_ticket(db)
    async with client(console_app(config, db)) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        assert (await http.post("/api/tickets/PRIV-2026-424242/close", json={"reason": ""})).status_code == 404
        merge = await http.post(f"/api/tickets/{reference}/merge", json={"into": "PRIV-1"})
    assert merge.status_code == 409 and "there is no ticket PRIV-1 to merge into" in merge.json()["detail"]


def test_the_cli_uses_the_same_table_and_refusals(tmp_path, database_url) -> None:
    assert {"save", "approve", "reject", "reclassify", "merge", "close"} <= set(ACTIONS)
    config_file = write_config(tmp_path, database_url)
    add_staff(config_file, "alice")
    missing = cli(config_file, "drafts", "approve", "PRIV-2026-424242", "--by", "alice")
    assert missing.returncode == 1 and b"no ticket PRIV-2026-424242" in missing.stderr
    assert issubclass(TicketNotFound, TicketError)
