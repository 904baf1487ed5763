"""Decisions name the rule that fired: which rule chose a message's primary intent, and which
pipeline step a failed message broke in, as staff see them in `tickets show` and `messages list`."""

from __future__ import annotations

import argparse
import asyncio
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from assistant.cli import messages as messages_cmd
from assistant.cli.tickets import render_ticket_text
from assistant.storage.models import Event, Message
from intents.cues import Cue
from intents.primary import MODEL_RULES, PRIMARY_RULES, Reading, decide_primary, rule_reason
from tests.conftest import INBOX, MESSAGES, RunningService
from tests.support.cli import cli, cli_json, write_config
from tests.support.tickets import list_tickets, show_ticket
from tests.support.web import console_app, signed_in


def cue(label: str, *, in_subject: bool = False) -> Cue:
    return Cue(label, 0, 0, in_subject)


MODEL = {"model_reads": True}


@pytest.mark.parametrize(
    ("reading", "primary", "rule"),
    [
        (Reading(frozenset({"access"}), continued=True, none_passed=True), "access", "continues_earlier_request"),
        # The primary model decides, whatever order the requests were written in...
        (Reading(frozenset({"access", "portability"}), (cue("portability"), cue("access")),
                 {"access": 0.7, "portability": 0.2}, **MODEL), "access", "model_reading"),
        # ...unless the writer's own words make a TAXONOMY rule: unsubscribe and delete is an erasure first...
        (Reading(frozenset({"opt_out", "deletion"}), (cue("opt_out"), cue("deletion")),
                 {"opt_out": 0.8, "deletion": 0.1}, **MODEL), "deletion", "deletion_over_opt_out"),
        # ...and a complaint repeating a request comes first, where the model finds the complaint plausible.
        (Reading(frozenset({"complaint", "opt_out"}), (cue("opt_out"), cue("complaint")),
                 {"complaint": 0.3, "opt_out": 0.6}, **MODEL), "complaint", "complaint_first"),
        (Reading(frozenset({"complaint", "opt_out"}), (cue("opt_out"), cue("complaint")),
                 {"complaint": 0.05, "opt_out": 0.9}, **MODEL), "opt_out", "model_reading"),
        # A model-only set decides nothing on its own: the deletion below was never asked in words.
        (Reading(frozenset({"opt_out", "deletion"}), (cue("opt_out"),), {"opt_out": 0.8, "deletion": 0.1}, **MODEL),
         "opt_out", "model_reading"),
        # In a language no model was trained on, the declared order decides.
        (Reading(frozenset({"opt_out"}), (cue("opt_out"),)), "opt_out", "only_request"),
        (Reading(frozenset({"access", "portability"}), (cue("portability"), cue("access"))), "portability",
         "first_request_made"),
        (Reading(frozenset({"access", "portability"}), (), {"access": 0.2, "portability": 0.7}), "portability",
         "strongest_reading"),
        # The model, sure nothing is asked, overrules even a TAXONOMY rule.
        (Reading(frozenset({"deletion", "opt_out"}), (cue("deletion"), cue("opt_out")), model_sure_of="other"),
         "other", "model_sure_nothing_asked"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_the_first_rule_that_applies_chooses_the_primary_and_is_named(reading: Reading, primary: str,
                                                                       rule: str) -> None:
    decision = decide_primary(reading)
    assert (decision.primary, decision.rule.name) == (primary, rule)


def test_every_rule_has_its_own_name_and_a_one_line_reason() -> None:
    rules = (*PRIMARY_RULES, *MODEL_RULES)
    assert len({rule.name for rule in rules}) == len(rules)
    assert all(rule.reason and "\n" not in rule.reason for rule in rules)
    assert rule_reason("deletion_over_opt_out").startswith("unsubscribe me and delete everything")
    assert rule_reason("a_rule_of_a_later_version") is None and rule_reason(None) is None


def mail(subject: str, body: str, sender: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, INBOX, subject
    message.set_content(body)
    return bytes(message)


MAIL_AND_RULES = [
    ("Subject access request", "Hello,\n\nPlease send me a copy of all the personal data you hold about me.\n\n"
     "Alice Martin", "access", "model_reading"),
    ("Account", "Please could you delete my old customer account, and while you're at it stop the sales calls.\n"
     "Roberto", "deletion", "deletion_over_opt_out"),
    ("Emails", "I unsubscribed weeks ago and you STILL email me. This is unacceptable, I am complaining to the "
     "ICO.\nTom", "complaint", "complaint_first"),
]


async def test_a_ticket_shows_the_rule_that_chose_each_messages_primary(service: RunningService) -> None:
    for number, (subject, body, _, _) in enumerate(MAIL_AND_RULES):
        code, _ = await service.send_async(mail(subject, body, f"writer{number}@example.org"))
        assert code == 250
    await service.settle()
    tickets = {ticket["requester"]: ticket["reference"] for ticket in await list_tickets(service.db)}
    for number, (_, _, primary, rule) in enumerate(MAIL_AND_RULES):
        detail = await show_ticket(service.db, tickets[f"writer{number}@example.org"])
        [message] = detail["messages"]
        assert (detail["primary"], message["decision_rule"]) == (primary, rule)
        assert message["decision_reason"] == rule_reason(rule)
        assert f"Primary by rule {rule}: {rule_reason(rule)}" in render_ticket_text(detail, ZoneInfo("Europe/Paris"))
    async with signed_in(console_app(service.config, service.db), service.db, "ada") as http:
        page = (await http.get(f"/tickets/{tickets['writer1@example.org']}")).text
    assert "Primary intent chosen by rule deletion_over_opt_out: unsubscribe me and delete everything" in page


async def test_machine_mail_has_no_primary_rule(service: RunningService) -> None:
    await service.send_async((MESSAGES / "outlook_auto_reply.eml").read_bytes())
    await service.settle()
    [ticket] = await list_tickets(service.db)
    [message] = (await show_ticket(service.db, ticket["reference"]))["messages"]
    assert message["noise_rule"] and message["decision_rule"] is None


async def failed_message(service: RunningService) -> tuple[Message, list[Event]]:
    await service.send_async((MESSAGES / "en_access_plain.eml").read_bytes())
    await service.settle()
    async with service.db.session() as session:
        message = (await session.execute(select(Message).order_by(Message.id.desc()).limit(1))).scalar_one()
        events = list((await session.execute(select(Event).where(Event.message_pk == message.id,
                                                                 Event.kind == "message_failed"))).scalars())
    return message, events


async def test_a_reading_step_that_fails_is_recorded_with_its_name(service: RunningService, tmp_path,
                                                                   database_url: str, capsys,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("model exploded")

    for reading in ("classify", "classify_many"):  # the pipeline reads by batch, then one by one
        monkeypatch.setattr(service.worker.tools.classifier, reading, broken)
    message, [event] = await failed_message(service)
    assert (message.state, message.failed_step, message.error) == ("failed", "classify", "RuntimeError: model exploded")
    assert event.detail == "step classify: RuntimeError: model exploded"

    args = argparse.Namespace(config=str(write_config(tmp_path, database_url)), state="failed", limit=50, json=False)
    await asyncio.to_thread(messages_cmd.run_list, args)
    assert f"#{message.id}" in (listed := capsys.readouterr().out)
    assert "failed in step classify: RuntimeError: model exploded" in listed


async def test_a_filing_step_that_fails_is_recorded_with_its_name(service: RunningService,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("template missing")

    monkeypatch.setattr("assistant.pipeline.steps.draft.draft_reply_for", broken)
    message, [event] = await failed_message(service)
    assert (message.state, message.failed_step) == ("failed", "draft_reply")
    assert event.detail == "step draft_reply: ValueError: template missing"
    assert await list_tickets(service.db) == []  # the filing transaction was rolled back whole


@pytest.mark.slow
def test_tickets_show_json_names_the_rule_from_the_command_line(tmp_path, database_url: str) -> None:
    """The CLI end to end: `ingest` files the mail, `tickets show --json` names the rule with its reason."""
    config = write_config(tmp_path, database_url)
    assert cli(config, "ingest", str(MESSAGES / "en_multi_intent.eml")).returncode == 0
    [ticket] = cli_json(config, "tickets", "list", "--json")
    [message] = cli_json(config, "tickets", "show", ticket["reference"], "--json")["messages"]
    assert (ticket["primary"], message["decision_rule"]) == ("deletion", "deletion_over_opt_out")
    assert message["decision_reason"] == rule_reason("deletion_over_opt_out")
