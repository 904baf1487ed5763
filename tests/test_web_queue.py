"""The queue: awaiting approval first, then by due date; filters; search; pages that stay right at scale."""

from __future__ import annotations

import re
import time

import pytest

from assistant.storage.models import Ticket
from assistant.web.ticket_queue import QueueFilters, queue_page
from tests.support.web import console_app, make_ticket, seed_tickets, signed_in

REFERENCE = re.compile(r'data-reference="([^"]+)"')


async def test_awaiting_approval_comes_first_then_the_earliest_due(config, db) -> None:
    open_soon = await make_ticket(db, status="open", due_in_days=1, subject="open, due tomorrow")
    waiting_late = await make_ticket(db, due_in_days=25, subject="awaiting, due late")
    waiting_soon = await make_ticket(db, due_in_days=3, subject="awaiting, due soon")
    open_later = await make_ticket(db, status="open", due_in_days=9, subject="open, due later")
    await make_ticket(db, status="closed", due_in_days=-3, subject="closed")
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get("/")
    assert REFERENCE.findall(page.text) == [waiting_soon, waiting_late, open_soon, open_later]


async def test_an_overdue_ticket_stands_out(config, db) -> None:
    late = await make_ticket(db, due_in_days=-2)
    await make_ticket(db, due_in_days=10)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get("/")).text
    row = re.search(rf'<tr class="([^"]*)" data-reference="{late}">(.*?)</tr>', page, re.S)
    assert row and "overdue" in row.group(1)
    assert "Overdue" in row.group(2) and "2 days late" in row.group(2)
    assert page.count('class="badge overdue"') == 1


@pytest.mark.parametrize(("query", "expected"), [
    ("intent=access", {"access"}),
    ("language=fr", {"french"}),
    ("needs_review=1", {"review"}),
    ("overdue=1", {"late"}),
    ("status=closed", {"closed"}),
    ("q=ines%40example.org", {"french"}),
    ("q=refund%20my%20invoice", {"review"}),
])
async def test_filters_and_search(config, db, query: str, expected: set[str]) -> None:
    names = {
        "access": await make_ticket(db, intents=("access",), subject="copy of my data"),
        "french": await make_ticket(db, language="fr", requester="ines@example.org", subject="suppression"),
        "review": await make_ticket(db, needs_review=True, intents=("question", "deletion"),
                                    subject="Refund my invoice please"),
        "late": await make_ticket(db, due_in_days=-1, subject="late one"),
        "closed": await make_ticket(db, status="closed", subject="closed one"),
    }
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get(f"/?{query}")
    shown = set(REFERENCE.findall(page.text))
    assert shown == {names[name] for name in expected}


async def test_search_by_reference_opens_exactly_that_ticket(config, db) -> None:
    wanted = await make_ticket(db)
    await make_ticket(db)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = await http.get(f"/?q={wanted.lower()}")
    assert REFERENCE.findall(page.text) == [wanted]


async def test_page_n_is_right_and_quick_with_20000_tickets(config, db) -> None:
    await seed_tickets(db, 20_000)
    async with db.session() as session:
        all_rows = (await session.execute(
            Ticket.__table__.select().with_only_columns(Ticket.reference, Ticket.status, Ticket.due_at))).all()
    expected = [r.reference for r in sorted(all_rows, key=lambda r: (r.status != "awaiting_approval", r.due_at,
                                                                       int(r.reference[-6:])))]
    async with db.session() as session:
        for page in (1, 199, 200, 201, 800):  # 5,000 awaiting = pages 1-200 of 25; 201 starts the open ones
            started = time.perf_counter()
            result = await queue_page(session, QueueFilters(), page=page, per_page=25)
            elapsed = time.perf_counter() - started
            assert [row.ticket.reference for row in result.rows] == expected[(page - 1) * 25: page * 25]
            assert result.total == 20_000 and result.pages == 800
            assert elapsed < 2.0, f"page {page} took {elapsed:.2f} s"
    async with signed_in(console_app(config, db), db, "alice") as http:
        html = (await http.get("/?page=201")).text
    assert REFERENCE.findall(html) == expected[5000:5025]
    assert "Page 201 of 800" in html and 'rel="next"' in html and 'rel="prev"' in html
