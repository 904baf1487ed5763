"""Every console page, and the chat, in Debian's headless Chromium at a desktop (1366 px) and a phone
(390 px) width, checked by axe-core: no serious or critical violation. At 390 and 320 px the page must
not scroll sideways (WCAG 1.4.10 reflow), the queue shows subject, intents and due date, and French
content is marked `lang="fr"` so screen readers and spell-check use French.

Screenshots of each page at both sizes go to tests/artefacts/ (and docs/screenshots/ with
REFRESH_DOC_SCREENSHOTS=1)."""

from __future__ import annotations

import pytest

from assistant.storage.database import Database
from assistant.storage.models import Message, Snippet
from assistant.tickets.service import get_ticket
from tests.support.axe import axe_violations, describe, page_overflow
from tests.support.browser import ARTEFACTS, browser_fixture, console_fixture, publish_screenshots, signed_in_page
from tests.support.web import add_user, make_ticket

pytestmark = pytest.mark.browser

FRENCH_DRAFT = "Bonjour Madame Martin,\n\nNous avons bien reçu votre demande d'effacement.\n\nL'équipe SODEPAC"
FRENCH_MAIL = "Bonjour,\n\nMerci de supprimer toutes mes données personnelles.\n\nInès Martin"


async def seed(db: Database) -> dict[str, str]:
    await add_user(db, "alice", "admin")
    french = await make_ticket(db, subject="Suppression de mes données personnelles et de mon compte client",
                               requester="ines.martin@example.fr", requester_name="Inès Martin", language="fr",
                               due_in_days=-3, body=FRENCH_DRAFT)
    english = await make_ticket(db, subject="Copy of all the data you hold about me", intents=("access",),
                                requester="jonathan.very-long-address@example-subsidiary.co.uk", needs_review=True)
    await make_ticket(db, subject="Stop sending me newsletters", intents=("opt_out", "objection"), status="open")
    async with db.session() as session, session.begin():
        ticket = await get_ticket(session, french)
        session.add(Message(
            channel="email", raw=b"", message_id="<fr-1@example.fr>", content_hash="f" * 64, state="processed",
            ticket_id=ticket.id, from_address="ines.martin@example.fr", subject=ticket.subject, language="fr",
            body_text=FRENCH_MAIL, new_text=FRENCH_MAIL,
            attachments=[{"filename": "piece-identite-recto-verso.pdf", "content_type": "application/pdf",
                          "size": 48_213}]))
        session.add(Snippet(name="Accusé de réception", language="fr", body="Bonjour,\n\nNous avons bien reçu…",
                            updated_by="alice"))
    return {"french": french, "english": english}


browser = browser_fixture()
console = console_fixture("accessibility", seed, chat={"answer_wait_seconds": 0.2})


def console_pages(console) -> dict[str, str]:
    return {
        "queue": "/",
        "ticket_fr": f"/tickets/{console.seeded['french']}",
        "ticket_en": f"/tickets/{console.seeded['english']}",
        "audit": "/audit",
        "snippets": "/snippets",
        "suppression": "/suppression",
    }


def check_page(page, name: str, width: int) -> list[str]:
    """axe-core's serious findings and any sideways scrolling, in words; a screenshot kept."""
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(f"{name} at {width}px:\n{describe(violations)}")
    overflow = page_overflow(page)
    if overflow > 0:
        problems.append(f"{name} at {width}px scrolls sideways by {overflow}px")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"a11y_{name}_{width}.png"), full_page=True)
    return problems


@pytest.mark.parametrize("width", [1366, 390, 320])
def test_every_page_passes_axe_and_reflows(browser, console, width: int) -> None:
    anonymous = browser.new_context(viewport={"width": width, "height": 860}, locale="en-GB").new_page()
    anonymous.set_default_timeout(120_000)  # the first chat message loads the intent model
    anonymous.goto(console.url + "/sign-in")
    problems = check_page(anonymous, "sign_in", width)
    anonymous.goto(console.url + "/chat")
    problems += check_page(anonymous, "chat", width)
    anonymous.fill("input[name=address]", "jo.example@example.com")
    anonymous.fill("textarea[name=message]", "Hello, how long do you keep my data?")
    anonymous.click("button[type=submit]")
    anonymous.wait_for_selector(".chat-thread")
    problems += check_page(anonymous, "chat_answer", width)
    page = signed_in_page(browser, console.url, "alice", width=width)
    for name, path in console_pages(console).items():
        page.goto(console.url + path)
        problems += check_page(page, name, width)
    assert not problems, "\n".join(problems)
    if width != 320:
        publish_screenshots(*(f"a11y_{name}_{width}.png" for name in ("queue", "ticket_fr", "chat_answer")))


def test_a_phone_shows_subject_intents_and_due_date_on_screen(browser, console) -> None:
    page = signed_in_page(browser, console.url, "alice", width=390)
    row = page.locator(f"tr[data-reference='{console.seeded['french']}']")
    for part in ("td.subject", "td.intents", "td.due"):
        box = row.locator(part).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (part, box)
    assert "3 days late" in row.locator("td.due").inner_text()
    page.goto(f"{console.url}/tickets/{console.seeded['french']}")
    due = page.locator(".due-box").bounding_box()
    assert due and due["x"] >= 0 and due["x"] + due["width"] <= 390  # not clipped


def test_french_content_is_marked_french_for_screen_readers_and_spell_check(browser, console) -> None:
    page = signed_in_page(browser, console.url, "alice")
    assert page.locator("td.subject a[lang=fr]", has_text="Suppression de mes données").count() == 1
    page.goto(f"{console.url}/tickets/{console.seeded['french']}")
    assert page.get_attribute("textarea[name=body][spellcheck=true]", "lang") == "fr"
    assert "Merci de supprimer" in page.inner_text(".message-text[lang=fr]")
    assert page.get_attribute("textarea[data-compose]", "lang") == "fr"
    page.select_option("select[name=language]", "en")  # the free reply's language, chosen by staff
    assert page.get_attribute("textarea[data-compose]", "lang") == "en"
    page.goto(f"{console.url}/tickets/{console.seeded['english']}")
    assert page.get_attribute("textarea[name=body]", "lang") == "en"
    page.goto(f"{console.url}/snippets")
    assert page.get_attribute("pre.snippet-text", "lang") == "fr"


@pytest.mark.parametrize("width", [390, 320])
def test_staff_switch_the_console_to_french_in_the_header_and_it_stays_accessible(
        browser, console, width: int) -> None:
    page = signed_in_page(browser, console.url, "alice", width=width)
    page.goto(f"{console.url}/tickets/{console.seeded['english']}")
    page.click("form.language-switch button[lang=fr]")
    page.wait_for_selector("text=Se déconnecter")
    assert page.url.endswith(f"/tickets/{console.seeded['english']}")  # still on the same ticket
    assert page.get_attribute("html", "lang") == "fr"
    assert page.get_attribute("textarea[name=body]", "lang") == "en"  # the English draft stays marked English
    problems = check_page(page, "ticket_en_in_french", width)
    page.goto(console.url + "/")
    problems += check_page(page, "queue_in_french", width)
    assert not problems, "\n".join(problems)
    assert "File des demandes" in page.inner_text("h1")
    page.click("form.language-switch button[lang=en]")
    page.wait_for_selector("text=Sign out")
    assert page.get_attribute("html", "lang") == "en"
