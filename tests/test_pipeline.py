"""Mail sent over SMTP becomes a ticket with its intents, deadline and a pending draft; noise gets none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.pipeline.runner import process_message
from assistant.storage.models import Message
from tests.conftest import MESSAGES, RunningService
from tests.support.tickets import list_tickets, show_ticket

HUMAN_MAIL = [
    "en_access_plain.eml",
    "fr_deletion_request.eml",
    "en_optout_html_only.eml",
    "fr_access_multipart_with_attachment.eml",
    "fr_complaint_iso8859_1.eml",
    "en_deletion_windows1252.eml",
    "fr_rectification_base64_utf8.eml",
    "en_broken_mime.eml",
    "en_no_message_id.eml",
    "fr_deletion_with_quoted_thread.eml",
    "en_unknown_charset.eml",
    "fr_optout_no_accents.eml",
    "en_multi_intent.eml",
]
NOISE = ["outlook_auto_reply.eml", "mailer_daemon_bounce.eml", "newsletter_with_list_unsubscribe.eml"]


async def test_every_human_message_gets_a_ticket_with_a_pending_draft(service: RunningService) -> None:
    for name in HUMAN_MAIL:
        code, reply = await service.send_async((MESSAGES / name).read_bytes())
        assert code == 250, (name, reply)
    await service.settle()
    tickets = await list_tickets(service.db)
    assert len(tickets) == len(HUMAN_MAIL)
    for ticket in tickets:
        assert ticket["reference"].startswith("PRIV-") and len(ticket["reference"]) == 16
        assert ticket["status"] == "awaiting_approval"
        assert ticket["draft_status"] == "pending"
        assert ticket["intents"] and ticket["primary"] in ticket["intents"]
        assert ticket["language"] in {"en", "fr"}
        assert ticket["received_at"].endswith("+00:00")


@pytest.mark.parametrize(
    ("name", "language", "primary"),
    [
        ("en_access_plain.eml", "en", "access"),
        ("fr_deletion_request.eml", "fr", "deletion"),
        ("fr_optout_no_accents.eml", "fr", "opt_out"),
        ("fr_complaint_iso8859_1.eml", "fr", "complaint"),
        ("en_multi_intent.eml", "en", "deletion"),
    ],
)
async def test_ticket_carries_language_and_primary_intent(service: RunningService, name: str, language: str,
                                                          primary: str) -> None:
    await service.send_async((MESSAGES / name).read_bytes())
    await service.settle()
    [ticket] = await list_tickets(service.db)
    assert (ticket["language"], ticket["primary"]) == (language, primary)
    detail = await show_ticket(service.db, ticket["reference"])
    draft = detail["drafts"][-1]
    assert draft["language"] == language
    assert ticket["reference"] in draft["subject"]


async def test_due_date_is_one_calendar_month_after_receipt(service: RunningService) -> None:
    await service.send_async((MESSAGES / "en_access_plain.eml").read_bytes())
    await service.settle()
    [ticket] = await list_tickets(service.db)
    from datetime import datetime

    received, due = datetime.fromisoformat(ticket["received_at"]), datetime.fromisoformat(ticket["due_at"])
    assert timedelta(days=28) <= due - received <= timedelta(days=31, hours=1)


@pytest.mark.parametrize("name", NOISE)
async def test_machine_mail_is_kept_as_noise_without_a_draft(service: RunningService, name: str) -> None:
    code, _ = await service.send_async((MESSAGES / name).read_bytes(), sender="")
    assert code == 250
    await service.settle()
    [ticket] = await list_tickets(service.db)
    assert ticket["status"] == "noise"
    assert ticket["draft_status"] is None
    detail = await show_ticket(service.db, ticket["reference"])
    assert detail["messages"][0]["noise_rule"]  # which rule fired is recorded
    assert any(event["kind"] == "noise" for event in detail["events"])


async def test_html_only_mail_is_read_as_text(service: RunningService) -> None:
    await service.send_async((MESSAGES / "en_optout_html_only.eml").read_bytes())
    await service.settle()
    [ticket] = await list_tickets(service.db)
    message = (await show_ticket(service.db, ticket["reference"]))["messages"][0]
    assert message["text"] and "<" not in message["text"]


async def test_attachments_are_recorded_not_opened(service: RunningService) -> None:
    await service.send_async((MESSAGES / "fr_access_multipart_with_attachment.eml").read_bytes())
    await service.settle()
    [ticket] = await list_tickets(service.db)
    message = (await show_ticket(service.db, ticket["reference"]))["messages"][0]
    [attachment] = message["attachments"]
    assert attachment["content_type"] == "application/pdf" and attachment["size"] > 0


async def test_a_step_that_crashes_leaves_the_message_failed_and_retryable(service: RunningService,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(items: list[tuple[str, str]]) -> None:
        raise RuntimeError("model exploded")

    monkeypatch.setattr(service.worker.tools.classifier, "classify_many", broken)  # the pipeline reads by batch
    await service.send_async((MESSAGES / "en_access_plain.eml").read_bytes())
    await service.settle()
    async with service.db.session() as session:
        message = (await session.execute(select(Message))).scalar_one()
    assert message.state == "failed" and "model exploded" in message.error
    assert message.raw  # nothing lost
    assert await list_tickets(service.db) == []

    monkeypatch.undo()
    async with service.db.session() as session, session.begin():
        message = await session.get(Message, message.id)
        message.state = "stored"
    await service.settle()
    [ticket] = await list_tickets(service.db)
    assert ticket["draft_status"] == "pending"


async def test_two_workers_never_process_a_message_twice(service: RunningService) -> None:
    import asyncio

    from assistant.intake import accept

    stored = await accept(service.db, (MESSAGES / "en_access_plain.eml").read_bytes(), channel="pipe")
    outcomes = await asyncio.gather(*(process_message(service.db, service.worker.tools, stored.message_pk)
                                      for _ in range(3)))
    assert sorted(outcome.state for outcome in outcomes).count("processed") == 1
    assert len(await list_tickets(service.db)) == 1
