"""Context on the ticket page: the requester's other tickets and the replies already sent in one
timeline (on both databases), and internals said in words (a table of cases)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from assistant.storage.models import Ticket
from assistant.web.in_words import entity_words, event_words
from assistant.web.strings import translator
from tests.support.web import console_app, csrf_of, make_ticket, signed_in

t = translator("en")


@pytest.mark.parametrize(("stored", "expected"), [
    ({"references": [{"kind": "customer", "value": "C-448812"}]}, [("Customer number", "C-448812")]),
    ({"references": [{"kind": "invoice", "value": "F-2026-12"}], "phones": ["+33612345678"]},
     [("Phone number", "+33612345678"), ("Invoice number", "F-2026-12")]),
    ({"deadlines": [{"text": "avant le 3 mars 2026", "date": "2026-03-03"}]},
     [("Deadline asked for", "avant le 3 mars 2026 (2026-03-03)")]),
    ({"authorities": ["CNIL"], "minor": ["my son's account"]},
     [("Supervisory authority named", "CNIL"), ("About a child's data", "my son's account")]),
    ({"order_numbers": ["CMD-1234", "CMD-9"]}, [("Order number", "CMD-1234, CMD-9")]),  # an older shape, named in words
    ({"references": [{"kind": "membership", "value": "M-1"}]}, [("Membership number", "M-1")]),
    ({}, []),
    ("not a dict", []),
])
def test_entities_in_words(stored, expected) -> None:
    assert list(entity_words(stored, t)) == expected


@pytest.mark.parametrize(("kind", "detail", "expected"), [
    ("status_changed", "awaiting_approval -> open: reply approved, waiting to be sent",
     ("Status changed", "Awaiting approval → Open: reply approved, waiting to be sent")),
    ("stage_changed", "new -> awaiting_identity: identity to check (the deadline is paused)",
     ("Stage changed", "New → Awaiting identity: identity to check (the deadline is paused)")),
    ("status_changed", "open -> archived", ("Status changed", "Open → archived")),  # unknown: readable anyway
    ("draft_approved", "draft #7", ("Draft approved", "draft #7")),
    ("some_future_kind", "", ("Some future kind", "")),
    ("note_added", "a -> b", ("Note added", "a -> b")),  # only status and stage details are transitions
])
def test_events_in_words(kind, detail, expected) -> None:
    assert event_words(kind, detail, t) == expected


async def test_the_requesters_other_tickets_and_sent_replies_in_one_timeline(config, db) -> None:
    earlier = await make_ticket(db, requester="ana@example.org", subject="Copy of my data",
                                body="Dear Ana,\n\nHere is the copy of your data.")
    current = await make_ticket(db, requester="ana@example.org", subject="Now delete it")
    stranger = await make_ticket(db, requester="zoe@example.org", subject="Not Ana's")
    async with db.session() as session, session.begin():
        await session.execute(update(Ticket).where(Ticket.reference == current)
                              .values(entities={"references": [{"kind": "customer", "value": "C-448812"}]}))
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{earlier}")).text
        await http.post(f"/tickets/{earlier}/approve", data={"csrf_token": csrf_of(page)})
        shown = (await http.get(f"/tickets/{current}")).text
        alone = (await http.get(f"/tickets/{stranger}")).text
    context = re.search(r'<section class="card requester-context".*?</section>', shown, re.S).group(0)
    kinds = re.findall(r'data-context="([a-z_]+)"', context)
    assert kinds == ["other_ticket", "reply"]  # opened first, answered after
    assert f'href="/tickets/{earlier}">{earlier}</a>' in context and "Copy of my data" in context
    assert "Reply approved, being sent" in context and "Dear Ana, Here is the copy of your data." in context
    assert stranger not in context and "Not Ana" not in context
    assert "<dt>Customer number</dt><dd>C-448812</dd>" in shown and "{&#39;kind&#39;" not in shown
    assert "Nothing else from this requester" in alone
    approved = (await signed_in_page(config, db, earlier))
    assert "Awaiting approval → Open: reply approved, waiting to be sent" in approved
    assert "awaiting_approval -&gt; open" not in approved


async def signed_in_page(config, db, reference: str) -> str:
    async with signed_in(console_app(config, db), db, "bob") as http:
        return (await http.get(f"/tickets/{reference}")).text
