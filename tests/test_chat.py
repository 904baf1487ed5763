"""The website chat: a visitor's message is stored through the one intake as mail of channel "chat",
becomes a ticket like any mail, and the visitor is answered at once with the policy's own words,
in English or French. Bad input, forged posts, floods and a failing database are refused clearly."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from email import message_from_bytes
from email.policy import default as default_policy

import httpx
import pytest
from sqlalchemy import func, select
from starlette.routing import Mount, Route

import assistant.intake
from assistant.channels.chat import (
    MESSAGE_ID_DOMAIN,
    ChatInputError,
    chat_subject,
    clean_address,
    clean_name,
)
from assistant.config import Config
from assistant.pipeline.runner import process_message
from assistant.storage.database import Database
from assistant.storage.models import Draft, Message, OutboxItem, Ticket
from assistant.web import create_app
from replies.policy import passage
from tests.conftest import INBOX
from tests.support.web import CHEAP, csrf_of

RETENTION_EN = passage("retention", "en")
RETENTION_FR = passage("retention", "fr")


def chat_config(config: Config, **changes: object) -> Config:
    return replace(config, chat=replace(config.chat, **{"answer_wait_seconds": 0.0, **changes}))


@pytest.fixture(autouse=True)
def _shared_classifier(classifier, monkeypatch) -> None:
    """Every app of this module gets the session's classifier (loading one per test takes seconds)."""
    monkeypatch.setitem(_SHARED, "classifier", classifier)


_SHARED: dict[str, object] = {}


def chat_app(config: Config, db: Database, *, on_stored=None):
    return create_app(config, db, secret_key=b"chat-key" * 4, hasher=CHEAP, on_message_stored=on_stored,
                      classifier=_SHARED.get("classifier"))


def visitor(app, ip: str = "198.51.100.7", language: str = "en-GB,en;q=0.8") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 5555)),
                             base_url="https://privacy.sodepac.test", follow_redirects=False,
                             headers={"Accept-Language": language})


async def send(http: httpx.AsyncClient, *, address: str = "jo@example.com", name: str = "Jo Example",
               message: str = "How long do you keep my data?", lang: str = "", token: str | None = None
               ) -> httpx.Response:
    if token is None:
        form = await http.get("/chat" + (f"?lang={lang}" if lang else ""))
        assert form.status_code == 200, form.text
        token = csrf_of(form.text)
    fields = {"csrf_token": token, "address": address, "name": name, "message": message}
    if lang:
        fields["lang"] = lang
    response = await http.post("/chat", data=fields)
    if response.status_code == 303 and response.headers["location"].startswith("/chat/answer/"):
        return await http.get(response.headers["location"])  # as a browser follows it, with its cookies
    return response


async def stored(db: Database) -> list[Message]:
    async with db.session() as session:
        return list((await session.execute(select(Message).order_by(Message.id))).scalars())


