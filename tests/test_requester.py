"""A requester's own data: exported whole, erased but for the record, matched however the address is spelt."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.channels.chat import ChatSubmission, accept_chat
from assistant.config import Config
from assistant.privacy.requester import Requester, RequesterError, erase_requester, export_requester
from assistant.storage.database import Database
from assistant.storage.models import Event, utcnow
from assistant.tickets.service import close_ticket
from assistant.tickets.suppression import is_suppressed
from tests.conftest import INBOX, RunningService, make_config
from tests.support.cli import cli
from tests.support.privacy import database_text, file_request, sqlite_config_with_account
from tests.support.tickets import show_ticket
from tests.test_outbox import approve, request_mail, ticket_for

ANN = "ann.lee@example.org"


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> Config:
    return make_config(tmp_path, database_url, retention={"plus_addressing": True})


async def _export(db: Database, address: str, *, plus: bool = True) -> dict:
    async with db.session() as session, session.begin():
        return await export_requester(session, Requester.of(address, plus_addressing=plus), actor="alice",
                                      now=utcnow())


async def _file_ann_and_bob(service: RunningService) -> tuple[str, str, str]:
    first = await file_request(service, address="Ann.Lee+privacy@Example.ORG", marker="MARK-ANN-1")
    second = await file_request(service, address=ANN, marker="MARK-ANN-2", name="Ann")
    await accept_chat(service.db, ChatSubmission(address="ann.lee@example.org", name="Ann Lee",
                                                 text="Do you still have my phone number? MARK-ANN-CHAT"),
                      recipient=INBOX)
    await service.settle()
    bob = await file_request(service, address="bob@example.org", marker="MARK-BOB-1", name="Bob")
    return first, second, bob


async def test_export_holds_everything_about_the_person_and_nothing_about_others(
        service: RunningService, config: Config) -> None:
    first, second, bob = await _file_ann_and_bob(service)
    await approve(service.db, config, first)
    document = await _export(service.db, "ANN.LEE@example.org ")

    assert document["requester"] == ANN
    assert {t["reference"] for t in document["tickets"]} >= {first, second}
    assert bob not in {t["reference"] for t in document["tickets"]}
    text = json.dumps(document, ensure_ascii=False)
    for marker in ("MARK-ANN-1", "MARK-ANN-2", "MARK-ANN-CHAT"):
        assert marker in text
    assert "MARK-BOB-1" not in text and "bob@example.org" not in text
    [chat] = document["chat_transcripts"]
    assert chat["text"].strip() == "Do you still have my phone number? MARK-ANN-CHAT" and chat["name"] == "Ann Lee"
    assert {m["from_address"] for m in document["messages"]} == {"ann.lee+privacy@example.org", ANN}
    assert any(d["status"] == "approved" for d in document["drafts"])
    assert [r["recipients"] for r in document["replies"]] == [["ann.lee+privacy@example.org"]]
    assert any(e["kind"] == "draft_approved" and e["actor"] == "alice" for e in document["events"])
    async with service.db.session() as session:
        [recorded] = (await session.execute(select(Event).where(Event.kind == "requester_exported"))).scalars()
    assert recorded.actor == "alice" and Requester.of(ANN).digest in recorded.detail and ANN not in recorded.detail


async def test_erasure_keeps_the_record_and_removes_the_person(service: RunningService, config: Config) -> None:
    first, _, _ = await _file_ann_and_bob(service)
    await approve(service.db, config, first)
    held = await _export(service.db, ANN)
    references = sorted(t["reference"] for t in held["tickets"])
    requester = Requester.of(ANN, plus_addressing=True)

    async with service.db.session() as session:
        with pytest.raises(RequesterError, match="still open"):
            async with session.begin():
                await erase_requester(session, requester, by="alice", reason="Art. 17 request", now=utcnow())
    async with service.db.session() as session, session.begin():
        for reference in references:
            await close_ticket(session, reference=reference, by="alice", reason="answered")
    before = {reference: await show_ticket(service.db, reference) for reference in references}
    async with service.db.session() as session, session.begin():
        erased = await erase_requester(session, requester, by="alice", reason="Art. 17 request PRIV-1",
                                       now=utcnow())
    assert erased["tickets"] == len(references) and erased["messages"] == 3

    text = await database_text(service.db)
    for gone in ("MARK-ANN-1", "MARK-ANN-2", "MARK-ANN-CHAT", "ann.lee", "Ann Lee"):
        assert gone not in text, gone
    assert "MARK-BOB-1" in text and "bob@example.org" in text
    for reference in references:
        after = await show_ticket(service.db, reference)
        for kept in ("reference", "status", "intents", "primary", "received_at", "due_at"):
            assert after[kept] == before[reference][kept]
        assert [e["kind"] for e in after["events"]][:len(before[reference]["events"])] == \
               [e["kind"] for e in before[reference]["events"]]
        assert after["events"][-1]["kind"] == "content_purged" and after["events"][-1]["actor"] == "alice"
    again = await _export(service.db, ANN)
    assert all(again[kind] == [] for kind in ("tickets", "messages", "drafts", "replies", "chat_transcripts"))
    async with service.db.session() as session:
        [recorded] = (await session.execute(select(Event).where(Event.kind == "requester_erased"))).scalars()
    assert recorded.actor == "alice" and recorded.detail.startswith(f"requester sha256:{requester.digest}")
    assert "Art. 17 request PRIV-1" in recorded.detail


@pytest.mark.parametrize(("given", "plus", "stored", "found"), [
    ("Ann.Lee@Example.org", False, "ann.lee@example.org", True),
    ("ann.lee@example.org", False, "ann.lee+news@example.org", False),
    ("ann.lee@example.org", True, "ANN.LEE+news@example.org", True),
    ("ann.lee+x@example.org", True, "ann.lee@example.org", True),
    ("a_b@example.org", True, "axb@example.org", False),  # LIKE's wildcard is escaped
])
def test_addresses_match_normalised(given: str, plus: bool, stored: str, found: bool) -> None:
    assert Requester.of(given, plus_addressing=plus).matches(stored) is found


def test_a_non_address_is_refused() -> None:
    with pytest.raises(RequesterError, match="not an email address"):
        Requester.of("ann")


async def test_cli_export_to_a_private_file_and_erase_named_by_a_real_account(tmp_path: Path) -> None:
    """The command line (on SQLite; the library calls above run on both databases)."""
    config_file = await sqlite_config_with_account(tmp_path, "ada")
    refused = cli(config_file, "requester", "erase", ANN, "--by", "nobody", "--reason", "asked")
    assert refused.returncode == 1
    assert refused.stderr.decode().strip().splitlines() == [
        "privacy-assistant: --by nobody: no enabled console account has that name "
        "(create it with `privacy-assistant users add`)"]
    out = tmp_path / "export.json"
    exported = cli(config_file, "requester", "export", ANN, "--out", str(out))
    assert exported.returncode == 0, exported.stderr.decode()
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'assistant.db'}")
    async with db.session() as session:
        [actor] = (await session.execute(select(Event.actor).where(Event.kind == "requester_exported"))).scalars()
    await db.close()
    assert actor == f"cli:{getpass.getuser()}"  # no --by: the system user who ran it
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["requester"] == ANN
    erased = cli(config_file, "requester", "erase", ANN, "--by", "ada", "--reason", "asked")
    assert erased.returncode == 0 and erased.stdout.decode().strip() == "nothing held about this address"


async def test_an_opt_out_is_exported_and_survives_erasure_by_its_hash_only(service: RunningService) -> None:
    """Art. 21(3): after an erasure the address must still get no marketing, and nothing else of it stays."""
    raw = request_mail(name="Cleo", address="cleo@example.org", subject="Newsletter",
                       body="Please unsubscribe me from all your marketing emails. MARK-CLEO\n",
                       message_id="cleo.optout@example.org")
    reference = await ticket_for(service, raw)
    held = await _export(service.db, "cleo@example.org")
    [entry] = held["suppression"]
    assert entry["address"] == "cleo@example.org" and entry["in_force"]
    async with service.db.session() as session, session.begin():
        await close_ticket(session, reference=reference, by="alice", reason="unsubscribed")
    async with service.db.session() as session, session.begin():
        erased = await erase_requester(session, Requester.of("cleo@example.org"), by="alice", reason="Art. 17",
                                       now=utcnow())
    assert erased["suppression"] == 1
    assert "cleo@example.org" not in await database_text(service.db)
    async with service.db.session() as session:
        assert await is_suppressed(session, "Cleo@Example.org")  # still recognised, by its hash
    [after] = (await _export(service.db, "cleo@example.org"))["suppression"]
    assert after["address"] is None and after["in_force"]
