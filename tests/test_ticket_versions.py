"""Optimistic locking: two staff on one draft never overwrite each other, a stale Approve never sends the
stale body, and reclassifying asks before replacing saved edits. Every draft text is kept."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assistant.storage.models import DraftRevision, OutboxItem
from tests.support.cli import add_staff, cli, cli_json, write_config
from tests.support.tickets import show_ticket
from tests.support.web import add_user, client, console_app, csrf_of, make_ticket, signed_in

VERSION = re.compile(r'name="version" value="(\d+)"')
ORIGINAL = "Dear Jo,\n\nWe will delete it. [[STAFF: date of deletion]]"


async def form_of(http, reference: str) -> dict[str, str]:
    page = (await http.get(f"/tickets/{reference}")).text
    return {"csrf_token": csrf_of(page), "version": VERSION.search(page).group(1)}


async def test_a_stale_save_is_refused_with_their_text_and_mine_shown_back(config, db) -> None:
    reference = await make_ticket(db, body=ORIGINAL)
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        alice_form, bob_form = await form_of(alice, reference), await form_of(bob, reference)
        assert alice_form["version"] == bob_form["version"]
        saved = await alice.post(f"/tickets/{reference}/save",
                                 data={**alice_form, "body": "Dear Jo,\n\nWe deleted it on 3 May."})
        assert saved.status_code == 303
        stale = await bob.post(f"/tickets/{reference}/save", data={**bob_form, "body": "Hello Jo,\n\nWe will."})
    assert stale.status_code == 409
    assert "Someone else changed this ticket" in stale.text and "Changed by alice" in stale.text
    editor = re.search(r'<textarea name="body"[^>]*>([^<]*)</textarea>', stale.text).group(1)
    assert editor == "Dear Jo,\n\nWe deleted it on 3 May."  # what is saved now, to merge into
    assert 'id="your-text"' in stale.text and "Hello Jo,\n\nWe will." in stale.text  # bob's text, not lost
    assert f'name="version" value="{int(bob_form["version"]) + 2}"' in stale.text  # a retry can succeed
    detail = await show_ticket(db, reference)
    assert detail["drafts"][-1]["body"] == "Dear Jo,\n\nWe deleted it on 3 May."
    assert [e["actor"] for e in detail["events"] if e["kind"] == "draft_edited"] == ["alice"]
    async with db.session() as session:
        bodies = list((await session.execute(select(DraftRevision.body).order_by(DraftRevision.id))).scalars())
    assert bodies == [ORIGINAL, "Dear Jo,\n\nWe deleted it on 3 May."]


async def test_a_stale_approve_never_sends_the_stale_body(config, db) -> None:
    reference = await make_ticket(db, body="Dear Jo,\n\nWe will delete it.")
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        alice_form, bob_form = await form_of(alice, reference), await form_of(bob, reference)
        await alice.post(f"/tickets/{reference}/save", data={**alice_form, "body": "Dear Jo,\n\nDone today."})
        refused = await bob.post(f"/tickets/{reference}/approve",
                                 data={**bob_form, "body": "Dear Jo,\n\nWe will delete it."})
        page = (await bob.get(f"/tickets/{reference}")).text
    assert refused.status_code == 409 and "Changed by alice" in refused.text
    async with db.session() as session:
        assert (await session.execute(select(func.count(OutboxItem.id)))).scalar_one() == 0
    detail = await show_ticket(db, reference)
    assert detail["drafts"][-1]["status"] == "pending" and detail["drafts"][-1]["body"] == "Dear Jo,\n\nDone today."
    assert "Draft history" in page and "Version 1, by system" in page and "by alice" in page
    diff = re.search(r'<pre class="history-diff"[^>]*>([^<]*)</pre>', page).group(1)
    assert "-We will delete it.\n+Done today." in diff  # alice's change, line by line


async def test_the_api_takes_an_optional_version_and_refuses_a_stale_one_with_409(config, db) -> None:
    token = await add_user(db, "robot", "staff", with_token=True)
    reference = await make_ticket(db)
    async with client(console_app(config, db)) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        version = (await http.get(f"/api/tickets/{reference}")).json()["version"]
        edited = await http.put(f"/api/tickets/{reference}/draft", json={"body": "Dear Jo, done.", "version": version})
        assert edited.status_code == 200 and edited.json()["version"] > version
        stale = await http.post(f"/api/tickets/{reference}/approve", json={"version": version})
        assert stale.status_code == 409 and "changed by robot" in stale.json()["detail"]
        assert (await http.post(f"/api/tickets/{reference}/approve", json={})).status_code == 200  # no version


async def test_reclassify_keeps_edits_when_unchanged_and_asks_before_replacing_them(config, db) -> None:
    reference = await make_ticket(db, intents=("deletion",))
    async with signed_in(console_app(config, db), db, "alice") as http:
        await http.post(f"/tickets/{reference}/save", data={**await form_of(http, reference), "body": "Edited."})
        same = await http.post(f"/tickets/{reference}/reclassify",
                               data={**await form_of(http, reference), "intents": ["deletion"], "primary": "deletion"})
        assert same.status_code == 303 and same.headers["location"].endswith("?done=reclassify_unchanged")
        assert "the edits saved in it, are kept" in (await http.get(same.headers["location"])).text
        assert (await show_ticket(db, reference))["drafts"][-1]["body"] == "Edited."
        asked = await http.post(f"/tickets/{reference}/reclassify",
                                data={**await form_of(http, reference), "intents": ["access"], "primary": "access"})
        assert asked.status_code == 409 and "the draft has edits saved by alice" in asked.text
        assert 'name="discard_edits"' in asked.text
        assert (await show_ticket(db, reference))["intents"] == ["deletion"]
        confirmed = await http.post(f"/tickets/{reference}/reclassify", data={
            **await form_of(http, reference), "intents": ["access"], "primary": "access", "discard_edits": "1"})
    assert confirmed.status_code == 303
    detail = await show_ticket(db, reference)
    assert detail["intents"] == ["access"] and detail["drafts"][-1]["body"] != "Edited."


def test_the_cli_takes_the_version_too(tmp_path, database_url) -> None:
    config_file = write_config(tmp_path, database_url)
    add_staff(config_file, "alice")
    ingest = cli(config_file, "ingest", "-", stdin=(
        b"From: Jo <jo@example.com>\r\nTo: contact-sodepac@sodepac.com\r\nSubject: my data\r\n"
        b"Message-ID: <v1@example.com>\r\n\r\nWhat personal data do you hold about me?\r\n"))
    assert ingest.returncode == 0, ingest.stderr
    [ticket] = cli_json(config_file, "tickets", "list", "--json")
    reference = ticket["reference"]
    shown = cli(config_file, "tickets", "show", reference).stdout.decode()
    version = int(re.search(r"version (\d+)", shown).group(1))
    stale = cli(config_file, "drafts", "reject", reference, "--by", "alice", "--reason", "x",
                "--version", str(version - 1))
    assert stale.returncode == 1 and b"since you opened it" in stale.stderr
    assert cli(config_file, "drafts", "reject", reference, "--by", "alice", "--reason", "wrong tone",
               "--version", str(version)).returncode == 0