def page_text(response: httpx.Response) -> str:
    """What a visitor reads: the markup's text with entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.text)
    return re.sub(r"\s+", " ", html.unescape(text))


async def test_a_chat_message_is_stored_as_mail_and_becomes_a_ticket_with_a_draft(config, db, tools) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        response = await send(http, address="Jo@Example.com", name="Jo Example",
                              message="How long do you keep the personal data in my account?")
    assert response.status_code == 200
    assert "We have received your message. We will send you its reference by email." in page_text(response)
    [row] = await stored(db)
    assert row.channel == "chat" and row.state == "stored"
    assert row.envelope_sender == "Jo@example.com" and row.envelope_recipients == [INBOX]
    mail = message_from_bytes(row.raw, policy=default_policy)
    assert mail["From"].addresses[0].addr_spec == "Jo@example.com"
    assert mail["From"].addresses[0].display_name == "Jo Example"
    assert mail["To"] == INBOX
    assert mail["Subject"] == "Website chat: How long do you keep the personal data…"
    assert mail["X-SODEPAC-Channel"] == "chat"
    assert mail["Message-ID"].endswith(f"@{MESSAGE_ID_DOMAIN}>") and mail["Date"] is not None
    assert mail.get_content_type() == "text/plain" and mail.get_content_charset() == "utf-8"

    outcome = await process_message(db, tools, row.id)
    assert outcome.state == "processed" and outcome.ticket_reference
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
        drafts = (await session.execute(select(func.count(Draft.id)))).scalar()
    assert ticket.channel == "chat" and ticket.status == "awaiting_approval" and ticket.noise_rule is None
    assert ticket.requester == "jo@example.com" and "question" in ticket.intents
    assert (ticket.due_at - ticket.received_at).days >= 28  # GDPR Art. 12(3): one month
    assert drafts == 1


async def code_mailed_to(db: Database, address: str) -> str:
    async with db.session() as session:
        item = (await session.execute(select(OutboxItem).where(OutboxItem.kind == "verification"))).scalar_one()
    assert item.recipients == [address]
    text = message_from_bytes(item.raw, policy=default_policy).get_body(("plain",)).get_content()
    return re.search(r"\b(\d{6})\b", text).group(1)


async def test_a_request_from_the_form_is_filed_only_once_the_code_mailed_to_the_address_is_typed(
        config, db, worker) -> None:
    """Anyone can type any address: a request in someone's name waits for the code sent to them."""
    app = chat_app(chat_config(config, answer_wait_seconds=10.0), db, on_stored=worker.notify)
    async with visitor(app) as http:
        asked = await send(http, message="Please delete my account and all the personal data you hold about me.")
        assert asked.status_code == 200 and "a 6-digit code is on its way" in page_text(asked)
        assert await stored(db) == []  # nothing filed for an address nobody has proven
        code = await code_mailed_to(db, "jo@example.com")
        session = re.search(r'name="session" value="([^"]+)"', asked.text).group(1)
        fields = {"csrf_token": csrf_of(asked.text), "session": session, "lang": "en"}
        wrong = await http.post("/chat/verify", data={**fields, "code": f"{(int(code) + 1) % 1_000_000:06d}"})
        assert "That code is not right." in page_text(wrong)
        filed = await http.post("/chat/verify", data={**fields, "csrf_token": csrf_of(wrong.text), "code": code})
        assert filed.status_code == 303  # post/redirect/get: the answer has a page a reload shows again
        text = page_text(await http.get(filed.headers["location"]))
        reloaded = page_text(await http.get(filed.headers["location"]))
    async with visitor(app, ip="192.0.2.66") as stranger:  # the same address in another browser
        elsewhere = await stranger.get(filed.headers["location"])
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
    assert f"Your request is registered under {ticket.reference}." in text
    assert reloaded == text
    assert elsewhere.status_code == 404 and ticket.reference not in elsewhere.text
    assert "within one month, that is by" in text and "GDPR Article 12(3)" in text
    assert ticket.requester == "jo@example.com" and "deletion" in ticket.intents


async def test_a_message_threaded_into_an_existing_ticket_never_shows_its_reference(config, db, worker) -> None:
    """Anyone can type any address: the chat must not confirm that someone else has a ticket."""
    app = chat_app(chat_config(config, answer_wait_seconds=10.0), db, on_stored=worker.notify)
    words = "How long do you keep the personal data in my account?"
    async with visitor(app) as http:
        first = await send(http, address="victim@example.com", message=words)
    async with visitor(app, ip="192.0.2.66") as http:
        second = await send(http, address="victim@example.com", message=words)
    async with db.session() as session:
        reference = (await session.execute(select(Ticket.reference))).scalar_one()
        threaded = (await session.execute(select(func.count(Message.id)).where(Message.ticket_id.is_not(None))
                                          )).scalar()
    assert threaded == 2  # same requester, same subject: one ticket
    # An unverified form never names a reference, not even to the first visitor (issue 16, finding 2).
    assert reference not in first.text and reference not in second.text
    assert "We will send you its reference by email." in page_text(first)
    assert "We will send you its reference by email." in page_text(second)


