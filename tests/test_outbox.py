"""Approved replies reach a real relay once, threaded, in the requester's language; failures are visible."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assistant.config import Config
from assistant.outbox import queue
from assistant.outbox.compose import LOOP_HEADER
from assistant.storage.models import Draft, OutboxItem, Ticket, utcnow
from assistant.tickets.service import (
    TicketError,
    approve_draft,
    close_ticket,
    current_draft,
    get_ticket,
)
from tests.conftest import INBOX, MESSAGES, RunningService
from tests.support.flow import approve, deliver_to_inbox, outbox_rows, request_mail, sender_for, ticket_for
from tests.support.relay import RelaySink, self_signed_certificate
from tests.support.tickets import list_tickets, show_ticket


@pytest.fixture
def relay():
    with RelaySink() as sink:
        yield sink


async def test_french_request_is_answered_in_french_threaded_under_the_original(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    original = (MESSAGES / "fr_deletion_request.eml").read_bytes()
    reference = await ticket_for(service, original)
    await approve(service.db, config, reference)
    results = await sender_for(service.db, config, relay).send_due()
    assert list(results.values()) == ["sent"]

    [received] = relay.received
    reply = received.message
    assert received.recipients == ["etienne.marchal@example.fr"]
    assert received.sender == config.outbound.from_address
    assert reply["In-Reply-To"] == "<CAH7x1qVb0Lm2k9eXy4Rj3sTq8uWz5nPd6fGh1JkLm0Np2Qr4Sg@mail.example.fr>"
    assert reply["References"] == "<CAH7x1qVb0Lm2k9eXy4Rj3sTq8uWz5nPd6fGh1JkLm0Np2Qr4Sg@mail.example.fr>"
    assert reply["Subject"].startswith("Re: Demande de suppression de mes données")
    assert reply["Subject"].endswith(f"[{reference}]")
    assert reply["Content-Language"] == "fr"
    assert reply["Auto-Submitted"] == "no"
    assert reply[LOOP_HEADER] == "1"
    assert reply["From"].addresses[0].display_name == "SODEPAC INTERNATIONAL – Protection des données"
    assert reply["To"].addresses[0].addr_spec == "etienne.marchal@example.fr"
    assert reply["Date"] is not None
    assert reply.get_content_type() == "multipart/alternative"
    plain, html = reply.get_body(("plain",)), reply.get_body(("html",))
    assert plain is not None and html is not None
    assert "Bonjour" in plain.get_content() and reference in plain.get_content()
    assert "Bonjour" in html.get_content()

    async with service.db.session() as session:
        ticket = await get_ticket(session, reference)
        draft = await session.get(Draft, (await outbox_rows(service.db))[0].draft_id)
        # A deletion request asking who is writing: sent, it waits for identity; it is not "answered".
        assert (ticket.status, ticket.stage) == ("open", "awaiting_identity")
        assert draft is not None and draft.status == "sent"
        # The Message-ID is the one fixed with the draft, before any attempt.
        assert reply["Message-ID"] == f"<{draft.message_id}>"
    events = [event["kind"] for event in (await show_ticket(service.db, reference))["events"]]
    assert events.index("draft_approved") < events.index("reply_queued") < events.index("reply_sent")


async def test_reply_in_a_thread_carries_the_whole_references_chain(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    raw = request_mail(name="Ann Lee", address="ann@example.org", subject="Re: my data",
                       body="Hello, please send me a copy of all the personal data you hold about me.",
                       message_id="third@example.org", references="<first@example.org> <second@example.org>")
    reference = await ticket_for(service, raw)
    await approve(service.db, config, reference)
    await sender_for(service.db, config, relay).send_due()
    reply = relay.received[0].message
    assert reply["In-Reply-To"] == "<third@example.org>"
    assert reply["References"] == "<first@example.org> <second@example.org> <third@example.org>"
    assert reply["Content-Language"] == "en"
    assert reply["From"].addresses[0].display_name == "SODEPAC INTERNATIONAL Privacy"


async def test_approving_twice_queues_one_reply(service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    with pytest.raises(TicketError, match="already approved"):
        await approve(service.db, config, reference, by="bob")
    rows = await outbox_rows(service.db)
    assert len(rows) == 1 and rows[0].state == "queued" and rows[0].kind == "reply"


async def test_closing_the_ticket_withdraws_a_queued_reply(service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    async with service.db.session() as session, session.begin():
        await close_ticket(session, reference=reference, by="alice", reason="answered by phone")
    relay = RelaySink()
    with relay:
        assert await sender_for(service.db, config, relay).send_due() == {}
    assert relay.received == []
    [item] = await outbox_rows(service.db)
    assert item.state == "cancelled"
    events = (await show_ticket(service.db, reference))["events"]
    assert any(e["kind"] == "reply_cancelled" and e["actor"] == "alice" for e in events)


async def test_two_approvals_racing_queue_one_reply(service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())

    async def one(by: str) -> str:
        try:
            async with service.db.session() as session, session.begin():
                await approve_draft(session, reference=reference, by=by, outbound=config.outbound)
            return "approved"
        except Exception as error:  # the loser is refused by the draft's state or the unique draft_id
            return type(error).__name__

    async with service.db.session() as session, session.begin():
        draft = await current_draft(session, await get_ticket(session, reference))
        assert draft is not None
        draft.body = re.sub(r"\[\[[^\]]*\]\]", "done", draft.body)
        draft.original_body = draft.body
    outcomes = await asyncio.gather(one("alice"), one("bob"))
    assert outcomes.count("approved") == 1
    assert len(await outbox_rows(service.db)) == 1


async def test_refused_connection_is_retried_until_the_relay_is_up(
        service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    relay = RelaySink()  # its port is chosen, nothing listens yet
    now = [utcnow()]  # moved by hand: a loaded machine must not make the backoff look expired
    sender = sender_for(service.db, config, relay, retry_base_seconds=0.2, clock=lambda: now[0])

    assert list((await sender.send_due()).values()) == ["queued"]
    [item] = await outbox_rows(service.db)
    assert item.attempts == 1 and "Connect" in (item.last_error or "")
    assert await sender.send_due() == {}  # not due yet: the backoff is respected
    now[0] += timedelta(seconds=1)

    with relay:
        stopping = asyncio.Event()
        task = asyncio.create_task(sender.run_forever(stopping))
        try:
            await relay.wait_for_async(1, timeout=20)
            await asyncio.sleep(0.5)  # time for a second copy, if there were one
        finally:
            stopping.set()
            await task
        assert len(relay.received) == 1
    [item] = await outbox_rows(service.db)
    assert item.state == "sent" and item.attempts == 2


async def test_relay_down_for_an_hour_replies_wait_and_each_goes_out_once(
        service: RunningService, config: Config) -> None:
    """Issue 16: the relay unreachable for an hour (a clock moved by hand, not a real hour), default backoff
    settings: approved replies stay queued, never given up, and each reaches the relay once when it is back."""
    mails = ("en_access_plain.eml", "fr_deletion_request.eml", "en_deletion_windows1252.eml")
    references = [await ticket_for(service, (MESSAGES / name).read_bytes()) for name in mails]
    for reference in references:
        await approve(service.db, config, reference)
    now = [utcnow()]
    relay = RelaySink()  # its port is chosen, nothing listens for the first hour
    sender = sender_for(service.db, config, relay, clock=lambda: now[0])
    back_at = now[0] + timedelta(hours=1)
    while now[0] < back_at:
        assert set((await sender.send_due()).values()) <= {"queued"}
        now[0] += timedelta(minutes=1)
    waiting = await outbox_rows(service.db)
    assert [item.state for item in waiting] == ["queued"] * len(mails)
    assert all(3 <= item.attempts < config.outbound.max_attempts for item in waiting)  # backed off, not given up

    with relay:
        for _ in range(6 * 60):  # up to six more hours of the clock, a minute at a time
            await sender.send_due()
            now[0] += timedelta(minutes=1)
            if len(relay.received) == len(mails) and now[0] > back_at + timedelta(hours=2):
                break
    assert len(relay.received) == len(mails)  # each once, however many attempts came before
    assert len({tuple(message.recipients) for message in relay.received}) == len(mails)
    assert [item.state for item in await outbox_rows(service.db)] == ["sent"] * len(mails)


async def test_temporary_refusal_is_retried_and_gives_up_after_max_attempts(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    relay.answer_with("451 4.3.0 Mailbox temporarily unavailable")
    sender = sender_for(service.db, config, relay, retry_base_seconds=0.05, max_attempts=3)
    states = []
    for _ in range(40):
        states += list((await sender.send_due()).values())
        if states and states[-1] == "failed":
            break
        await asyncio.sleep(0.1)
    assert states == ["queued", "queued", "failed"]
    assert len(relay.refused) == 3 and relay.received == []
    ticket = (await show_ticket(service.db, reference))
    assert ticket["needs_review"] is True
    assert any("gave up after 3 attempts" in event["detail"] for event in ticket["events"])


async def test_permanent_refusal_flags_the_ticket_with_the_relay_answer(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    relay.answer_with("550 5.1.1 <jane@example.com>: Recipient address rejected")
    sender = sender_for(service.db, config, relay, retry_base_seconds=0.05)
    assert list((await sender.send_due()).values()) == ["failed"]
    await asyncio.sleep(0.2)
    assert await sender.send_due() == {}  # never tried again
    [item] = await outbox_rows(service.db)
    assert item.state == "failed" and item.attempts == 1
    assert item.relay_reply == "550 5.1.1 <jane@example.com>: Recipient address rejected"
    ticket = await show_ticket(service.db, reference)
    assert ticket["needs_review"] is True and ticket["status"] == "open"
    failed = [event for event in ticket["events"] if event["kind"] == "reply_failed"]
    assert failed and "550 5.1.1" in failed[0]["detail"]


async def test_an_expired_claim_becomes_unknown_and_is_never_sent_by_itself(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    """What a restart finds after a crash between the relay's 250 and our record of it."""
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    sender = sender_for(service.db, config, relay)
    [item] = await outbox_rows(service.db)
    async with service.db.session() as session, session.begin():
        held = await queue.claim(session, item.id, now=utcnow(), lease=timedelta(seconds=0))
    assert held is not None  # claimed, then the process "died"

    assert await sender.expire_claims() == [item.id]
    assert await sender.send_due() == {}
    assert relay.received == []
    ticket = await show_ticket(service.db, reference)
    assert ticket["needs_review"] is True
    assert any(event["kind"] == "reply_state_unknown" for event in ticket["events"])

    async with service.db.session() as session, session.begin():
        await queue.resolve(session, item.id, delivered=False, by="alice")
    assert list((await sender.send_due()).values()) == ["sent"]
    assert len(relay.received) == 1


