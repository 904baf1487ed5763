"""Filing a batch in one transaction gives exactly what filing its messages one by one gives.

The batch writes its rows together (issue 16: fewer flushes and statements), so a message must
still see what an earlier message of the SAME batch created: the requester's ticket it threads
into, a ticket named by reference, an address already on the suppression list. The corpus below
holds each of those cases inside one batch; the one-by-one run in a second database is the oracle.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.intake import accept
from assistant.pipeline.context import PipelineTools
from assistant.pipeline.reading import ThreadReader
from assistant.pipeline.runner import ReadBatch, file_batch, read_batch
from assistant.storage.database import Database
from assistant.storage.models import Draft, DraftRevision, Event, Message, OutboxItem, Suppression, Ticket
from assistant.tickets.references import format_reference
from tests.conftest import INBOX, make_config

OUR_SERVER = "mx.sodepac.com"
OUR_MESSAGE_ID = re.compile(r"<[0-9a-f]+@sodepac\.com>")  # random: drafts and acknowledgements mint one each
YEAR = datetime.now(UTC).year


def mail(number: int, sender: str, subject: str, body: str, *, in_reply_to: str | None = None,
         proven: bool = False, auto: bool = False) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = INBOX
    message["Subject"] = subject
    message["Message-ID"] = f"<corpus-{number}@example.org>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    if proven:  # our own server saw a DMARC pass for the From domain (steps/identity.py)
        message["Authentication-Results"] = f"{OUR_SERVER}; dmarc=pass header.from={sender.rsplit('@', 1)[1]}"
    if auto:
        message["Auto-Submitted"] = "auto-replied"
    message.set_content(body)
    return bytes(message)


def reference(ticket_number: int) -> str:
    """Ticket ids count from 1 in a fresh database, in filing order."""
    return format_reference(YEAR, ticket_number)


CORPUS = [
    mail(1, "alice@example.org", "Delete my data", "Hello, please delete my account and all my personal data."),
    mail(2, "alice@example.org", "Re: Delete my data", "Also, please send me a copy of the data you hold on me.",
         proven=True),  # same requester and subject, in the same batch: threads into ticket 1
    mail(3, "bob@example.net", "Access request", "I want a copy of all the personal data you hold about me."),
    mail(4, "bob@example.net", "Complaint", f"I am complaining: you never answered my request {reference(2)}. "
         "This is unacceptable, I will go to the CNIL."),  # a complaint naming a ticket of this batch
    mail(5, "carol@example.com", "Unsubscribe", "Stop sending me your marketing newsletters, unsubscribe me."),
    mail(6, "carol@example.com", "STOP", "Unsubscribe me from all marketing emails now, please."),  # listed already
    mail(7, "dave@example.com", f"Re: [{reference(1)}] Delete my data",
         "Please also delete my data."),  # another sender naming alice's ticket: kept apart, linked
    mail(8, "alice@example.org", "Re: Delete my data again", "Any news about my deletion?",
         in_reply_to="<corpus-1@example.org>"),  # a reply to a message of this batch, not proven
    mail(9, "eve@example.com", "Re: Delete my data", "Please send me her data.",
         in_reply_to="<corpus-1@example.org>"),  # quotes alice's Message-ID: linked, never threaded
    mail(10, "mailer@example.com", "Out of office", "I am out of the office until Monday.", auto=True),
    mail(11, "frank@example.com", "My mother's data", "I am writing on behalf of my mother, please delete "
         "all the personal data you hold about her."),
    mail(12, "grace@example.com", "Rectification", "My address is wrong in your records, please correct it."),
    mail(13, "grace@example.com", "Complaint", "I complain: nobody corrected my address, I will contact "
         "the CNIL."),  # a complaint about the same requester's earlier request of this batch
    mail(14, "carol@example.com", "Re: Unsubscribe", "Unsubscribe me, I said stop the newsletter.", proven=True),
]


@pytest.fixture
def second_url(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / 'one-by-one.db'}"
    return request.getfixturevalue("pg_cluster").create_database(f"test_oracle_{uuid.uuid4().hex[:12]}")


async def stored(db: Database) -> list[int]:
    """The envelope sender aligned with From: new requests are acknowledged (their flush comes mid-batch)."""
    return [(await accept(db, raw, channel="email", envelope_sender=message_from_bytes(raw)["From"])).message_pk
            for raw in CORPUS]


async def dump(db: Database) -> dict[str, list]:
    """What staff and reports see of the filing (not timestamps, not our random Message-IDs)."""
    async with db.session() as session:
        def rows(model):
            return session.execute(select(model).order_by(model.id))

        tickets = (await rows(Ticket)).scalars().all()
        return {
            "tickets": [(t.id, t.reference, t.requester, t.status, t.stage, t.identity, t.version, t.intents,
                         t.primary, t.needs_review, t.review_reasons, t.entities, t.linked_ticket_id,
                         t.earlier_ticket_id, t.due_at == min((r.due_at for r in t.requests), default=t.due_at),
                         [(r.id, r.intent, r.message_pk, r.stage, r.fulfilled_at) for r in t.requests])
                        for t in tickets],
            "drafts": [(d.id, d.ticket_id, d.kind, d.status, d.subject, d.body, d.intents, d.in_reply_to)
                       for d in (await rows(Draft)).scalars()],
            "events": [(e.id, e.ticket_id, e.message_pk, e.actor, e.kind, OUR_MESSAGE_ID.sub("<ours>", e.detail))
                       for e in (await rows(Event)).scalars()],
            "revisions": [(r.id, r.draft_id, r.ticket_id, r.ticket_version, r.body, r.by)
                          for r in (await rows(DraftRevision)).scalars()],
            "messages": [(m.id, m.state, m.attempts, m.ticket_id, m.from_address, m.subject, m.new_text, m.intents,
                          m.primary, m.noise_rule, m.thread_rule, m.decision_rule, m.processed_at is not None)
                         for m in (await rows(Message)).scalars()],
            "suppression": [(s.id, s.address, s.ticket_id, s.removed_at) for s in (await rows(Suppression)).scalars()],
            "outbox": [(o.id, o.kind, o.ticket_id, o.recipients, o.state) for o in (await rows(OutboxItem)).scalars()],
        }


def differences(batch: list[tuple], alone: list[tuple]) -> list[str]:
    """Which fields of which rows differ, readably (a draft's body is long)."""
    found = [f"row {row[0]} field {at}: {row[at]!r:.300} != {other[at]!r:.300}"
             for row, other in zip(batch, alone, strict=False) for at in range(len(row)) if row[at] != other[at]]
    return found + ([f"{len(batch)} rows != {len(alone)} rows"] if len(batch) != len(alone) else [])


async def test_one_batch_files_exactly_as_one_message_at_a_time(
        tmp_path: Path, database_url: str, second_url: str, classifier) -> None:
    config = make_config(tmp_path, database_url, identity={"authserv_id": OUR_SERVER},
                         replies={"acknowledge": True})
    tools = PipelineTools(config=config, classifier=classifier)
    batch_db, alone_db = Database(database_url), Database(second_url)
    try:
        for db in (batch_db, alone_db):
            await db.migrate()
        pks = await stored(batch_db)
        assert await stored(alone_db) == pks
        read = await read_batch(batch_db, ThreadReader(tools), pks)
        assert not read.failures and len(read.contexts) == len(CORPUS)
        copies = [replace(ctx, concerns=list(ctx.concerns)) for ctx in read.contexts]

        in_batch = await file_batch(batch_db, tools, read)
        one_by_one = [(await file_batch(alone_db, tools, ReadBatch([ctx.message_pk], [ctx], {})))[0]
                      for ctx in copies]

        assert [o.state for o in in_batch] == ["processed"] * len(CORPUS)
        assert in_batch == one_by_one
        batch_rows, alone_rows = await dump(batch_db), await dump(alone_db)
        for table in batch_rows:
            assert batch_rows[table] == alone_rows[table], differences(batch_rows[table], alone_rows[table])
        # The corpus does hold the cases it claims to, inside the one batch:
        messages = {row[0]: row for row in batch_rows["messages"]}
        assert messages[pks[1]][3] == messages[pks[0]][3]  # alice's second message threads into her ticket
        assert messages[pks[1]][10] == "same requester and subject"
        assert messages[pks[7]][10] == "reply headers"  # its query flushed the batch's rows so far:
        assert messages[pks[13]][3] == messages[pks[4]][3]  # so carol's third, after it, must query again
        assert "kept apart and linked" in messages[pks[6]][10] and "kept apart and linked" in messages[pks[8]][10]
        kinds = [event[4] for event in batch_rows["events"]]
        assert kinds.count("complaint_linked") == 2 and kinds.count("suppressed") == 1
        assert len(batch_rows["suppression"]) == 1
        assert {item[1] for item in batch_rows["outbox"]} == {"acknowledgement"}
    finally:
        await batch_db.close()
        await alone_db.close()
