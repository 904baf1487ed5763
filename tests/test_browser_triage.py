"""Triage at speed in Debian's headless Chromium: the core loop "open the next ticket, check, approve"
counted in clicks and confirm boxes with the filters kept throughout; placeholders highlighted, jumped
to and refused before any confirm box; filters applied on change; keyboard shortcuts and their help."""

from __future__ import annotations

import pytest

from assistant.storage.database import Database
from assistant.storage.models import Message, Ticket
from assistant.storage.states import MessageState
from tests.support.browser import ARTEFACTS, chromium, publish_screenshots, seeded_console
from tests.support.web import PASSWORD, add_user, make_ticket

pytestmark = pytest.mark.browser
PLACEHOLDER = "[[STAFF: the date the account was deleted]]"


async def with_message(db: Database, reference: str, text: str) -> str:
    """The requester's mail on the ticket, as the pipeline would have stored it."""
    async with db.session() as session, session.begin():
        ticket = (await session.execute(Ticket.__table__.select().where(Ticket.reference == reference))).one()
        session.add(Message(channel="email", raw=text.encode(), message_id=f"<{reference}@example.com>",
                            content_hash=reference, ticket_id=ticket.id, from_address="jo@example.com",
                            from_name="Jo Example", subject="Delete my data", body_text=text, new_text=text,
                            state=MessageState.PROCESSED))
    return reference


async def seed(db: Database) -> dict[str, object]:
    await add_user(db, "alice", "staff")
    loop = [await with_message(db, await make_ticket(db, language="fr", due_in_days=2 + n, subject=f"Loop {n}",
                                                     requester="ines@example.fr", requester_name="Inès Martin"),
                               f"Bonjour, supprimez mon compte numéro {n}, merci.") for n in range(3)]
    await make_ticket(db, language="en", due_in_days=3, subject="English, not in the French queue")
    placeholder = await with_message(db, await make_ticket(
        db, language="de", subject="Needs a date", body=f"Dear Jo,\n\nWe deleted your account on {PLACEHOLDER}.\n"),
        "Please delete my account.")
    keys = [await make_ticket(db, language="it", due_in_days=5 + n, subject=f"Keys {n}") for n in range(3)]
    spam = [await make_ticket(db, language="nl", subject=f"Gratis prijs {n}") for n in range(3)]
    return {"loop": loop, "placeholder": placeholder, "keys": keys, "spam": spam}


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory):
    with seeded_console(tmp_path_factory, "triage", seed) as running:
        yield running


@pytest.fixture(scope="module")
def browser(console):
    with chromium() as started:
        yield started