HOSTILE = [
    ("{{ 7*7 }}", "{{ 7*7 }} {% raw %}"),
    ("<script>alert(1)</script>", "<script>alert(1)</script> my data"),
    ("Eve\r\nBcc: evil@example.net", "Hello\r\nBcc: evil@example.net"),
    ("Eve\nX-Injected: yes", "data\n\rX-Injected: yes\u2028Bcc: evil@example.net"),
]


@pytest.mark.parametrize(("name", "subject"), HOSTILE)
async def test_hostile_names_and_subjects_give_inert_well_formed_replies(
        service: RunningService, config: Config, relay: RelaySink, name: str, subject: str) -> None:
    # Written raw so the hostile text reaches us as an attacker would send it, not cleaned by a library.
    head = (f"From: =?utf-8?b?{_b64(name)}?= <eve@example.net>\r\nTo: {INBOX}\r\n"
            f"Subject: =?utf-8?b?{_b64(subject)}?=\r\nMessage-ID: <hostile@example.net>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n")
    raw = head.encode() + b"Please delete all my personal data. {{ 7*7 }} <script>alert(1)</script>\r\n"
    reference = await ticket_for(service, raw)
    await approve(service.db, config, reference)
    await sender_for(service.db, config, relay).send_due()
    [received] = relay.received
    reply = received.message
    assert received.recipients == ["eve@example.net"]
    head_bytes = received.raw.split(b"\r\n\r\n", 1)[0]
    header_names = [line.split(b":", 1)[0].lower() for line in head_bytes.split(b"\r\n")
                    if line and not line[:1].isspace()]
    assert b"bcc" not in header_names and b"x-injected" not in header_names
    assert all(b"\n" not in line and b"\r" not in line for line in head_bytes.split(b"\r\n"))
    assert len(reply.get_all("To")) == 1 and len(reply.get_all("Subject")) == 1
    assert "\n" not in str(reply["Subject"]) and reply["Subject"].endswith(f"[{reference}]")
    plain = reply.get_body(("plain",)).get_content()
    html = reply.get_body(("html",)).get_content()
    for text in (str(reply["Subject"]), plain, html):
        assert "49" not in text.replace(reference, "")
    assert "<script" not in html.lower()


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


