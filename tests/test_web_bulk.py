"""Bulk actions from the queue, on both databases: each ticket at the version the queue showed (a ticket
changed since is skipped and reported, never overwritten), one audit trail entry per ticket, and bulk
approval only after a preview of exactly what will be sent."""

from __future__ import annotations

import re

from sqlalchemy import select

from assistant.storage.models import Event, OutboxItem
from tests.support.tickets import show_ticket
from tests.support.web import console_app, csrf_of, make_ticket, signed_in

PICK = re.compile(r'name="pick" value="([^"]+)" form="bulk"')


async def queue_picks(http, query: str = "") -> tuple[str, dict[str, str]]:
    """The queue page's CSRF token and its checkboxes' values by reference (REF@VERSION)."""
    page = (await http.get(f"/?{query}")).text
    return csrf_of(page), {value.split("@")[0]: value for value in PICK.findall(page)}


async def events_of(db, kind: str) -> list[Event]:
    async with db.session() as session:
        return list((await session.execute(select(Event).where(Event.kind == kind))).scalars())


async def test_bulk_assign_skips_a_ticket_changed_since_the_queue_was_loaded(config, db) -> None:
    first, changed = await make_ticket(db, subject="first"), await make_ticket(db, subject="changed")
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        token, picks = await queue_picks(alice, "language=en")
        page = (await bob.get(f"/tickets/{changed}")).text  # bob takes one meanwhile: its version moves on
        assert (await bob.post(f"/tickets/{changed}/take", data={"csrf_token": csrf_of(page)})).status_code == 303
        done = await alice.post("/queue/bulk", data={"csrf_token": token, "queue": "language=en",
                                                     "bulk_action": "assign", "assignee": "alice",
                                                     "pick": [picks[first], picks[changed]]})
    assert done.status_code == 200
    assert f'data-done="{first}"' in done.text
    skipped = re.search(rf'data-skipped="{changed}">(.*?)</li>', done.text, re.S).group(1)
    assert "changed by bob" in skipped and "nothing overwritten" in skipped
    assert 'href="/?language=en" data-back' in done.text
    assert (await show_ticket(db, first))["assignee"] == "alice"
    assert (await show_ticket(db, changed))["assignee"] == "bob"  # not overwritten
    assert sorted(e.actor for e in await events_of(db, "assigned")) == ["alice", "bob"]  # one per ticket


async def test_bulk_close_as_noise_withdraws_the_drafts_and_reports_each_ticket(config, db) -> None:
    spam = [await make_ticket(db, subject=f"WIN A PRIZE {n}") for n in range(3)]
    keep = await make_ticket(db, subject="a real request")
    async with signed_in(console_app(config, db), db, "alice") as http:
        token, picks = await queue_picks(http)
        done = await http.post("/queue/bulk", data={"csrf_token": token, "bulk_action": "noise",
                                                    "pick": [picks[r] for r in spam]})
        queue = (await http.get("/")).text
    assert [f'data-done="{r}"' in done.text for r in spam] == [True, True, True]
    for reference in spam:
        detail = await show_ticket(db, reference)
        assert (detail["status"], detail["stage"]) == ("noise", "noise")
        assert detail["drafts"][-1]["status"] == "superseded"  # can never be approved later
        assert reference not in queue
    assert keep in queue and len(await events_of(db, "ticket_closed_as_noise")) == 3


async def test_bulk_approve_previews_exactly_what_is_sent_then_sends_only_that(config, db) -> None:
    clean = await make_ticket(db, subject="Delete my account", requester="ana@example.org",
                              body="Dear Ana,\n\nWe deleted your account.\n\nKind regards,\nSODEPAC privacy team")
    other = await make_ticket(db, subject="Close my account", requester="bo@example.org")
    needs = await make_ticket(db, subject="Which data?", body="Dear Jo,\n\n[[STAFF: list the data]]")
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        token, picks = await queue_picks(alice)
        preview = await alice.post("/queue/bulk", data={"csrf_token": token, "bulk_action": "approve",
                                                        "pick": [picks[clean], picks[other], picks[needs]]})
        assert preview.status_code == 200 and "Approve 2 replies?" in preview.text
        item = re.search(rf'data-preview="{clean}">(.*?)</li>', preview.text, re.S).group(1)
        assert "ana@example.org" in item and "Re: Delete my account" in item
        assert "Dear Ana,\nWe deleted your account.\nKind regards,\nSODEPAC privacy team" in item
        assert re.search(rf'data-skipped="{needs}"><strong>{needs}</strong>: needs input: \[\[STAFF: list the data\]\]',
                         preview.text)
        assert await outbox(db) == []  # a preview sends nothing
        page = (await bob.get(f"/tickets/{other}")).text  # bob edits one after alice's preview
        await bob.post(f"/tickets/{other}/save", data={"csrf_token": csrf_of(page), "body": "Dear Bo,\n\nDone."})
        confirm_picks = re.findall(r'name="pick" value="([^"]+)"', preview.text)
        sent = await alice.post("/queue/bulk/approve", data={"csrf_token": csrf_of(preview.text),
                                                             "pick": confirm_picks})
    assert f'data-done="{clean}"' in sent.text and f'data-skipped="{other}"' in sent.text
    assert [row.ticket_id is not None for row in await outbox(db)] == [True]  # only the previewed, unchanged one
    assert (await show_ticket(db, other))["drafts"][-1]["status"] == "pending"  # bob's edit waits for a look


async def test_bulk_refuses_nothing_selected_and_unknown_actions(config, db) -> None:
    await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        token, _ = await queue_picks(http)
        empty = await http.post("/queue/bulk", data={"csrf_token": token, "bulk_action": "noise"})
        forged = await http.post("/queue/bulk", data={"csrf_token": token, "bulk_action": "delete",
                                                      "pick": ["PRIV-2026-000001@1"]})
        no_csrf = await http.post("/queue/bulk", data={"bulk_action": "noise", "pick": ["PRIV-2026-000001@1"]})
    assert empty.status_code == 400 and "No ticket was selected." in empty.text
    assert forged.status_code == 400 and "Choose one of the bulk actions." in forged.text
    assert no_csrf.status_code == 403


async def outbox(db) -> list[OutboxItem]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxItem))).scalars())
