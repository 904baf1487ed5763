"""The website chat as a mail channel: a visitor's message becomes an RFC 5322 message for `accept`.

The chat has no pipeline of its own. What a visitor types is checked, written as the plain
text mail it stands for (From: the visitor, To: the privacy inbox, `X-SODEPAC-Channel: chat`)
and stored through `assistant.intake.accept`, so it is classified, ticketed, given its
deadline and drafted exactly like mail. This module also says what the visitor is told
right away; the HTTP side lives in `assistant.web.routes.chat`.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import HeaderParseError, MessageDefect
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from sqlalchemy import select

from assistant.intake import Accepted, accept
from assistant.mail.headers import one_line
from assistant.storage.database import Database
from assistant.storage.models import Message, Ticket, utcnow
from assistant.storage.states import MessageState
from replies.language import reply_language
from replies.policy import Passage, passage
from replies.policy.answers import PolicyAnswer, answer_question, answer_text
from replies.render import NEEDS_IDENTITY

CHANNEL = "chat"
CHANNEL_HEADER = "X-SODEPAC-Channel"
# Set only by the chat, on a request whose visitor typed back the one-time code mailed to the address;
# trusted only on channel "chat" (mail from outside may carry any header).
VERIFIED_HEADER = "X-Privacy-Assistant-Verified"
# Not one of service.own_domains: a Message-ID of our own domain coming in is read as our own mail
# looping back (assistant.mail.noise.own_message_id). `.invalid` is reserved for this (RFC 2606 §2).
MESSAGE_ID_DOMAIN = "chat.privacy-assistant.invalid"
SUBJECT_PREFIX = "Website chat: "
TRANSCRIPT_FILENAME = "chat-transcript.txt"
SUBJECT_WORDS = 8
SUBJECT_LENGTH = 60
MAX_NAME_LENGTH = 100
MAX_ADDRESS_LENGTH = 254  # RFC 5321 §4.5.3.1.3: a path of 256 octets, brackets included
# Every request except a plain question or something else is answered within the GDPR's month.
NOT_REQUESTS = frozenset({"question", "other"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SPACES = re.compile(r"\s+")


class ChatInputError(ValueError):
    """What the visitor typed cannot be sent; `key` names the interface text that says why."""

    def __init__(self, key: str, field_name: str) -> None:
        super().__init__(key)
        self.key = key
        self.field_name = field_name


@dataclass(frozen=True)
class ChatSubmission:
    """A visitor's message, checked: a usable address, a one-line name, a non-empty text."""

    address: str
    name: str
    text: str


def clean_address(value: str) -> str:
    """The visitor's address as an addr-spec, or ChatInputError. One address only, ASCII local part
    (SMTPUTF8 is not assumed of the relay), an IDN domain written in its ASCII form (RFC 5890)."""
    value = value.strip()
    if not value:
        raise ChatInputError("chat.error.address_missing", "address")
    if (len(value) > MAX_ADDRESS_LENGTH or value.count("@") != 1 or _CONTROL.search(value)
            or any(c in value for c in "\r\n<>,;")):
        raise ChatInputError("chat.error.address_invalid", "address")
    try:
        parsed = Address(addr_spec=value)
        domain = parsed.domain.encode("idna").decode("ascii").lower()
    except (HeaderParseError, MessageDefect, ValueError, UnicodeError, IndexError):
        raise ChatInputError("chat.error.address_invalid", "address") from None
    if not parsed.username or "." not in domain.strip(".") or not parsed.username.isascii():
        raise ChatInputError("chat.error.address_invalid", "address")
    return Address(username=parsed.username, domain=domain).addr_spec


def clean_name(value: str) -> str:
    """One line: CR, LF and other control characters become spaces, so a name can never start a header."""
    return one_line(value)[:MAX_NAME_LENGTH]


def clean_text(value: str) -> str:
    """The message with one kind of line end and no control characters other than tabs."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text.replace("\t", "    ")).strip()


def check_submission(address: str, name: str, text: str, *, max_length: int) -> ChatSubmission:
    """The submission, or ChatInputError for the first problem a visitor would want to fix."""
    clean = clean_text(text)
    checked_address = clean_address(address)
    if not clean:
        raise ChatInputError("chat.error.message_missing", "message")
    if len(clean) > max_length:
        raise ChatInputError("chat.error.message_too_long", "message")
    return ChatSubmission(address=checked_address, name=clean_name(name), text=clean)


def chat_subject(text: str) -> str:
    """`Website chat: ` and the first words, so staff see what it is about in the queue."""
    words = _SPACES.sub(" ", text).strip().split(" ")
    start = " ".join(words[:SUBJECT_WORDS])
    if len(start) > SUBJECT_LENGTH:
        start = start[:SUBJECT_LENGTH].rsplit(" ", 1)[0] or start[:SUBJECT_LENGTH]
    cut = start != " ".join(words)
    return SUBJECT_PREFIX + start + ("…" if cut else "")


def build_chat_message(submission: ChatSubmission, *, recipient: str, now: datetime | None = None,
                       transcript: str = "", verified: bool = False) -> bytes:
    """The RFC 5322 message a chat stands for. Headers are set through `email.headerregistry`, which
    quotes or encodes a display name (RFC 2047) and refuses CR/LF: no value can add a header.
    A conversation's transcript is attached as a text file, so the classifier reads only the request."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=submission.name, addr_spec=submission.address)
    message["To"] = Address(addr_spec=recipient)
    message["Subject"] = chat_subject(submission.text)
    message["Date"] = format_datetime(now or utcnow())
    message["Message-ID"] = f"<chat.{secrets.token_hex(16)}@{MESSAGE_ID_DOMAIN}>"
    message[CHANNEL_HEADER] = CHANNEL
    if verified:
        message[VERIFIED_HEADER] = "one-time code"
    message.set_content(submission.text + "\n", charset="utf-8")
    if transcript:
        message.add_attachment(transcript.encode("utf-8"), maintype="text", subtype="plain",
                               filename=TRANSCRIPT_FILENAME)
    return message.as_bytes()