async def test_acknowledgement_once_per_sender_per_day_and_never_to_machine_mail(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    service.worker.tools = replace(service.worker.tools, config=replace(
        config, replies=replace(config.replies, acknowledge=True)))
    # Her own server sends her mail: the envelope sender is aligned with From: (tests/test_backscatter.py).
    for subject, message_id, body in (
            ("My data", "a1@example.org", "Hello, please tell me what personal data you hold about me."),
            ("Another thing", "a2@example.org", "Hello, please also stop sending me your marketing emails.")):
        raw = request_mail(name="Ann Lee", address="ann@example.org", subject=subject, message_id=message_id,
                           body=body)
        assert (await service.send_async(raw, sender="ann@example.org"))[0] == 250
        await service.settle()
    [first, _] = [ticket["reference"] for ticket in sorted(await list_tickets(service.db),
                                                           key=lambda ticket: ticket["reference"])]
    for name in ("outlook_auto_reply.eml", "mailer_daemon_bounce.eml", "newsletter_with_list_unsubscribe.eml"):
        await deliver_to_inbox(service, (MESSAGES / name).read_bytes())
    await service.settle()
    assert len(await list_tickets(service.db)) == 5

    rows = await outbox_rows(service.db)
    assert [(row.kind, row.recipients) for row in rows] == [("acknowledgement", ["ann@example.org"])]
    await sender_for(service.db, config, relay).send_due()
    [received] = relay.received
    ack = received.message
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["In-Reply-To"] == "<a1@example.org>"
    assert ack["Subject"] == f"Your request {first} has been received"  # none of her words (finding 6)
    assert first in ack.get_body(("plain",)).get_content()
    assert "one month" in ack.get_body(("plain",)).get_content()
    async with service.db.session() as session:
        ticket = await get_ticket(session, first)
        assert ticket.status == "awaiting_approval"  # an acknowledgement is not the answer


async def test_no_acknowledgement_unless_configured(service: RunningService) -> None:
    await ticket_for(service, request_mail(
        name="Ann Lee", address="ann@example.org", subject="My data", message_id="b1@example.org",
        body="Hello, please tell me what personal data you hold about me."))
    async with service.db.session() as session:
        assert (await session.execute(select(func.count(OutboxItem.id)))).scalar_one() == 0
        assert (await session.execute(select(func.count(Ticket.id)))).scalar_one() == 1


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_encrypted_relay_with_login_from_the_environment(
        service: RunningService, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, security: str) -> None:
    certificate = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test relay's own certificate
    monkeypatch.setenv("RELAY_PASSWORD_FOR_TEST", "s3cret-Pa55")
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    with RelaySink(tls=security, certificate=certificate, credentials=("relayuser", "s3cret-Pa55")) as relay:
        sender = sender_for(service.db, config, relay, security=security, username="relayuser",
                            password_env="RELAY_PASSWORD_FOR_TEST")
        assert list((await sender.send_due()).values()) == ["sent"]
        [received] = relay.received
    assert received.encrypted and received.login == "relayuser"
    assert "s3cret-Pa55" not in caplog.text


async def test_a_wrong_relay_password_waits_for_the_fix_instead_of_failing_the_reply(
        service: RunningService, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    certificate = self_signed_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("RELAY_PASSWORD_FOR_TEST", "wrong")
    reference = await ticket_for(service, (MESSAGES / "en_access_plain.eml").read_bytes())
    await approve(service.db, config, reference)
    with RelaySink(tls="starttls", certificate=certificate, credentials=("relayuser", "right")) as relay:
        sender = sender_for(service.db, config, relay, security="starttls", username="relayuser",
                            password_env="RELAY_PASSWORD_FOR_TEST")
        assert list((await sender.send_due()).values()) == ["queued"]
    [item] = await outbox_rows(service.db)
    assert "refused our login" in (item.last_error or "") and "wrong" not in (item.last_error or "")
