"""Two members of staff in Debian's headless Chromium, on one queue: a collision on one draft (the
second save refused with its text shown back), a stale Approve refused, assignment and "my tickets",
a note with an @mention, a free reply after Reject, and reopening a closed ticket."""

from __future__ import annotations

import pytest

from assistant.storage.database import Database
from tests.support.browser import ARTEFACTS, browser_fixture, console_fixture, publish_screenshots, signed_in_page
from tests.support.web import add_user, make_ticket

pytestmark = pytest.mark.browser


async def seed(db: Database) -> dict[str, str]:
    for name in ("alice", "bob"):
        await add_user(db, name, "staff")
    await add_user(db, "root", "admin")
    names = ("collision", "stale_approve", "assignment", "mention", "free_reply", "reopen")
    return {name: await make_ticket(db, subject=f"Request {name}", body="Dear Jo,\n\nWe will delete it.")
            for name in names}


browser = browser_fixture()
console = console_fixture("teamwork", seed)


def staff_page(browser, console, name: str):
    return signed_in_page(browser, console.url, name)


def open_ticket(page, console, reference: str) -> None:
    page.goto(f"{console.url}/tickets/{reference}")
    page.wait_for_selector("h1 .ref")


def test_two_staff_collide_on_one_draft_and_nothing_is_lost(browser, console) -> None:
    reference = console.seeded["collision"]
    alice, bob = staff_page(browser, console, "alice"), staff_page(browser, console, "bob")
    open_ticket(alice, console, reference)
    open_ticket(bob, console, reference)
    assert "alice is viewing it" in bob.inner_text(".meta.team")
    alice.fill("textarea[name=body]", "Dear Jo,\n\nWe deleted your account on 3 May.")
    alice.click("button:has-text('Save draft')")
    alice.wait_for_selector("text=Draft saved.")
    with bob.expect_response(lambda response: response.url.endswith("/presence")) as typing_reported:
        bob.fill("textarea[name=body]", "Hello Jo,\n\nWe will delete it soon.")
    assert typing_reported.value.ok  # the page's script told the service bob is typing
    alice.reload()
    assert "bob is editing it" in alice.inner_text(".meta.team")
    bob.click("button:has-text('Save draft')")
    bob.wait_for_selector("text=Someone else changed this ticket")
    assert "Changed by alice" in bob.inner_text("[data-stale]")
    assert bob.input_value("textarea[name=body]") == "Dear Jo,\n\nWe deleted your account on 3 May."
    assert bob.input_value("#your-text") == "Hello Jo,\n\nWe will delete it soon."  # shown back to merge
    bob.fill("textarea[name=body]", "Hello Jo,\n\nWe deleted your account on 3 May.")  # merged by hand
    bob.click("button:has-text('Save draft')")
    bob.wait_for_selector("text=Draft saved.")
    history = bob.inner_text(".draft-history")
    assert "by alice" in history and "by bob" in history and "by system" in history
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    bob.screenshot(path=str(ARTEFACTS / "ticket_teamwork.png"), full_page=True)
    publish_screenshots("ticket_teamwork.png")


def test_a_stale_approve_is_refused_and_the_stale_body_never_sent(browser, console) -> None:
    reference = console.seeded["stale_approve"]
    alice, bob = staff_page(browser, console, "alice"), staff_page(browser, console, "bob")
    open_ticket(alice, console, reference)
    open_ticket(bob, console, reference)
    alice.fill("textarea[name=body]", "Dear Jo,\n\nDone today, as you asked.")
    alice.click("button:has-text('Save draft')")
    alice.wait_for_selector("text=Draft saved.")
    bob.click("button:has-text('Approve and send')")
    bob.wait_for_selector("text=Someone else changed this ticket")
    bob.goto(f"{console.url}/tickets/{reference}")
    assert bob.locator("button:has-text('Approve and send')").count() == 1  # still pending: nothing sent
    assert bob.input_value("textarea[name=body]") == "Dear Jo,\n\nDone today, as you asked."