async def test_a_french_question_gets_the_french_summary_of_the_policy(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app, language="fr-FR,fr;q=0.9") as http:
        form = await http.get("/chat")
        assert '<html lang="fr">' in form.text and "Votre adresse e-mail" in form.text
        response = await send(http, message="Bonjour, combien de temps conservez-vous mes données ?", lang="fr")
    text = page_text(response)
    assert response.status_code == 200
    assert RETENTION_FR.title in text and RETENTION_FR.lines[0] in text
    assert "Un membre de notre équipe vous répondra aussi par e-mail" in text
    assert RETENTION_EN.lines[0] not in text


async def test_an_english_question_quotes_the_policy_word_for_word(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        response = await send(http, message="How long do you keep my data?")
    text = page_text(response)
    assert RETENTION_EN.title in text
    assert all(line in text for line in RETENTION_EN.lines)
    assert "A member of our team will also answer you by email" in text


@pytest.mark.parametrize(("question", "said"), [
    ("Can I refuse cookies?", "Some parts of this site may not be functional if cookies are not accepted."),
    ("Is my data transferred outside the EU?",
     "Our privacy policy does not say whether your data is transferred outside the European Union"),
])
async def test_the_form_page_gives_the_sentence_that_answers_or_says_the_policy_is_silent(
        config, db, question: str, said: str) -> None:
    async with visitor(chat_app(chat_config(config), db)) as http:
        response = await send(http, message=question)
    assert said in page_text(response)


@pytest.mark.parametrize(("lang", "accept", "expected"), [
    ("", "fr-CA,fr;q=0.9,en;q=0.8", "fr"), ("", "de-DE,en;q=0.5", "en"), ("en", "fr-FR", "en"),
    ("fr", "en-US", "fr"), ("xx", "", "en"),
])
async def test_the_page_language_follows_the_query_then_the_browser(config, db, lang, accept, expected) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app, language=accept) as http:
        page = await http.get("/chat" + (f"?lang={lang}" if lang else ""))
    assert f'<html lang="{expected}">' in page.text


@pytest.mark.parametrize(("address", "message"), [
    ("", "Please give your email address: it is where we send our answer."),
    ("   ", "Please give your email address: it is where we send our answer."),
    ("not-an-address", "This email address does not look right."),
    ("jo@localhost", "This email address does not look right."),
    ("jo@example.com, boss@example.com", "This email address does not look right."),
    ("jo@example.com\r\nBcc: victim@example.com", "This email address does not look right."),
    ("Jo <jo@example.com>", "This email address does not look right."),
])
async def test_a_missing_or_invalid_address_is_refused_with_a_clear_message(config, db, address, message) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        response = await send(http, address=address, message="What data do you collect?")
    assert response.status_code == 400
    assert message in page_text(response)
    assert "What data do you collect?" in response.text  # what they wrote is kept in the form
    assert await stored(db) == []


async def test_an_empty_or_too_long_message_is_refused_and_says_the_limit(config, db) -> None:
    app = chat_app(chat_config(config, max_length=50), db)
    async with visitor(app) as http:
        empty = await send(http, message="   \n  ")
        long = await send(http, message="x" * 51)
        huge = await http.post("/chat", data={"message": "y" * 20_000})
    assert empty.status_code == 400 and "Please write your message." in page_text(empty)
    assert long.status_code == 400
    assert f"Your message is too long (51 characters; the limit is 50). Please shorten it, or send it by email " \
           f"to {INBOX}." in page_text(long)
    assert huge.status_code == 413  # refused before the body is read
    assert await stored(db) == []


