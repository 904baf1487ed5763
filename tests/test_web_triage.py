"""Triage over HTTP, on both databases: "needs input" drafts found in the queue, columns sorted, and a
ticket page that keeps the queue's filters and sort for "Back to the queue", previous and next,
even after Approve has taken the ticket out of the filtered queue."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta

from assistant.storage.models import Ticket, utcnow
from tests.support.web import console_app, csrf_of, make_ticket, seed_tickets, signed_in

REFERENCE = re.compile(r'data-reference="([^"]+)"')
PLACEHOLDER_BODY = "Dear Jo,\n\nYour order [[STAFF: order number]] was deleted."


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


async def test_the_queue_shows_which_drafts_need_input_and_filters_on_it(config, db) -> None:
    needs = await make_ticket(db, subject="with placeholder", body=PLACEHOLDER_BODY, due_in_days=5)
    lenient = await make_ticket(db, subject="lower case marker", body="Hello [[ staff: date", due_in_days=6)
    clean = await make_ticket(db, subject="clean draft", due_in_days=4)
    await make_ticket(db, subject="open, no draft", status="open", due_in_days=3)
    async with signed_in(console_app(config, db), db, "alice") as http:
        everything = (await http.get("/")).text
        only = (await http.get("/?needs_input=1")).text
    row = re.search(rf'data-reference="{needs}">(.*?)</tr>', everything, re.S).group(1)
    assert 'class="badge needs-input">Needs input' in row
    clean_row = re.search(rf'data-reference="{clean}">(.*?)</tr>', everything, re.S).group(1)
    assert "Needs input" not in clean_row and ">Pending<" in clean_row
    assert REFERENCE.findall(only) == [needs, lenient]
    assert 'name="needs_input" value="1" checked' in only


async def test_columns_sort_both_ways_and_keep_the_filters(config, db) -> None:
    now = utcnow()
    b = await make_ticket(db, subject="Bravo", received_at=now - timedelta(days=3), language="fr")
    a = await make_ticket(db, subject="alpha", received_at=now - timedelta(days=1), language="fr")
    c = await make_ticket(db, subject="Charlie", status="open", received_at=now - timedelta(days=2), language="fr")
    await make_ticket(db, subject="English one", language="en")
    async with signed_in(console_app(config, db), db, "alice") as http:
        by_subject = (await http.get("/?language=fr&sort=subject")).text
        by_subject_down = (await http.get("/?language=fr&sort=-subject")).text
        by_received = (await http.get("/?language=fr&sort=received")).text
        by_status = (await http.get("/?language=fr&sort=-status")).text
        unknown = (await http.get("/?language=fr&sort=password")).text
    assert REFERENCE.findall(by_subject) == [a, b, c]  # case ignored; one list over every status
    assert REFERENCE.findall(by_subject_down) == [c, b, a]
    assert REFERENCE.findall(by_received) == [b, c, a]
    assert REFERENCE.findall(by_status)[0] == c  # open after awaiting approval in the workflow order
    assert REFERENCE.findall(unknown) == [b, a, c]  # an unknown sort is the triage order
    # The subject header links to the other direction, with the language filter kept.
    assert 'aria-sort="ascending"><a class="sort sort-ascending" href="/?language=fr&amp;sort=-subject"' in by_subject
    assert 'name="sort" value="subject"' in by_subject  # changing a filter keeps the sort


async def test_a_ticket_keeps_the_queue_for_back_previous_and_next(config, db) -> None:
    first = await make_ticket(db, language="fr", due_in_days=2, subject="first")
    await make_ticket(db, language="en", due_in_days=3, subject="english, filtered out")
    second = await make_ticket(db, language="fr", due_in_days=4, subject="second")
    third = await make_ticket(db, language="fr", status="open", due_in_days=1, subject="third, open")
    async with signed_in(console_app(config, db), db, "alice") as http:
        queue = (await http.get("/?language=fr")).text
        assert REFERENCE.findall(queue) == [first, second, third]
        assert f'href="/tickets/{first}?language=fr"' in queue
        page = (await http.get(f"/tickets/{second}?language=fr")).text
        assert link(page, "prev") == f"/tickets/{first}?language=fr"
        assert link(page, "next") == f"/tickets/{third}?language=fr"
        assert 'href="/?language=fr" data-back' in page
        assert 'name="queue" value="language=fr"' in page
        last = (await http.get(f"/tickets/{third}?language=fr")).text
        assert link(last, "next") is None and "Last ticket of the queue" in last
        hostile = (await http.get(f"/tickets/{second}?language=fr&q=%22%3E%3Cscript%3E&evil=1")).text
        assert "<script>" not in hostile.split("<main", 1)[1] and "evil" not in hostile


async def test_approve_from_a_filtered_queue_returns_with_the_filters_and_the_next_ticket(config, db) -> None:
    first = await make_ticket(db, language="fr", due_in_days=2)
    second = await make_ticket(db, language="fr", due_in_days=4)
    opened = await make_ticket(db, language="fr", status="open", due_in_days=1)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{first}?language=fr")).text
        done = await http.post(f"/tickets/{first}/approve", data={
            "csrf_token": csrf_of(page), "queue": "language=fr", "body": "Dear Jo,\n\nDone."})
        assert done.status_code == 303
        location = done.headers["location"]
        assert location.startswith(f"/tickets/{first}?language=fr&done=approve")
        after = (await http.get(location)).text
        # Approved, the ticket is "open" now, but its next ticket is still the one after it in the queue.
        assert "Reply approved" in after and link(after, "next") == f"/tickets/{second}?language=fr"
        assert f'href="/tickets/{second}?language=fr" data-next-after-done' in after
        refused = await http.post(f"/tickets/{second}/approve", data={
            "csrf_token": csrf_of(after), "queue": "language=fr", "body": PLACEHOLDER_BODY})
        assert refused.status_code == 409 and "placeholders remain" in refused.text
        assert 'href="/?language=fr" data-back' in refused.text  # a refusal keeps the queue too
        assert link(refused.text, "next") == f"/tickets/{opened}?language=fr"


async def test_the_requester_message_comes_before_the_draft_and_its_approve_button(config, db) -> None:
    reference = await make_ticket(db, body=PLACEHOLDER_BODY)
    async with signed_in(console_app(config, db), db, "alice") as http:
        page = (await http.get(f"/tickets/{reference}")).text
    assert page.index("<h2>Messages</h2>") < page.index("<h2>Draft reply</h2>") < page.index("data-approve")


async def test_previous_and_next_stay_right_and_quick_with_20000_tickets(config, db) -> None:
    await seed_tickets(db, 20_000)
    async with db.session() as session:
        columns = (Ticket.id, Ticket.reference, Ticket.status, Ticket.due_at)
        rows = (await session.execute(Ticket.__table__.select().with_only_columns(*columns))).all()
    triage = [r.reference for r in sorted(rows, key=lambda r: (r.status != "awaiting_approval", r.due_at, r.id))]
    latest_due = [r.reference for r in sorted(rows, key=lambda r: (r.due_at, r.id), reverse=True)]
    timings: list[float] = []
    async with signed_in(console_app(config, db), db, "alice") as http:
        for order, query in ((triage, ""), (latest_due, "?sort=-due")):
            for position in (0, 4999, 5000, 12345, 19999):  # 5,000 awaiting approval, then the open ones
                started = time.perf_counter()
                page = (await http.get(f"/tickets/{order[position]}{query}")).text
                timings.append(time.perf_counter() - started)
                suffix = query
                expected_prev = f"/tickets/{order[position - 1]}{suffix}" if position else None
                expected_next = f"/tickets/{order[position + 1]}{suffix}" if position < 19999 else None
                assert (link(page, "prev"), link(page, "next")) == (expected_prev, expected_next), position
    print(f"ticket page with previous/next at 20,000 tickets: median {sorted(timings)[len(timings) // 2]:.3f} s,"
          f" slowest {max(timings):.3f} s")
    assert max(timings) < 2.0, f"slowest ticket page {max(timings):.2f} s"
