"""Failed messages in the console (issue 16, finding 3): staff see what the pipeline could not process
and retry it, one message or all, as `privacy-assistant messages retry` does.

The failure is real: the pipeline's classifier breaks (as spaCy's E088 did on a huge text), the
message is sent over SMTP and lands in `failed`; once the classifier works again, the retry
button makes the ticket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select

from assistant.cli import main
from assistant.storage.models import Event, Message
from assistant.storage.states import MessageState
from assistant.web import create_app
from tests.conftest import MESSAGES, RunningService
from tests.support.cli import write_config
from tests.support.tickets import list_tickets
from tests.support.web import CHEAP, client, csrf_of, signed_in

HOSTILE = (b"From: Mallory <mallory@example.com>\r\nTo: contact-sodepac@sodepac.com\r\n"
           b"Subject: <script>alert('x')</script> delete my data\r\nMessage-ID: <hostile-1@example.com>\r\n\r\n"
           b"Please delete all the personal data you hold about me.\r\n")


@pytest.fixture
def broken_classifier(service: RunningService, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    def broken(items: list[tuple[str, str]]) -> None:
        raise RuntimeError("[E088] Text of length 1300000 exceeds maximum")

    monkeypatch.setattr(service.worker.tools.classifier, "classify_many", broken)
    return monkeypatch


@pytest.fixture
async def console(service: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    """The console on the service's database; a retry wakes the service's pipeline worker, as in `serve`."""
    app = create_app(service.config, service.db, secret_key=b"test-key" * 4, hasher=CHEAP,
                     on_message_stored=service.worker.notify)
    async with signed_in(app, service.db, "alice") as http:
        yield http


async def fail_messages(service: RunningService, *raws: bytes) -> list[Message]:
    for raw in raws:
        code, reply = await service.send_async(raw)
        assert code == 250, reply
    await service.settle()
    async with service.db.session() as session:
        messages = list((await session.execute(select(Message).order_by(Message.id))).scalars())
    assert [message.state for message in messages] == [MessageState.FAILED] * len(raws)
    return messages


async def test_a_failed_message_is_shown_and_one_retry_makes_its_ticket(
        service: RunningService, broken_classifier: pytest.MonkeyPatch, console: httpx.AsyncClient) -> None:
    [message] = await fail_messages(service, HOSTILE)

    queue = await console.get("/")
    assert "1 failed message(s): see and retry" in queue.text and 'href="/messages/failed"' in queue.text
    page = await console.get("/messages/failed")
    assert page.status_code == 200
    assert "mallory@example.com" in page.text and "E088" in page.text and message.failed_step in page.text
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text  # the subject is escaped

    broken_classifier.undo()  # the cause is fixed
    retried = await console.post("/messages/failed/retry",
                                 data={"csrf_token": csrf_of(page.text), "message": str(message.id)})
    assert retried.status_code == 303 and retried.headers["location"] == "/messages/failed?retried=1"
    await service.settle()
    [ticket] = await list_tickets(service.db)
    assert ticket["draft_status"] == "pending"
    assert "No failed messages." in (await console.get("/messages/failed")).text
    assert "failed message(s)" not in (await console.get("/")).text
    async with service.db.session() as session:
        event = (await session.execute(select(Event).where(Event.kind == "messages_retried"))).scalar_one()
    assert event.actor == "alice" and f"#{message.id}" in event.detail


async def test_retry_all_processes_every_failed_message(
        service: RunningService, broken_classifier: pytest.MonkeyPatch, console: httpx.AsyncClient) -> None:
    await fail_messages(service, (MESSAGES / "en_access_plain.eml").read_bytes(),
                        (MESSAGES / "fr_deletion_request.eml").read_bytes())
    page = await console.get("/messages/failed")
    assert page.text.count(">Retry<") == 2 and "Retry all" in page.text
    broken_classifier.undo()
    retried = await console.post("/messages/failed/retry", data={"csrf_token": csrf_of(page.text)})
    assert retried.headers["location"] == "/messages/failed?retried=2"
    await service.settle()
    assert len(await list_tickets(service.db)) == 2
    shown = await console.get("/messages/failed?retried=2")
    assert "2 message(s) queued for processing again." in shown.text


async def test_the_page_needs_a_session_and_the_retry_a_csrf_token(
        service: RunningService, broken_classifier: pytest.MonkeyPatch, console: httpx.AsyncClient) -> None:
    [message] = await fail_messages(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    app = create_app(service.config, service.db, secret_key=b"test-key" * 4, hasher=CHEAP)
    async with client(app) as stranger:
        page = await stranger.get("/messages/failed")
        assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
        assert (await stranger.post("/messages/failed/retry", data={"message": str(message.id)})).status_code == 303
    forged = await console.post("/messages/failed/retry", data={"message": str(message.id), "csrf_token": "forged"})
    assert forged.status_code == 403
    async with service.db.session() as session:
        assert (await session.get(Message, message.id)).state == MessageState.FAILED  # nothing was retried


async def test_the_cli_retries_through_the_same_function_and_names_who_ran_it(
        service: RunningService, broken_classifier: pytest.MonkeyPatch, tmp_path, database_url: str) -> None:
    first, second = await fail_messages(service, (MESSAGES / "en_access_plain.eml").read_bytes(),
                                        (MESSAGES / "fr_deletion_request.eml").read_bytes())
    broken_classifier.undo()
    config_file = write_config(tmp_path, database_url)
    assert await asyncio.to_thread(main, ["--config", str(config_file), "messages", "retry", str(first.id)]) == 0
    async with service.db.session() as session:
        states = {m.id: m.state for m in (await session.execute(select(Message))).scalars()}
        event = (await session.execute(select(Event).where(Event.kind == "messages_retried"))).scalar_one()
    assert states == {first.id: MessageState.PROCESSED, second.id: MessageState.FAILED}  # only the one named
    assert event.actor.startswith("cli") and f"#{first.id}" in event.detail