async def accept_chat(db: Database, submission: ChatSubmission, *, recipient: str,
                      on_stored: Callable[[], None] | None = None, transcript: str = "",
                      verified: bool = False) -> Accepted:
    """Store the chat through the one intake. Raises on a storage failure: tell the visitor to retry."""
    raw = build_chat_message(submission, recipient=recipient, transcript=transcript, verified=verified)
    return await accept(db, raw, channel=CHANNEL, envelope_sender=submission.address,
                        envelope_recipients=[recipient], on_stored=on_stored)


@dataclass(frozen=True)
class Filing:
    """What the pipeline made of a chat message, as far as the visitor who sent it may know.

    `reference` and `due_at` are only set for a visitor who proved the address (the conversation's
    one-time code): anyone can type any address, and "registered under PRIV-..." for a new ticket
    against "we will email you" for a message threaded into the owner's ticket told a stranger
    whether an address and a reference belong together (issue 16, finding 2).
    """

    intents: tuple[str, ...] = ()
    reference: str | None = None
    due_at: datetime | None = None
    noise: bool = False
    ticket_id: int | None = None  # for our own records; never shown


async def wait_for_filing(db: Database, message_pk: int, *, timeout: float,
                          interval: float = 0.1, verified: bool = False) -> Filing | None:
    """Polls the stored message until the pipeline has filed it; None if it has not within `timeout`.
    The classifier runs in the pipeline worker, never in the web request. `verified`: the visitor
    proved they read the address, so the ticket their message joined may be named too."""
    deadline = time.monotonic() + timeout
    while True:
        async with db.session() as session:
            row = (await session.execute(
                select(Message.state, Message.ticket_id, Message.intents, Message.noise_rule)
                .where(Message.id == message_pk))).one_or_none()
            if row is not None and row.state == MessageState.PROCESSED:
                return await _filing(session, message_pk, row, verified=verified)
            if row is None or row.state == MessageState.FAILED:
                return None
        if time.monotonic() + interval > deadline:
            return None
        await asyncio.sleep(interval)


async def _filing(session, message_pk: int, row, *, verified: bool = False) -> Filing:
    intents = tuple(row.intents or ())
    if row.noise_rule or row.ticket_id is None:
        return Filing(intents=intents, noise=bool(row.noise_rule))
    if not verified:  # the same answer whoever owns the ticket: no oracle
        return Filing(intents=intents, ticket_id=row.ticket_id)
    ticket = await session.get(Ticket, row.ticket_id)
    return Filing(intents=intents, reference=ticket.reference, due_at=ticket.due_at, ticket_id=row.ticket_id)


@dataclass(frozen=True)
class ChatAnswer:
    """What the visitor is shown at once. Everything in it comes from their own message or from
    the published policy: never from another ticket."""

    reference: str | None
    due_at: datetime | None
    is_request: bool
    may_be_request: bool  # not filed yet: the generic words about requests are shown
    needs_identity: bool
    passages: tuple[Passage, ...] = field(default=())
    lead: str = ""  # the sentence that answers, or what the policy does not say


def _policy_part(answer: PolicyAnswer, language: str) -> tuple[str, tuple[Passage, ...]]:
    """The answering sentence first (in French, only the note: our summary follows), then the passage:
    the policy's words in English, our summary in French where there is one."""
    if not answer.found:
        return answer_text(answer, language), ()
    lead = " ".join(part for part in (answer.sentence if language != "fr" else "", answer.note) if part)
    if answer.passage_key is not None:
        return lead, (passage(answer.passage_key, reply_language(language)),)
    return lead, (Passage("", answer.section, (answer.excerpt,)),)


def chat_answer(text: str, filing: Filing | None, language: str) -> ChatAnswer:
    """The policy's answer to a question (see replies.policy.answers), and for a request its
    reference and the legal deadline. Only the policy's words answer a question, so the chat
    cannot promise what the policy does not say; staff answer the rest by email."""
    intents = set(filing.intents) if filing and not filing.noise else set()
    is_request = bool(intents - NOT_REQUESTS)
    pure_request = is_request and "question" not in intents
    lead, passages = ("", ()) if pure_request else _policy_part(answer_question(text, language), language)
    return ChatAnswer(
        reference=filing.reference if filing and not filing.noise else None,
        due_at=filing.due_at if filing and not filing.noise else None,
        is_request=is_request,
        may_be_request=filing is None,
        needs_identity=bool(intents & NEEDS_IDENTITY),
        passages=passages,
        lead=lead,
    )