class Counted:
    """A signed-in page whose clicks, key presses and confirm boxes are counted (the user's cost)."""

    def __init__(self, browser, console) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._accept)
        self.page.goto(console.url + "/")
        self.page.fill("input[name=name]", "alice")
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(console.url + "/")
        self.actions = 0

    def _accept(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        self.actions += 1  # accepting a confirm box is a click
        dialog.accept()

    def click(self, selector: str) -> None:
        self.actions += 1
        self.page.click(selector)

    def press(self, key: str) -> None:
        self.actions += 1
        self.page.keyboard.press(key)


def test_open_check_approve_takes_three_actions_and_never_loses_the_filters(browser, console) -> None:
    first, second, third = console.seeded["loop"]
    staff = Counted(browser, console)
    page = staff.page
    page.select_option("select[name=language]", "fr")  # applies on change: no Filter button to press
    page.wait_for_url("**language=fr**")
    assert page.locator("tbody tr").count() == 3
    assert page.is_hidden(".filters button[type=submit]")
    staff.actions = 0
    staff.click(f"tr[data-reference='{first}'] td.subject a")
    page.wait_for_selector("textarea[data-draft-body]")
    message, approve = page.locator(".message-text").first, page.locator("[data-approve]")
    assert "supprimez mon compte numéro 0" in message.inner_text()
    assert message.bounding_box()["y"] < approve.bounding_box()["y"]  # read before the Approve button
    staff.click("[data-approve]")
    page.wait_for_selector("text=Reply approved")
    assert staff.actions == 3 and len(staff.dialogs) == 1 and "language=fr" in page.url
    for expected in (second, third):
        staff.actions = 0
        staff.click("[data-next-after-done]")
        page.wait_for_selector(f"h1:has-text('{expected}')")
        staff.click("[data-approve]")
        page.wait_for_selector("text=Reply approved")
        assert staff.actions == 3, f"{expected}: {staff.actions} actions"
        if expected == second:  # the requester's history: the first ticket and the reply approved on it
            history = page.inner_text(".requester-context")
            assert first in history and "Reply approved, being sent" in history
            page.screenshot(path=str(ARTEFACTS / "ticket_triage.png"), full_page=True)
            publish_screenshots("ticket_triage.png")
    # Nothing awaits approval any more: the queue goes on with the open tickets (replies being sent).
    assert page.get_attribute("[data-next-after-done]", "href") == f"/tickets/{first}?language=fr"
    page.click("[data-back]")
    page.wait_for_url("**/?language=fr")
    assert page.input_value("select[name=language]") == "fr"
    assert page.locator("tbody tr").all_inner_texts() and all(
        "Awaiting approval" not in row and "Open" in row for row in page.locator("tbody tr").all_inner_texts())


def test_placeholders_are_highlighted_jumped_to_and_refused_before_any_confirm_box(browser, console) -> None:
    reference = console.seeded["placeholder"]
    staff = Counted(browser, console)
    page = staff.page
    page.check("input[name=needs_input]")
    page.wait_for_url("**needs_input=1**")
    row = page.locator(f"tr[data-reference='{reference}']")
    assert row.locator(".badge.needs-input").is_visible() and page.locator("tbody tr").count() == 1
    row.locator("td.subject a").click()
    page.wait_for_selector("textarea[data-draft-body]")
    assert page.locator(".placeholder-backdrop mark").all_inner_texts() == [PLACEHOLDER]
    marked = page.locator(".placeholder-backdrop mark").bounding_box()
    editor = page.locator("textarea[data-draft-body]").bounding_box()
    assert editor["y"] <= marked["y"] <= editor["y"] + editor["height"]  # the mark sits behind the editor's text
    page.click("[data-next-placeholder]")
    selected = "(() => { const a = document.querySelector('textarea[data-draft-body]');"
    selected += " return a.value.slice(a.selectionStart, a.selectionEnd); })()"
    assert page.evaluate(selected) == PLACEHOLDER
    page.evaluate("document.querySelector('textarea[data-draft-body]').setSelectionRange(0, 0)")
    page.click("[data-approve]")
    assert page.inner_text(".placeholder-refusal").startswith("Not sent: fill in the placeholders first")
    assert staff.dialogs == [] and page.evaluate(selected) == PLACEHOLDER  # no confirm box; jumped to it
    page.screenshot(path=str(ARTEFACTS / "ticket_placeholder.png"))
    publish_screenshots("ticket_placeholder.png")
    page.keyboard.type("3 May 2026")  # typed over the selected placeholder
    assert page.locator(".placeholder-backdrop mark").count() == 0
    staff.click("[data-approve]")
    page.wait_for_selector("text=Reply approved")
    assert len(staff.dialogs) == 1 and "needs_input=1" in page.url


def test_keyboard_shortcuts_with_a_help_dialog_and_none_while_typing(browser, console) -> None:
    keys = console.seeded["keys"]
    staff = Counted(browser, console)
    page = staff.page
    page.goto(console.url + "/?language=it")
    page.keyboard.press("?")
    dialog = page.locator("dialog[data-shortcuts]")
    assert dialog.is_visible() and page.evaluate("document.activeElement.closest('dialog') !== null")
    assert "Approve the draft" in dialog.inner_text()
    page.screenshot(path=str(ARTEFACTS / "queue_shortcuts.png"))
    publish_screenshots("queue_shortcuts.png")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.get_attribute("tr.current", "data-reference") == keys[0]
    page.keyboard.press("j")
    page.keyboard.press("/")
    page.keyboard.type("jk?")  # typed into the search box: no shortcut fires
    assert page.input_value("input[name=q]") == "jk?" and not dialog.is_visible()
    assert page.get_attribute("tr.current", "data-reference") == keys[1]
    page.locator("tr.current a[data-open]").focus()
    page.keyboard.press("o")
    page.wait_for_selector(f"h1:has-text('{keys[1]}')")
    assert "language=it" in page.url
    page.keyboard.press("j")
    page.wait_for_selector(f"h1:has-text('{keys[2]}')")
    page.keyboard.press("k")
    page.wait_for_selector(f"h1:has-text('{keys[1]}')")
    page.keyboard.press("a")  # the same confirm box as the button
    page.wait_for_selector("text=Reply approved")
    assert len(staff.dialogs) == 1 and "language=it" in page.url


def test_bulk_close_as_noise_from_a_filtered_queue(browser, console) -> None:
    spam = console.seeded["spam"]
    staff = Counted(browser, console)
    page = staff.page
    page.goto(console.url + "/?language=nl&sort=subject")
    page.check(f"input[name=pick][value^='{spam[0]}@']")
    assert page.inner_text("[data-picked]") == "1"
    page.check("[data-pick-all]")
    assert page.inner_text("[data-picked]") == "3"
    page.uncheck(f"input[name=pick][value^='{spam[2]}@']")
    page.click("button[value=noise]")
    page.wait_for_selector("text=Done (2)")
    assert len(staff.dialogs) == 1 and "never be answered" in staff.dialogs[0]
    assert page.locator("[data-done]").all_inner_texts() == spam[:2]
    page.click("[data-back]")
    page.wait_for_url("**/?language=nl&sort=subject")
    assert page.get_attribute("tbody tr", "data-reference") == spam[2]
    assert page.locator("tbody tr").count() == 1


def test_a_saved_view_restores_filters_and_sort(browser, console) -> None:
    page = Counted(browser, console).page
    page.goto(console.url + "/?language=it&sort=-due")
    page.fill("input[name=name]", "Italian, latest first")
    page.click("button:has-text('Save view')")
    page.wait_for_selector("[data-view='Italian, latest first']")
    page.check("[data-pick-all]")
    page.screenshot(path=str(ARTEFACTS / "queue_triage.png"), full_page=True)
    publish_screenshots("queue_triage.png")
    page.click("text=Reset")
    page.wait_for_url(console.url + "/")
    page.click("[data-view='Italian, latest first'] a")
    page.wait_for_url("**/?language=it&sort=-due")
    assert page.input_value("select[name=language]") == "it"
    assert page.get_attribute("th:has-text('Due')", "aria-sort") == "descending"
    page.click("[data-view='Italian, latest first'] button")
    page.wait_for_selector("text=No saved view yet")
    assert "language=it" in page.url
