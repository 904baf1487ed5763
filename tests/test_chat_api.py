"""POST /api/chat: a conversation that answers from the policy and files requests only from an address
the visitor proved they read (a one-time code through the outbox). Wrong, expired and borrowed codes,
floods and oversize messages get clear refusals; limits are counted in the database."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import httpx
import pytest
from sqlalchemy import func, select

from assistant.config import Config
from assistant.pipeline.runner import PipelineWorker, process_message
from assistant.storage.database import Database
from assistant.storage.models import Event, Message, OutboxItem, Ticket, utcnow
from assistant.tickets.suppression import is_suppressed
from assistant.web import create_app
from tests.support.web import CHEAP

RETENTION = "How long do we keep the information for?"
_CODE = re.compile(r"code for the SODEPAC privacy chat is: (\d{6})|vérification pour le chat de SODEPAC est : (\d{6})")


class Clock:
    """A clock the test moves, so a 15-minute expiry takes no time."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def chat_config(config: Config, **changes: object) -> Config:
    return replace(config, chat=replace(config.chat, **{"answer_wait_seconds": 10.0, **changes}))


def api(config: Config, db: Database, classifier, *, worker: PipelineWorker | None = None, clock=None):
    app = create_app(config, db, secret_key=b"chat-key" * 4, hasher=CHEAP, classifier=classifier,
                     on_message_stored=worker.notify if worker else None)
    if clock is not None:
        app.state.conversations.clock = clock
    return app


def visitor(app, ip: str = "198.51.100.7") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 5555)),
                             base_url="https://privacy.sodepac.test")