async def test_an_injected_header_in_the_name_and_a_script_in_the_message_stay_inert(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        response = await send(http, address="eve@example.com",
                              name="Eve\r\nBcc: victim@example.com\r\nX-Injected: 1",
                              message="<script>alert('chat')</script>\r\nHow long do you keep my data?")
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#39;chat&#39;)&lt;/script&gt;" in response.text
    [row] = await stored(db)
    mail = message_from_bytes(row.raw, policy=default_policy)
    assert mail["Bcc"] is None and mail["X-Injected"] is None
    assert [address.addr_spec for address in mail["From"].addresses] == ["eve@example.com"]
    assert mail["To"] == INBOX
    header_block = row.raw.split(b"\r\n\r\n", 1)[0]
    assert not re.search(rb"^(Bcc|X-Injected):", header_block, re.MULTILINE | re.IGNORECASE)
    assert "<script>alert('chat')</script>" in mail.get_content()


async def test_an_injected_name_is_escaped_on_the_answer_page(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        response = await send(http, name='<img src=x onerror="alert(1)">')
    assert "<img src=x" not in response.text
    assert "Thank you for your message, <img src=x onerror=\"alert(1)\">." in page_text(response)


async def test_too_many_messages_from_one_ip_or_to_one_address_get_a_polite_429(config, db) -> None:
    app = chat_app(chat_config(config, per_hour=2), db)
    async with visitor(app, ip="203.0.113.1") as http:
        assert (await send(http, address="a@example.com")).status_code == 200
        assert (await send(http, address="b@example.com")).status_code == 200
        busy = await send(http, address="c@example.com")
    assert busy.status_code == 429
    assert 0 < int(busy.headers["retry-after"]) <= 3600
    # The limit's window is the clock hour, counted in the database (issue 16, finding 5): the wait is
    # what is left of it.
    assert re.search(r"please wait about \d+ minutes? before writing again, or write to us at", page_text(busy))
    async with visitor(app, ip="203.0.113.2") as http:
        assert (await send(http, address="a@example.com")).status_code == 200
        by_address = await send(http, address="A@example.com")
    assert by_address.status_code == 429
    assert len(await stored(db)) == 3


async def test_a_post_without_its_csrf_token_or_cookie_is_refused_and_stores_nothing(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        no_token = await http.post("/chat", data={"address": "jo@example.com", "message": "Delete my data"})
        form = await http.get("/chat")
        token = csrf_of(form.text)
    async with visitor(app) as other:  # a page on another site cannot read or set the chat cookie
        no_cookie = await send(other, token=token)
    assert no_token.status_code == 403 and no_cookie.status_code == 403
    assert "This form was already sent or has expired, so nothing was sent." in page_text(no_cookie)
    assert await stored(db) == []


async def test_the_same_form_cannot_be_sent_twice(config, db) -> None:
    app = chat_app(chat_config(config), db)
    async with visitor(app) as http:
        form = await http.get("/chat")
        token = csrf_of(form.text)
        first = await send(http, token=token)
        again = await send(http, token=token)
        fresh = await send(http)
    assert (first.status_code, again.status_code, fresh.status_code) == (200, 403, 200)
    assert len(await stored(db)) == 2


async def test_a_storage_failure_gives_503_and_keeps_nothing(config, db, monkeypatch) -> None:
    app = chat_app(chat_config(config), db)

    def failing_event(session, **fields):
        raise OSError("No space left on device")  # after the message row was flushed, before the commit

    async with visitor(app) as http:
        form = await http.get("/chat")
        monkeypatch.setattr(assistant.intake, "record_event", failing_event)
        response = await send(http, token=csrf_of(form.text))
        monkeypatch.undo()
        retried = await send(http, token=csrf_of(form.text))
    assert response.status_code == 503 and response.headers["retry-after"] == "60"
    assert f"We could not record your message just now, so nothing was sent. Please try again in a few minutes, " \
           f"or write to us at {INBOX}." in page_text(response)
    assert retried.status_code == 200  # the same form works once storage is back
    assert len(await stored(db)) == 1


def served_routes(routes: list) -> list[Route]:
    """Every endpoint of the app, including those of included routers (FastAPI wraps them)."""
    found: list[Route] = []
    for route in routes:
        if isinstance(route, Route):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += served_routes(route.original_router.routes)
        else:
            assert isinstance(route, Mount) and route.path == "/static", route
    return found


async def test_the_chat_is_public_and_every_other_route_still_needs_a_login(config, db) -> None:
    app = chat_app(chat_config(config), db)
    public = {"/chat", "/sign-in", "/api/chat", "/chat/demo", "/chat/verify", "/chat/verify/filed",
              "/chat/answer/{token}"}
    routes = [(method, route.path) for route in served_routes(app.routes) if route.path not in public
              for method in sorted(route.methods - {"HEAD"})]
    assert {"/", "/tickets/{reference}", "/audit", "/api/tickets"} <= {path for _, path in routes}
    async with visitor(app) as http:
        for method, path in routes:
            concrete = re.sub(r"\{[a-z_]+\}", "1", path).replace("/1/1", "/1/close")
            response = await http.request(method, concrete)
            expected = 401 if path.startswith("/api/") or path == "/openapi.json" else 303
            assert response.status_code == expected, (method, path, response.status_code)
        page = await http.get("/chat")
    assert page.status_code == 200 and "Sign in" not in page.text


async def test_the_page_keeps_the_strict_policy_and_may_only_be_framed_by_the_company_site(config, db) -> None:
    app = chat_app(chat_config(config, embed_origins=["https://www.sodepac.com"]), db)
    async with visitor(app) as http:
        page = await http.get("/chat")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'self' https://www.sodepac.com;" in csp
    assert page.headers["cache-control"] == "no-store"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/chat" in cookie and "secure" in cookie


async def test_a_disabled_chat_is_not_found(config, db) -> None:
    app = chat_app(chat_config(config, enabled=False), db)
    async with visitor(app) as http:
        assert (await http.get("/chat")).status_code == 404
        assert (await http.post("/chat", data={"address": "jo@example.com", "message": "hi"})).status_code == 404
    assert await stored(db) == []


@pytest.mark.parametrize(("text", "subject"), [
    ("How long do you keep my data?", "Website chat: How long do you keep my data?"),
    ("  Delete\n\nmy   account  ", "Website chat: Delete my account"),
    ("one two three four five six seven eight nine", "Website chat: one two three four five six seven eight…"),
    ("x" * 80, "Website chat: " + "x" * 60 + "…"),
])
def test_the_subject_shows_the_first_words(text: str, subject: str) -> None:
    assert chat_subject(text) == subject


@pytest.mark.parametrize(("name", "cleaned"), [
    ("Jo Example", "Jo Example"),
    ("Eve\r\nBcc: victim@example.com", "Eve Bcc: victim@example.com"),
    ("  Inès\tMartin\x00 ", "Inès Martin"),
    ("n" * 150, "n" * 100),
])
def test_a_name_is_one_line(name: str, cleaned: str) -> None:
    assert clean_name(name) == cleaned


@pytest.mark.parametrize(("address", "cleaned"), [
    ("jo@example.com", "jo@example.com"),
    ("  Jo.Example@Example.COM ", "Jo.Example@example.com"),
    ("ines@café.fr", "ines@xn--caf-dma.fr"),
    ("ines@CAFÉ.fr", "ines@xn--caf-dma.fr"),
])
def test_an_address_is_kept_as_one_plain_addr_spec(address: str, cleaned: str) -> None:
    assert clean_address(address) == cleaned


@pytest.mark.parametrize("address", ["inès@example.fr", "jo@", "@example.com", "jo@@example.com", "a" * 250 + "@b.co",
                                     "jo@example.com;boss@example.com"])
def test_an_unusable_address_is_refused(address: str) -> None:
    with pytest.raises(ChatInputError):
        clean_address(address)
