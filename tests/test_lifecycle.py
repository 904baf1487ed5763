"""A request carried to its end over real SMTP: identity, the paused clock, follow-ups, fulfilment.

Each test sends mail to the running listener, approves replies as staff would, and lets the
outbox deliver them to a real relay, then reads the ticket back as `tickets show --json` does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.config import Config, IdentityConfig
from assistant.storage.models import utcnow
from assistant.tickets import actions
from assistant.tickets.service import TicketError
from assistant.tickets.suppression import suppression_list
from tests.conftest import RunningService
from tests.support.flow import approve, request_mail, sender_for, ticket_for
from tests.support.relay import RelaySink
from tests.support.tickets import show_ticket
from tests.support.web import add_user

OUR_SERVER = "mx.sodepac.com"


@pytest.fixture
def relay():
    with RelaySink() as sink:
        yield sink


@pytest.fixture
def config(config: Config) -> Config:
    return replace(config, identity=IdentityConfig(authserv_id=OUR_SERVER))


def access_request(message_id: str = "ask-1@example.com", *, headers: dict[str, str] | None = None,
                   address: str = "anne@example.com") -> bytes:
    raw = request_mail(name="Anne Martin", address=address, subject="Copy of my data", message_id=message_id,
                       body="Hello, please send me a copy of all the personal data you hold about me. Anne")
    prefix = "".join(f"{name}: {value}\n" for name, value in (headers or {}).items()).encode()
    return prefix + raw


async def send_approved(service: RunningService, config: Config, relay: RelaySink, reference: str) -> None:
    await approve(service.db, config, reference)
    results = await sender_for(service.db, config, relay).send_due()
    assert set(results.values()) == {"sent"}, results


async def act(service: RunningService, work) -> None:
    async with service.db.session() as session, session.begin():
        await work(session)


async def test_access_request_waits_for_identity_then_a_reply_from_the_mailbox_proves_it(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    reference = await ticket_for(service, access_request())
    ticket = await show_ticket(service.db, reference)
    assert (ticket["stage"], ticket["identity"], ticket["paused"]) == ("new", "pending", False)
    assert ticket["drafts"][-1]["kind"] == "identity_request"
    first_due = ticket["due_at"]

    await send_approved(service, config, relay, reference)
    ticket = await show_ticket(service.db, reference)
    assert (ticket["stage"], ticket["paused"], ticket["overdue"]) == ("awaiting_identity", True, False)
    assert ticket["fulfilled_at"] is None
    ours = relay.received[-1].message["Message-ID"].strip("<>")

    # Anne answers our message from her mailbox: In-Reply-To names a Message-ID we generated.
    await ticket_for(service, request_mail(name="Anne Martin", address="anne@example.com",
                                           subject=f"Re: Copy of my data [{reference}]", message_id="ans-1@example.com",
                                           references=f"<ask-1@example.com> <{ours}>",
                                           body="Here I am, it is really me. Anne"))
    ticket = await show_ticket(service.db, reference)
    assert (ticket["stage"], ticket["identity"], ticket["paused"]) == ("in_progress", "verified", False)
    assert ticket["due_at"] > first_due  # moved by the time spent waiting
    assert any(e["kind"] == "identity_verified" and "reply to our message" in e["detail"] for e in ticket["events"])
    assert ticket["drafts"][-1]["kind"] == "acknowledgement"


async def test_a_subject_reference_alone_proves_nothing_and_changes_nothing(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    reference = await ticket_for(service, access_request())
    await send_approved(service, config, relay, reference)
    before = await show_ticket(service.db, reference)
    # Someone writes "from" Anne with the reference in the subject, but not as a reply to our mail.
    await ticket_for(service, request_mail(name="Anne Martin", address="anne@example.com",
                                           subject=f"Re: Copy of my data [{reference}]", message_id="forged@evil.test",
                                           body="Please delete all my data and stop the newsletter."))
    after = await show_ticket(service.db, reference)
    assert after["identity"] == "pending" and after["stage"] == "awaiting_identity"
    assert after["intents"] == before["intents"] == ["access"]
    assert [d["id"] for d in after["drafts"]] == [d["id"] for d in before["drafts"]]  # no new draft
    assert after["needs_review"] and any("not proven" in reason for reason in after["review_reasons"])


async def test_dmarc_pass_from_our_own_server_establishes_identity_at_filing(
        service: RunningService, config: Config) -> None:
    proven = access_request(headers={"Authentication-Results":
                                     f"{OUR_SERVER}; spf=pass smtp.mailfrom=example.com; "
                                     "dmarc=pass (p=reject) header.from=example.com"})
    reference = await ticket_for(service, proven)
    ticket = await show_ticket(service.db, reference)
    assert ticket["identity"] == "verified" and ticket["drafts"][-1]["kind"] == "acknowledgement"


async def test_a_dmarc_pass_written_by_anyone_else_is_ignored(service: RunningService) -> None:
    forged = access_request(headers={"Authentication-Results": "mx.evil.test; dmarc=pass header.from=example.com"})
    reference = await ticket_for(service, forged)
    ticket = await show_ticket(service.db, reference)
    assert ticket["identity"] == "pending" and ticket["drafts"][-1]["kind"] == "identity_request"


async def test_opt_out_is_in_effect_before_anyone_approves_anything(service: RunningService) -> None:
    reference = await ticket_for(service, request_mail(
        name="Bob", address="Bob.Stone@Example.org", subject="Unsubscribe", message_id="u1@example.org",
        body="Please unsubscribe me from your newsletter, I do not want your marketing emails anymore."))
    async with service.db.session() as session:
        [entry] = await suppression_list(session)
    assert (entry.address, entry.ticket) == ("bob.stone@example.org", reference)
    ticket = await show_ticket(service.db, reference)
    assert ticket["identity"] == "not_needed" and ticket["drafts"][-1]["kind"] == "fulfilment"
    assert any(e["kind"] == "suppressed" for e in ticket["events"])


async def test_a_follow_up_adds_a_request_and_the_first_stays_open(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    proven = access_request(headers={"Authentication-Results": f"{OUR_SERVER}; dmarc=pass header.from=example.com"})
    reference = await ticket_for(service, proven)
    await send_approved(service, config, relay, reference)  # the acknowledgement
    ours = relay.received[-1].message["Message-ID"].strip("<>")
    await ticket_for(service, request_mail(name="Anne Martin", address="anne@example.com",
                                           subject="Re: Copy of my data", message_id="also@example.com",
                                           references=f"<ask-1@example.com> <{ours}>",
                                           body="Also, please stop sending me your newsletter."))
    ticket = await show_ticket(service.db, reference)
    assert sorted(r["intent"] for r in ticket["requests"]) == ["access", "opt_out"]
    assert set(ticket["drafts"][-1]["intents"]) == {"access", "opt_out"}  # the reply covers both
    await send_approved(service, config, relay, reference)
    ticket = await show_ticket(service.db, reference)
    states = {r["intent"]: r["fulfilled_at"] is not None for r in ticket["requests"]}
    assert states == {"access": False, "opt_out": True}  # the unsubscribe confirmed, the copy still owed
    assert ticket["stage"] == "in_progress" and ticket["fulfilled_at"] is None


async def test_fulfil_is_refused_while_identity_is_pending(service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, access_request())
    async with service.db.session() as session:
        with pytest.raises(TicketError, match="identity"):
            async with session.begin():
                await actions.fulfil(session, reference=reference, by="alice", config=config)


async def test_fulfilment_with_the_copy_attached_stops_the_clock(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    await add_user(service.db, "alice")
    proven = access_request(headers={"Authentication-Results": f"{OUR_SERVER}; dmarc=pass header.from=example.com"})
    reference = await ticket_for(service, proven)
    await send_approved(service, config, relay, reference)
    assert (await show_ticket(service.db, reference))["stage"] == "in_progress"
    copy = actions.Attachment("anne-martin-data.csv", "text/csv", b"field,value\nname,Anne Martin\n")
    await act(service, lambda s: actions.fulfil(s, reference=reference, by="alice", config=config,
                                                note="Export of the CRM and order history", attachments=[copy]))
    ticket = await show_ticket(service.db, reference)
    assert ticket["drafts"][-1]["kind"] == "fulfilment"
    await send_approved(service, config, relay, reference)
    ticket = await show_ticket(service.db, reference)
    assert ticket["stage"] == "fulfilled" and ticket["fulfilled_at"] is not None and not ticket["overdue"]
    sent = relay.received[-1].message
    [attached] = list(sent.iter_attachments())
    assert attached.get_filename() == "anne-martin-data.csv"
    assert attached.get_content() == "field,value\nname,Anne Martin\n"


async def test_refusal_sent_makes_the_ticket_refused(service: RunningService, config: Config,
                                                    relay: RelaySink) -> None:
    reference = await ticket_for(service, access_request())
    await act(service, lambda s: actions.refuse(s, reference=reference, by="alice", config=config,
                                                reason="We hold no data about this address."))
    ticket = await show_ticket(service.db, reference)
    assert ticket["drafts"][-1]["kind"] == "refusal"
    await send_approved(service, config, relay, reference)
    ticket = await show_ticket(service.db, reference)
    assert ticket["stage"] == "refused" and ticket["fulfilled_at"] is not None


async def test_extension_once_within_the_first_month_with_its_notice(service: RunningService,
                                                                      config: Config) -> None:
    reference = await ticket_for(service, access_request())
    before = await show_ticket(service.db, reference)
    now = utcnow()
    await act(service, lambda s: actions.extend(s, reference=reference, by="alice", months=2, config=config, now=now,
                                                reason="Your data is spread over three archived systems."))
    ticket = await show_ticket(service.db, reference)
    assert ticket["due_at"] > before["due_at"] and ticket["extended_months"] == 2
    assert ticket["drafts"][-1]["kind"] == "extension_notice"
    async with service.db.session() as session:
        with pytest.raises(TicketError, match="already extended"):
            async with session.begin():
                await actions.extend(session, reference=reference, by="alice", months=1, config=config, now=now,
                                     reason="again")


async def test_no_extension_once_the_first_month_has_passed(service: RunningService, config: Config) -> None:
    reference = await ticket_for(service, access_request())
    later = utcnow() + timedelta(days=32)
    assert (await show_ticket(service.db, reference))["stage"] == "new"
    async with service.db.session() as session:
        with pytest.raises(TicketError, match="first month has passed"):
            async with session.begin():
                await actions.extend(session, reference=reference, by="alice", months=1, config=config, now=later,
                                     reason="late")


async def test_verify_needs_a_staff_account_and_override_an_admin(service: RunningService, config: Config) -> None:
    await add_user(service.db, "sam")
    await add_user(service.db, "ada", role="admin")
    reference = await ticket_for(service, access_request())
    async with service.db.session() as session:
        for by, kwargs, words in (("nobody", {"note": "called her"}, "no enabled console account"),
                                  ("sam", {"override_reason": "urgent"}, "only an admin")):
            with pytest.raises(TicketError, match=words):
                async with session.begin():
                    await actions.verify(session, reference=reference, by=by, config=config, now=utcnow(), **kwargs)
    await act(service, lambda s: actions.verify(s, reference=reference, by="sam", config=config, now=utcnow(),
                                                note="customer number C-1042 matches the account"))
    ticket = await show_ticket(service.db, reference)
    assert ticket["identity"] == "verified"
    assert ticket["drafts"][-1]["kind"] == "acknowledgement"  # the identity request was replaced
    assert any(e["actor"] == "sam" and "C-1042" in e["detail"] for e in ticket["events"])


async def test_a_clarification_pauses_the_clock_until_the_requester_answers(
        service: RunningService, config: Config, relay: RelaySink) -> None:
    proven = access_request(headers={"Authentication-Results": f"{OUR_SERVER}; dmarc=pass header.from=example.com"})
    reference = await ticket_for(service, proven)
    await send_approved(service, config, relay, reference)
    await act(service, lambda s: actions.clarify(s, reference=reference, by="alice", config=config,
                                                 question="Which of your two accounts do you mean?"))
    await send_approved(service, config, relay, reference)
    waiting = await show_ticket(service.db, reference)
    assert (waiting["stage"], waiting["paused"]) == ("awaiting_information", True)
    ours = relay.received[-1].message["Message-ID"].strip("<>")
    await ticket_for(service, request_mail(name="Anne Martin", address="anne@example.com",
                                           subject="Re: Copy of my data", message_id="which@example.com",
                                           references=f"<{ours}>", body="The one with my work address, please."))
    resumed = await show_ticket(service.db, reference)
    assert (resumed["stage"], resumed["paused"]) == ("in_progress", False)
    assert resumed["due_at"] >= waiting["due_at"]


async def test_a_complaint_about_an_unanswered_request_keeps_its_deadline(service: RunningService) -> None:
    from assistant.storage.models import Ticket

    first = await ticket_for(service, access_request())
    async with service.db.session() as session, session.begin():  # a month has gone by, unanswered
        ticket = (await session.execute(select(Ticket).where(Ticket.reference == first))).scalar_one()
        ticket.due_at = utcnow() - timedelta(days=2)
        for request in ticket.requests:
            request.due_at = ticket.due_at
    complaint = await ticket_for(service, request_mail(
        name="Anne Martin", address="anne@example.com", subject="No answer from you", message_id="angry@example.com",
        body="I have never received any answer to my request. This is unacceptable, I am making a complaint "
             "and I will complain to the CNIL."))
    assert complaint != first
    ticket = await show_ticket(service.db, complaint)
    original = await show_ticket(service.db, first)
    assert ticket["earlier_request"] == first and ticket["due_at"] == original["due_at"]
    assert ticket["overdue"] is True and ticket["needs_review"]
    assert any(e["kind"] == "complaint_received" for e in original["events"])


async def test_a_parent_writing_about_a_child_is_a_representative(service: RunningService) -> None:
    proven = request_mail(name="Marie Curie", address="marie@example.com", subject="My daughter",
                          message_id="child@example.com",
                          body="Hello, I am writing about my 14-year-old daughter Emma. Please delete all the "
                               "personal data you hold about her.")
    proven = f"Authentication-Results: {OUR_SERVER}; dmarc=pass header.from=example.com\n".encode() + proven
    reference = await ticket_for(service, proven)
    ticket = await show_ticket(service.db, reference)
    assert ticket["identity"] == "pending"  # her own mailbox proves nothing about her daughter
    assert ticket["needs_review"] and any("parent" in reason for reason in ticket["review_reasons"])
    assert ticket["drafts"][-1]["kind"] == "identity_request"


async def test_reclassifying_realigns_the_requests_and_the_identity_step(service: RunningService,
                                                                         config: Config) -> None:
    from assistant.tickets.drafting import redraft
    from assistant.tickets.service import reclassify

    reference = await ticket_for(service, access_request())
    async with service.db.session() as session, session.begin():
        await reclassify(session, reference=reference, intents=["question"], primary="question", by="alice")
        await redraft(session, reference=reference, by="alice", config=config)
    ticket = await show_ticket(service.db, reference)
    assert [r["intent"] for r in ticket["requests"]] == ["question"]
    assert ticket["identity"] == "not_needed" and ticket["drafts"][-1]["kind"] == "answer"


async def test_an_extension_notice_sent_after_the_first_month_flags_the_ticket(service: RunningService,
                                                                               config: Config) -> None:
    from assistant.tickets.lifecycle import reply_delivered
    from assistant.tickets.service import current_draft, get_ticket

    reference = await ticket_for(service, access_request())
    await act(service, lambda s: actions.extend(s, reference=reference, by="alice", months=1, config=config,
                                                now=utcnow(), reason="three archived systems"))
    async with service.db.session() as session, session.begin():  # approved and sent five weeks later
        ticket = await get_ticket(session, reference)
        notice = await current_draft(session, ticket)
        assert notice is not None and notice.kind == "extension_notice"
        reply_delivered(session, ticket, notice, actor="system", now=utcnow() + timedelta(days=35),
                        timezone=config.service.timezone)
    ticket = await show_ticket(service.db, reference)
    assert ticket["needs_review"] and any("after the first month" in r for r in ticket["review_reasons"])


async def test_which_requests_a_sent_reply_fulfils(service: RunningService, config: Config) -> None:
    """A first reply answers the question and confirms the opt-out; the copy of the data stays owed. A ticket
    without request rows (filed before they existed) is finished by its fulfilment."""
    from assistant.storage.models import Draft
    from assistant.tickets.lifecycle import add_requests, reply_delivered
    from assistant.tickets.service import open_ticket

    now = utcnow()
    async with service.db.session() as session, session.begin():
        def ticket_with(intents: list[str]):
            return open_ticket(session, requester="kim@example.com", requester_name="Kim", subject="s",
                               channel="email", status="open", received_at=now, due_at=now + timedelta(days=30),
                               intents=intents, primary=intents[0], language="en", scores={}, needs_review=False,
                               review_reasons=[], entities={}, identity="verified")

        mixed = await ticket_with(["access", "question", "opt_out"])
        add_requests(mixed, list(mixed.intents), message_pk=None, received_at=now, due_at=mixed.due_at)
        reply_delivered(session, mixed, Draft(kind="acknowledgement", intents=list(mixed.intents)), actor="system",
                        now=now, timezone=config.service.timezone)
        assert {r.intent: r.fulfilled_at is not None for r in mixed.requests} == {
            "access": False, "question": True, "opt_out": True}
        assert mixed.stage == "in_progress" and mixed.fulfilled_at is None

        legacy = await ticket_with(["deletion"])
        reply_delivered(session, legacy, Draft(kind="fulfilment", intents=["deletion"]), actor="system", now=now,
                        timezone=config.service.timezone)
        assert (legacy.stage, legacy.status, legacy.fulfilled_at) == ("fulfilled", "answered", now)