class Conversation:
    """One visitor's conversation: each `say` posts a message in the same session."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.session: str | None = None

    async def say(self, message: str, *, status: int = 200) -> dict:
        response = await self.http.post("/api/chat", json={"session": self.session, "message": message})
        assert response.status_code == status, response.text
        body = response.json()
        if status == 200:
            assert set(body) == {"session", "reply", "intents", "primary", "citations", "ticket", "stage"}
            self.session = body["session"]
        return body


async def codes_sent(db: Database, to: str) -> list[str]:
    """The codes in the verification mails queued to `to`, oldest first (what the visitor reads)."""
    async with db.session() as session:
        rows = (await session.execute(select(OutboxItem).where(OutboxItem.kind == "verification")
                                      .order_by(OutboxItem.id))).scalars().all()
    codes = []
    for item in rows:
        if item.recipients == [to]:
            text = message_from_bytes(item.raw, policy=default_policy).get_body(("plain",)).get_content()
            match = _CODE.search(text)
            codes.append(match.group(1) or match.group(2))
    return codes


async def count(db: Database, model) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_a_question_is_answered_with_the_sentence_and_its_section_then_a_follow_up(
        config, db, classifier) -> None:
    async with visitor(api(chat_config(config), db, classifier)) as http:
        chat = Conversation(http)
        first = await chat.say("How long do you keep my data?")
        assert first["reply"].startswith("The length of time during which we keep the information")
        assert [c["section"] for c in first["citations"]] == [RETENTION]
        assert first["ticket"] is None and "<" not in first["reply"]
        second = await chat.say("And can I refuse cookies?")
    assert second["session"] == first["session"]
    assert second["reply"].startswith("Some parts of this site may not be functional if cookies are not accepted.")
    assert await count(db, Message) == 0  # a question answered by the policy files nothing


async def test_a_french_visitor_is_answered_in_french(config, db, classifier) -> None:
    async with visitor(api(chat_config(config), db, classifier)) as http:
        answer = await Conversation(http).say("Combien de temps conservez-vous mes données ?")
    assert "durées de conservation" in answer["reply"] and answer["citations"][0]["section"] == RETENTION


async def test_a_deletion_is_filed_only_after_the_code_mailed_to_the_address_comes_back(
        config, db, classifier, worker) -> None:
    async with visitor(api(chat_config(config), db, classifier, worker=worker)) as http:
        chat = Conversation(http)
        asked = await chat.say("Please delete my account and all my personal data.")
        assert "deletion" in asked["intents"] and "type the email address" in asked["reply"]
        sent = await chat.say("it is jo.martin@example.com")
        assert "a 6-digit code is on its way" in sent["reply"] and sent["ticket"] is None
        [code] = await codes_sent(db, "jo.martin@example.com")
        assert await count(db, Message) == 0 and await count(db, Ticket) == 0  # nothing filed yet
        wrong = await chat.say(f"{(int(code) + 1) % 1_000_000:06d}")
        assert "not right" in wrong["reply"] and wrong["ticket"] is None
        filed = await chat.say(code)
    assert filed["ticket"] and f"registered under {filed['ticket']}" in filed["reply"]
    assert "GDPR Article 12(3)" in filed["reply"]
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
        events = (await session.execute(select(Event).where(Event.ticket_id == ticket.id,
                                                            Event.kind == "identity_verified"))).scalars().all()
        message = (await session.execute(select(Message))).scalar_one()
    assert ticket.reference == filed["ticket"] and ticket.channel == "chat"
    assert ticket.requester == "jo.martin@example.com" and "deletion" in ticket.intents
    assert ticket.identity == "verified"  # the draft asks for no further proof
    [event] = events
    assert event.detail.endswith("a one-time code sent to jo.martin@example.com (website chat)")
    mail = message_from_bytes(message.raw, policy=default_policy)
    [transcript] = [part for part in mail.iter_attachments()]
    assert transcript.get_filename() == "chat-transcript.txt"
    assert "Visitor: Please delete my account" in transcript.get_content()


async def test_an_expired_code_files_nothing(config, db, classifier) -> None:
    clock = Clock()
    async with visitor(api(chat_config(config), db, classifier, clock=clock)) as http:
        chat = Conversation(http)
        await chat.say("I want a copy of my personal data")
        await chat.say("ana@example.org")
        [code] = await codes_sent(db, "ana@example.org")
        clock.advance(minutes=16)
        late = await chat.say(code)
    assert "expired" in late["reply"] and late["ticket"] is None
    assert await count(db, Message) == 0


async def test_a_code_from_another_conversation_does_not_work_here(config, db, classifier) -> None:
    app = api(chat_config(config), db, classifier)
    async with visitor(app, "198.51.100.1") as mine, visitor(app, "198.51.100.2") as theirs:
        me, other = Conversation(mine), Conversation(theirs)
        await me.say("Please delete my data")
        await me.say("victim@example.net")
        await other.say("Please delete my data")
        await other.say("attacker@example.net")
        [their_code] = await codes_sent(db, "attacker@example.net")
        borrowed = await me.say(their_code)
    assert "not right" in borrowed["reply"] and borrowed["ticket"] is None
    assert await count(db, Message) == 0


async def test_a_code_stops_working_after_too_many_wrong_tries(config, db, classifier) -> None:
    async with visitor(api(chat_config(config, code_attempts=3), db, classifier)) as http:
        chat = Conversation(http)
        await chat.say("Unsubscribe me from your marketing emails")
        await chat.say("sam@example.com")
        [code] = await codes_sent(db, "sam@example.com")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        replies = [(await chat.say(wrong))["reply"] for _ in range(3)]
        late = await chat.say(code)
    assert "not right" in replies[0] and "Too many wrong codes" in replies[2]
    assert late["reply"].startswith("Please type the email address") and late["ticket"] is None


async def test_codes_are_limited_per_address_and_the_answer_never_says_whose_address_it_is(
        config, db, classifier) -> None:
    app = api(chat_config(config, codes_per_hour=2), db, classifier)
    replies = []
    for n in range(3):  # three conversations from three clients, all for one address
        async with visitor(app, f"198.51.100.{10 + n}") as http:
            chat = Conversation(http)
            await chat.say("I want to see all my data")
            replies.append((await chat.say("target@example.com"))["reply"])
    assert len(await codes_sent(db, "target@example.com")) == 2
    assert replies[0] == replies[1] and "cannot send another code" in replies[2]
    async with visitor(app, "198.51.100.50") as http:
        chat = Conversation(http)
        await chat.say("I want to see all my data")
        unknown = (await chat.say("nobody-here@example.com"))["reply"]
    assert unknown == replies[0].replace("target@example.com", "nobody-here@example.com")


async def test_a_question_the_policy_does_not_answer_can_be_passed_to_the_team(
        config, db, classifier, worker) -> None:
    async with visitor(api(chat_config(config), db, classifier, worker=worker)) as http:
        chat = Conversation(http)
        silent = await chat.say("Is my data transferred outside the EU?")
        assert "does not say whether your data is transferred outside the European Union" in silent["reply"]
        assert silent["citations"] == [] and "pass your question to our team" in silent["reply"]
        assert "type the email address" in (await chat.say("yes"))["reply"]
        await chat.say("lea@example.fr")
        [code] = await codes_sent(db, "lea@example.fr")
        filed = await chat.say(code)
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
    assert filed["ticket"] == ticket.reference and ticket.requester == "lea@example.fr"


@pytest.mark.parametrize(("body", "status"), [
    (b"not json", 400), (b"[1, 2]", 400), (b'{"session": null}', 400), (b'{"session": null, "message": "  "}', 400),
    (b'{"session": 7, "message": "hi"}', 400),
])
async def test_malformed_requests_get_a_clear_400(config, db, classifier, body: bytes, status: int) -> None:
    async with visitor(api(chat_config(config), db, classifier)) as http:
        response = await http.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status and "detail" in response.json()


async def test_a_message_too_long_is_refused_with_413(config, db, classifier) -> None:
    async with visitor(api(chat_config(config, max_length=200), db, classifier)) as http:
        body = await Conversation(http).say("x" * 201, status=413)
    assert body == {"detail": "the message is longer than 200 characters"}


async def test_a_burst_of_40_concurrent_messages_gets_exactly_the_limit(config, db, classifier) -> None:
    async with visitor(api(chat_config(config, messages_per_hour=5), db, classifier)) as http:
        responses = await asyncio.gather(*(http.post("/api/chat", json={"session": None, "message": "hello"})
                                           for _ in range(40)))
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 5 + [429] * 35
    refused = next(response for response in responses if response.status_code == 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 3600


async def test_one_conversation_is_limited_even_across_clients(config, db, classifier) -> None:
    app = api(chat_config(config, session_messages_per_hour=2), db, classifier)
    async with visitor(app, "198.51.100.60") as first, visitor(app, "198.51.100.61") as second:
        chat = Conversation(first)
        await chat.say("hello")
        await chat.say("how long do you keep my data?")
        chat.http = second
        await chat.say("and cookies?", status=429)


async def test_an_idle_conversation_expires_and_a_new_one_starts(config, db, classifier) -> None:
    clock = Clock()
    async with visitor(api(chat_config(config), db, classifier, clock=clock)) as http:
        chat = Conversation(http)
        await chat.say("Please delete my account")
        old = chat.session
        clock.advance(minutes=31)
        later = await chat.say("bob@example.com")
    assert later["session"] != old and later["reply"].startswith("Our previous conversation had expired")
    assert await codes_sent(db, "bob@example.com") == []  # the pending request expired with it


async def test_the_company_site_may_call_the_api_from_a_browser_and_others_may_not(config, db, classifier) -> None:
    async with visitor(api(chat_config(config), db, classifier)) as http:
        allowed = await http.options("/api/chat", headers={"Origin": "https://www.sodepac.com",
                                                           "Access-Control-Request-Method": "POST"})
        other = await http.post("/api/chat", json={"session": None, "message": "hi"},
                                headers={"Origin": "https://evil.example"})
    assert allowed.status_code == 204 and allowed.headers["Access-Control-Allow-Origin"] == "https://www.sodepac.com"
    assert "Access-Control-Allow-Origin" not in other.headers


async def test_a_request_filed_after_the_visitor_stopped_waiting_still_gets_its_verification_on_the_ticket(
        config, db, classifier, tools) -> None:
    """The pipeline may be slower than the visitor: the stored message carries the proof to its ticket."""
    app = api(chat_config(config, answer_wait_seconds=0.0), db, classifier)
    async with visitor(app) as http:
        chat = Conversation(http)
        await chat.say("Please correct my postal address, it is wrong")
        await chat.say("kim@example.com")
        [code] = await codes_sent(db, "kim@example.com")
        filed = await chat.say(code)
    assert filed["ticket"] is None and "We will send its reference" in filed["reply"]
    [message] = await stored_messages(db)
    await process_message(db, tools, message.id)
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
        tied = (await session.execute(select(Event.ticket_id).where(Event.kind == "identity_verified"))).scalar_one()
    assert tied == ticket.id and ticket.requester == "kim@example.com" and ticket.identity == "verified"


async def test_a_chat_header_claiming_verification_counts_only_on_the_chat_channel(service) -> None:
    """Mail from outside may carry any header: the chat's mark proves nothing when it arrives by SMTP."""
    forged = (b"From: Eve <kim@example.com>\r\nTo: contact-sodepac@sodepac.com\r\nSubject: Delete my data\r\n"
              b"X-Privacy-Assistant-Verified: one-time code\r\n\r\nPlease delete all my personal data.\r\n")
    code, _ = await service.send_async(forged, sender="kim@example.com")
    assert code == 250
    await service.settle()
    async with service.db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
    assert ticket.identity == "pending"


async def stored_messages(db: Database) -> list[Message]:
    async with db.session() as session:
        return list((await session.execute(select(Message))).scalars())


async def test_an_unsubscribe_through_the_chat_is_in_effect_once_the_code_comes_back(
        config, db, classifier, worker) -> None:
    """Art. 21(3): the address is suppressed at filing; the chat promises no deadline for it."""
    async with visitor(api(chat_config(config), db, classifier, worker=worker)) as http:
        chat = Conversation(http)
        await chat.say("Please unsubscribe me from all your marketing emails.")
        await chat.say("sam.optout@example.com")
        [code] = await codes_sent(db, "sam.optout@example.com")
        filed = await chat.say(code)
    assert filed["ticket"] and "suppression list from now on" in filed["reply"]
    assert "within one month" not in filed["reply"]
    async with db.session() as session:
        assert await is_suppressed(session, "sam.optout@example.com")
