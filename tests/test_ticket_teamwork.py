"""Working a queue as a team: take and assign, "my tickets", who else is on a ticket, internal notes
with @mentions, a free reply after Reject, reopen with its reason, and admins' snippets."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.storage.models import Draft, OutboxItem, Ticket, utcnow
from assistant.tickets.assignment import Activity, mark_present
from assistant.tickets.lifecycle import reply_delivered
from tests.support.cli import add_staff, cli, cli_json, write_config
from tests.support.tickets import show_ticket
from tests.support.web import console_app, csrf_of, make_ticket, signed_in
from tests.test_ticket_versions import form_of


async def act(http, reference: str, action: str, **fields):
    return await http.post(f"/tickets/{reference}/{action}", data={**await form_of(http, reference), **fields})


async def test_take_assign_and_my_tickets(config, db) -> None:
    reference = await make_ticket(db)
    other = await make_ticket(db, subject="Another request")
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        assert (await act(alice, reference, "take")).status_code == 303
        page = (await alice.get(f"/tickets/{reference}")).text
        assert "Assigned to alice" in page and "Take it" not in page
        assert (await act(alice, reference, "assign", assignee="bob")).status_code == 303
        typo = await act(alice, reference, "assign", assignee="bobb")
        assert typo.status_code == 409 and "no enabled console account has that name" in typo.text
        mine = (await bob.get("/?mine=1")).text
        everyone = (await alice.get("/")).text
    assert reference in mine and other not in mine
    assert re.search(rf'data-reference="{reference}".*?<td class="assignee">bob', everyone, re.S)
    events = [(e["actor"], e["kind"], e["detail"]) for e in (await show_ticket(db, reference))["events"]]
    assert ("alice", "assigned", "to alice") in events and ("alice", "assigned", "to bob (was alice)") in events


async def test_who_is_viewing_or_editing_shows_on_the_ticket_and_the_queue_and_expires(config, db) -> None:
    reference = await make_ticket(db)
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        await alice.get(f"/tickets/{reference}")
        assert "alice is viewing it" in (await bob.get(f"/tickets/{reference}")).text
        page = (await alice.get(f"/tickets/{reference}")).text
        assert "bob is viewing it" in page and "alice is viewing it" not in page  # not yourself
        typing = await alice.post(f"/tickets/{reference}/presence",
                                  data={"csrf_token": csrf_of(page), "activity": "editing"})
        assert typing.status_code == 204
        assert "alice is editing it" in (await bob.get("/")).text
        forged = await alice.post(f"/tickets/{reference}/presence", data={"activity": "editing"})
        assert forged.status_code == 403  # CSRF-checked like every form
        async with db.session() as session, session.begin():
            ticket = (await session.execute(select(Ticket))).scalar_one()
            await mark_present(session, ticket_id=ticket.id, name="alice", activity=Activity.EDITING,
                               now=utcnow() - timedelta(minutes=5))
        assert "alice is" not in (await bob.get("/")).text


async def test_a_note_mentions_a_colleague_escaped_and_lists_the_ticket_for_them(config, db) -> None:
    reference = await make_ticket(db)
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        assert reference not in (await bob.get("/?mine=1")).text
        text = "@bob can you check the ID? <script>alert(1)</script> cc @nobody"
        assert (await act(alice, reference, "note", note=text)).status_code == 303
        page = (await bob.get(f"/tickets/{reference}")).text
        mine = (await bob.get("/?mine=1")).text
    assert '<mark class="mention">@bob</mark>' in page and "@nobody" in page and ">@nobody<" not in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert 'class="note mentions-me"' in page
    assert reference in mine
    events = [(e["kind"], e["detail"]) for e in (await show_ticket(db, reference))["events"]]
    assert ("note_added", "note #1, mentions bob") in [(k, re.sub(r"#\d+", "#1", d)) for k, d in events]


async def test_a_free_reply_after_reject_is_approved_and_sent_in_the_chosen_language(config, db) -> None:
    reference = await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        assert (await act(http, reference, "reject", reason="wrong request")).status_code == 303
        page = (await http.get(f"/tickets/{reference}")).text
        assert 'action="/tickets/' + reference + '/compose"' in page
        empty = await act(http, reference, "compose", language="fr", body="  ")
        assert empty.status_code == 409 and "write the reply first" in empty.text
        written = await act(http, reference, "compose", language="fr",
                            body="Bonjour,\r\n\r\nPouvez-vous préciser votre numéro de client ? {{ secret }}")
        assert written.status_code == 303
        assert (await act(http, reference, "approve")).status_code == 303
    async with db.session() as session:
        draft = (await session.execute(select(Draft).order_by(Draft.id.desc()).limit(1))).scalar_one()
        item = (await session.execute(select(OutboxItem))).scalar_one()
        ticket = (await session.execute(select(Ticket))).scalar_one()
    assert (draft.kind, draft.language, draft.status) == ("free_reply", "fr", "approved")
    assert "{{ secret }}" in draft.body  # written as typed, never rendered as a template
    assert b"Pouvez-vous pr" in item.raw.replace(b"=\r\n", b"") or b"Pouvez-vous" in item.raw
    stage_before, due_before = ticket.stage, ticket.due_at
    async with db.session() as session, session.begin():
        ticket = (await session.execute(select(Ticket))).scalar_one()
        draft = await session.get(Draft, draft.id)
        reply_delivered(session, ticket, draft, actor="outbox", now=utcnow(), timezone="Europe/Paris")
        assert (ticket.stage, ticket.due_at) == (stage_before, due_before)  # a free reply decides nothing


async def test_reopen_needs_a_reason_keeps_the_deadline_and_lets_staff_write_again(config, db) -> None:
    reference = await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        await act(http, reference, "close", reason="duplicate")
        closed = (await http.get(f"/tickets/{reference}")).text
        assert "reopen it, with the reason, before writing" in closed and "Reopen the ticket" in closed
        refused = await act(http, reference, "compose", language="en", body="Hello")
        assert refused.status_code == 409 and "is closed: reopen it" in refused.text
        assert "Hello" in refused.text  # the typed reply is not lost
        assert (await act(http, reference, "reopen", reason="")).status_code == 409
        due_before = (await show_ticket(db, reference))["due_at"]
        assert (await act(http, reference, "reopen", reason="the requester wrote back")).status_code == 303
        assert (await act(http, reference, "compose", language="en", body="Hello Jo")).status_code == 303
    detail = await show_ticket(db, reference)
    assert detail["status"] == "awaiting_approval" and detail["stage"] == "new" and detail["due_at"] == due_before
    kinds = [(e["kind"], e["detail"]) for e in detail["events"]]
    assert ("ticket_reopened", "the requester wrote back") in kinds


async def test_admins_manage_snippets_as_plain_text_that_staff_start_a_reply_from(config, db) -> None:
    reference = await make_ticket(db)
    app = console_app(config, db)
    async with signed_in(app, db, "root", role="admin") as admin, signed_in(app, db, "alice") as staff:
        assert (await staff.get("/snippets")).status_code == 403
        form = csrf_of((await admin.get("/snippets")).text)
        body = "Dear requester, {{ config.secret }} <b>bold</b> [[STAFF: x]]"
        saved = await admin.post("/snippets", data={"csrf_token": form, "name": "Ask ID", "language": "en",
                                                   "body": body})
        assert saved.status_code == 303
        twice = await admin.post("/snippets", data={"csrf_token": form, "name": "Ask ID", "language": "fr",
                                                   "body": "x"})
        assert twice.status_code == 409 and "already a snippet named Ask ID" in twice.text
        listing = (await admin.get("/snippets")).text
        assert "&lt;b&gt;bold&lt;/b&gt;" in listing and "{{ config.secret }}" in listing
        page = (await staff.get(f"/tickets/{reference}")).text
        snippet_id = re.search(r"\?snippet=(\d+)#compose", page).group(1)
        started = (await staff.get(f"/tickets/{reference}?snippet={snippet_id}")).text
        edited = await admin.post("/snippets", data={"csrf_token": form, "id": snippet_id, "name": "Ask ID",
                                                    "language": "en", "body": "Changed"})
        deleted = await admin.post("/snippets", data={"csrf_token": form, "id": snippet_id, "delete": "1"})
    assert 'data-snippet="Dear requester, {{ config.secret }} &lt;b&gt;bold&lt;/b&gt;' in page
    assert re.search(r"data-compose lang=.en.>Dear requester, \{\{ config.secret \}\} &lt;b&gt;", started)
    assert edited.status_code == 303 and deleted.status_code == 303


@pytest.mark.slow
def test_the_cli_assigns_notes_reopens_writes_and_manages_snippets(tmp_path, database_url) -> None:
    config_file = write_config(tmp_path, database_url)
    add_staff(config_file, "alice", "bob")
    assert cli(config_file, "ingest", "-", stdin=(
        b"From: Jo <jo@example.com>\r\nTo: contact-sodepac@sodepac.com\r\nSubject: my data\r\n"
        b"Message-ID: <t1@example.com>\r\n\r\nWhat personal data do you hold about me?\r\n")).returncode == 0
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    ref = ticket["reference"]
    assert cli(config_file, "tickets", "assign", ref, "--to", "bob", "--by", "alice").returncode == 0
    assert cli(config_file, "tickets", "note", ref, "--text", "@bob over to you", "--by", "alice").returncode == 0
    written = cli(config_file, "drafts", "write", ref, "--language", "en", "--body-file", "-", "--by", "bob",
                  stdin=b"Hello Jo,\n\nA question first.")
    assert written.returncode == 0, written.stderr
    assert cli(config_file, "tickets", "reopen", ref, "--reason", "x", "--by", "bob").returncode == 1
    not_admin = cli(config_file, "snippets", "add", "--name", "Hi", "--language", "en", "--body-file", "-",
                    "--by", "bob", stdin=b"Hello")
    assert not_admin.returncode == 1 and b"only an admin" in not_admin.stderr
    detail = cli_json(config_file, "tickets", "show", ref, "--json")
    assert detail["assignee"] == "bob" and detail["drafts"][-1]["body"] == "Hello Jo,\n\nA question first."
    assert {"assigned", "note_added"} <= {e["kind"] for e in detail["events"]}


async def test_a_purge_empties_the_draft_history_and_the_notes(config, db) -> None:
    """Retention and erasure (assistant/privacy/purge.py): earlier draft texts and notes hold the same
    personal data as the draft, and go with it; who wrote them and when stays."""
    from assistant.privacy.purge import purge_tickets
    from assistant.storage.models import DraftRevision, TicketNote

    reference = await make_ticket(db, body="Dear Jo Example, customer C-448812")
    async with signed_in(console_app(config, db), db, "alice") as http:
        await act(http, reference, "save", body="Dear Jo Example, customer C-448812, done")
        await act(http, reference, "note", note="Jo Example called about C-448812")
    async with db.session() as session, session.begin():
        ticket = (await session.execute(select(Ticket))).scalar_one()
        await purge_tickets(session, [ticket.id], now=utcnow())
    async with db.session() as session:
        revisions = (await session.execute(select(DraftRevision.body, DraftRevision.by))).all()
        notes = (await session.execute(select(TicketNote.body, TicketNote.author))).all()
    assert revisions == [("", "system"), ("", "alice")] and notes == [("", "alice")]


async def test_a_requester_export_holds_the_draft_history_and_the_notes(config, db) -> None:
    """GDPR Art. 15: what staff wrote about the person's requests is part of what is held about them."""
    from assistant.privacy.requester import Requester, export_requester

    reference = await make_ticket(db, requester="jo@example.com")
    async with signed_in(console_app(config, db), db, "alice") as http:
        await act(http, reference, "note", note="Jo called about C-448812")
    async with db.session() as session, session.begin():
        document = await export_requester(session, Requester.of("jo@example.com"), actor="alice", now=utcnow())
    held = document["draft_history_and_notes"]
    assert {"kind": "internal_note", "by": "alice", "text": "Jo called about C-448812"}.items() <= held[-1].items()
    assert held[0]["kind"] == "draft_text" and held[0]["text"] == "Dear Jo,\n\nWe will delete it."


async def test_the_api_assigns_notes_writes_and_reopens(config, db) -> None:
    from tests.support.web import add_user, client

    token = await add_user(db, "robot", "staff", with_token=True)
    await add_user(db, "bob", "staff")
    reference = await make_ticket(db)
    async with client(console_app(config, db)) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        assigned = await http.post(f"/api/tickets/{reference}/assign", json={"assignee": "bob"})
        assert assigned.status_code == 200 and assigned.json()["assignee"] == "bob"
        noted = await http.post(f"/api/tickets/{reference}/notes", json={"note": "@bob over to you"})
        assert noted.status_code == 200
        written = await http.post(f"/api/tickets/{reference}/reply", json={"body": "Bonjour", "language": "fr"})
        assert written.status_code == 200 and written.json()["drafts"][-1]["language"] == "fr"
        assert (await http.post(f"/api/tickets/{reference}/reopen", json={"reason": "x"})).status_code == 409
        await http.post(f"/api/tickets/{reference}/close", json={"reason": "done"})
        reopened = await http.post(f"/api/tickets/{reference}/reopen", json={"reason": "wrote back"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