def test_take_assign_and_my_tickets(browser, console) -> None:
    reference = console.seeded["assignment"]
    alice, bob = staff_page(browser, console, "alice"), staff_page(browser, console, "bob")
    open_ticket(alice, console, reference)
    alice.click("button:has-text('Take it')")
    alice.wait_for_selector("text=Assigned to alice")
    alice.select_option("select[name=assignee]", "bob")
    alice.click("button:has-text('Assign')")
    alice.wait_for_selector("text=Assigned to bob")
    bob.check("input[name=mine]")  # applied on change
    bob.wait_for_url("**mine=1**")
    rows = bob.locator("tbody tr")
    assert rows.count() == 1 and reference in rows.first.inner_text() and "bob" in rows.first.inner_text()


def test_a_note_mentions_a_colleague(browser, console) -> None:
    reference = console.seeded["mention"]
    alice, bob = staff_page(browser, console, "alice"), staff_page(browser, console, "bob")
    open_ticket(alice, console, reference)
    alice.fill("textarea[name=note]", "@bob can you check the customer number? <b>not bold</b>")
    alice.click("button:has-text('Add note')")
    alice.wait_for_selector("text=Note added.")
    bob.goto(console.url + "/?mine=1")
    bob.click(f"a:has-text('{reference}')")
    assert bob.inner_text("mark.mention") == "@bob"
    assert "<b>not bold</b>" in bob.inner_text(".note-list")  # shown as text, not markup


def test_a_free_reply_after_reject_in_french(browser, console) -> None:
    reference = console.seeded["free_reply"]
    admin = staff_page(browser, console, "root")
    admin.click("nav a:has-text('Snippets')")
    admin.fill("input[name=name]", "Signature FR")
    admin.select_option("select[name=language]", "fr")
    admin.fill("textarea[name=body]", "\n\nL'équipe {{ privacy }} de SODEPAC")
    admin.click("button:has-text('Save')")
    admin.wait_for_selector("text=Snippet saved.")
    alice = staff_page(browser, console, "alice")
    open_ticket(alice, console, reference)
    alice.click("summary:has-text('Reject the draft')")
    alice.fill("details[open] textarea[name=reason]", "the requester asked a question, not a deletion")
    alice.click("details[open] button:has-text('Reject')")
    alice.wait_for_selector("text=Draft rejected.")
    alice.select_option("select[name=language]", "fr")
    alice.fill("textarea[data-compose]", "Bonjour,\n\nPouvez-vous nous donner votre numéro de client ?")
    alice.click("a[data-snippet]:has-text('Signature FR')")  # inserted as typed, at the cursor
    assert alice.input_value("textarea[data-compose]").endswith("L'équipe {{ privacy }} de SODEPAC")
    alice.click("button:has-text('Make it the draft')")
    alice.wait_for_selector("text=Your reply is the draft now")
    assert "numéro de client" in alice.input_value("textarea[name=body]")
    alice.click("button:has-text('Approve and send')")
    alice.wait_for_selector("text=Reply approved; it is being sent.")


def test_reopen_a_closed_ticket_with_the_reason(browser, console) -> None:
    reference = console.seeded["reopen"]
    alice = staff_page(browser, console, "alice")
    open_ticket(alice, console, reference)
    alice.click("summary:has-text('Close the ticket')")
    alice.click("details[open] button:has-text('Close')")
    alice.wait_for_selector("text=Ticket closed.")
    assert "reopen it, with the reason" in alice.inner_text("#compose")
    alice.click("summary:has-text('Reopen')")
    alice.fill(".reopen textarea[name=reason]", "the requester wrote back with the missing detail")
    alice.click("button:has-text('Reopen the ticket')")
    alice.wait_for_selector("text=Ticket reopened.")
    assert "Ticket reopened" in alice.inner_text(".timeline")
    assert alice.locator("textarea[data-compose]").count() == 1
