"""A website chat conversation: questions answered from the policy, requests filed from a verified address.

A conversation's stages (kept in `chat_sessions.stage`):

    conversing --a request (access, deletion, ...)------------------> awaiting_address
    conversing --a question the policy does not answer-------------> offered_handoff
    offered_handoff --"yes"--> awaiting_address;  --anything else--> conversing (answered as new)
    awaiting_address --an address (code mailed, rate-limited)------> awaiting_code
    awaiting_code --the right code--> conversing (the request is filed: a ticket)
                  --wrong, last try, expired--> awaiting_code | awaiting_address
    any stage --"cancel"--> conversing (nothing filed)

Nothing is filed for an address before its code comes back (see `verification`), and every
answer about an address is the same whether or not it has tickets with us: no enumeration.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.channels.chat import NOT_REQUESTS, ChatInputError, Filing, clean_address
from assistant.chat.filing import VerifiedRequest, file_verified_request, transcript_text
from assistant.chat.limits import count_attempt, forget_old_windows
from assistant.chat.texts import CANCEL, YES, explain_request, say
from assistant.chat.verification import CodeCheck, check_code, send_code
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import ChatSession, utcnow
from intents.types import LABELS, IntentResult
from replies.dates import format_date
from replies.keywords import normalise
from replies.policy.answers import answer_question, answer_text

log = logging.getLogger(__name__)

# GDPR rights filed as tickets only from a verified address; a question may be passed on the same way.
REQUEST_INTENTS = frozenset(LABELS) - NOT_REQUESTS
MAX_TRANSCRIPT = 60  # entries kept: enough for staff to follow, bounded for the row
_ADDRESS = re.compile(r"[^\s<>(),;:\"'«»]+@[^\s<>(),;:\"'«»]+")
_CODE = re.compile(r"(?<!\d)(\d{3})[ -]?(\d{3})(?!\d)")


class Stage(StrEnum):
    CONVERSING = "conversing"
    OFFERED_HANDOFF = "offered_handoff"
    AWAITING_ADDRESS = "awaiting_address"
    AWAITING_CODE = "awaiting_code"


class ChatLimited(Exception):
    """Too many messages from one client or in one conversation (answered 429 with Retry-After)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class ChatTurn:
    """One answer, as `POST /api/chat` returns it."""

    session: str
    reply: str
    intents: list[str]
    primary: str
    citations: list[dict[str, str]] = field(default_factory=list)
    ticket: str | None = None
    stage: str = "conversing"  # what the conversation waits for next (a Stage)

    def to_json(self) -> dict:
        return {"session": self.session, "reply": self.reply, "intents": self.intents, "primary": self.primary,
                "citations": self.citations, "ticket": self.ticket, "stage": self.stage}


@dataclass
class _Step:
    """What one message led to, before anything slow (filing) happens."""

    reply: str
    intents: list[str]
    primary: str
    citations: list[dict[str, str]] = field(default_factory=list)
    filing: VerifiedRequest | None = None
    code_queued: bool = False


def session_id_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_address(text: str) -> str | None:
    match = _ADDRESS.search(text)
    if match is None:
        return None
    try:
        return clean_address(match.group(0).rstrip(".!?"))
    except ChatInputError:
        return None


def find_code(text: str) -> str | None:
    match = _CODE.search(text)
    return match.group(1) + match.group(2) if match else None


def _said(text: str) -> str:
    return normalise(text).strip(" .!?").strip()


@dataclass
class Conversations:
    """The chat's service: everything a turn needs, built once by the web app."""

    db: Database
    config: Config
    classify: Callable[[str], Awaitable[IntentResult]]
    on_stored: Callable[[], None] | None = None  # wakes the pipeline worker
    on_queued: Callable[[], None] | None = None  # wakes the outbox sender (a code to mail)
    clock: Callable[[], datetime] = utcnow

    @property
    def inbox(self) -> str:
        return self.config.smtp.recipients[0]

    async def converse(self, token: str | None, message: str, *, client: str, language: str) -> ChatTurn:
        """Answer one message. Raises ChatLimited when a limit is reached (nothing else is done)."""
        now = self.clock()
        await self._count_message(token, client, now)
        understanding = await self.classify(message)
        async with self.db.session() as session:
            chat, opened, restarted = await self._open(session, token, client, language, now)
            if opened != token:  # a new conversation's first message counts towards its own limit too
                await count_attempt(session, f"session:{chat.id}", limit=self.config.chat.session_messages_per_hour,
                                    now=now)
                token = opened
            step = await self._step(session, chat, message, understanding, client, now)
            entries = [{"from": "visitor", "text": message, "at": now.isoformat()}]
            if step.filing is None:
                entries.append({"from": "assistant", "text": step.reply, "at": now.isoformat()})
            chat.transcript = [*chat.transcript, *entries][-MAX_TRANSCRIPT:]
            chat.expires_at = now + timedelta(minutes=self.config.chat.session_idle_minutes)
            await session.commit()
            chat_id, stage = chat.id, chat.stage
        ticket = None
        if step.filing is not None:
            step.reply, ticket, stage = await self._file(chat_id, step.filing, now)
        if step.code_queued and self.on_queued is not None:
            self.on_queued()
        if restarted:
            step.reply = say(chat.language, "restarted") + "\n\n" + step.reply
        return ChatTurn(token, step.reply, step.intents, step.primary, step.citations, ticket, str(stage))

    # -- sessions and limits ---------------------------------------------------------------------

    async def _count_message(self, token: str | None, client: str, now: datetime) -> None:
        chat = self.config.chat
        async with self.db.session() as session:
            verdicts = [await count_attempt(session, f"client:{client}", limit=chat.messages_per_hour, now=now)]
            if token:
                verdicts.append(await count_attempt(session, f"session:{session_id_of(token)}",
                                                    limit=chat.session_messages_per_hour, now=now))
            await session.commit()
        refused = [verdict.retry_after for verdict in verdicts if not verdict.allowed]
        if refused:
            raise ChatLimited(max(refused))

    async def _open(self, session: AsyncSession, token: str | None, client: str, language: str, now: datetime
                    ) -> tuple[ChatSession, str, bool]:
        """The visitor's conversation (locked for this turn), or a new one if theirs expired or never was."""
        if token:
            chat = (await session.execute(select(ChatSession).where(ChatSession.id == session_id_of(token))
                                          .with_for_update())).scalar_one_or_none()
            if chat is not None and chat.expires_at > now:
                return chat, token, False
        await session.execute(delete(ChatSession).where(ChatSession.expires_at <= now))
        await forget_old_windows(session, now=now)
        restarted = bool(token)
        token = secrets.token_urlsafe(24)
        chat = ChatSession(id=session_id_of(token), client=client[:64], language=language, stage=Stage.CONVERSING,
                           transcript=[], pending_text="", pending_intents=[], code_attempts=0, tickets=[],
                           created_at=now, expires_at=now)
        session.add(chat)
        return chat, token, restarted

    # -- one message -----------------------------------------------------------------------------

    async def _step(self, session: AsyncSession, chat: ChatSession, message: str, understanding: IntentResult,
                    client: str, now: datetime) -> _Step:
        stage = Stage(chat.stage)
        said = _said(message)
        if stage != Stage.CONVERSING and said in CANCEL:
            self._reset(chat)
            return self._about_pending(chat, say(chat.language, "cancelled"))
        if stage == Stage.AWAITING_CODE and (code := find_code(message)):
            return self._check(chat, code, now)
        address = find_address(message) if stage != Stage.CONVERSING else None
        if address is not None:
            return await self._send_code(session, chat, address, client, now)
        if stage == Stage.OFFERED_HANDOFF and said in YES:
            chat.stage = Stage.AWAITING_ADDRESS
            reply = explain_request(chat.language, ["question"]) + " " + say(chat.language, "ask_address")
            return self._about_pending(chat, reply)
        if stage == Stage.AWAITING_ADDRESS:
            return self._about_pending(chat, say(chat.language, "need_address"))
        if stage == Stage.AWAITING_CODE:
            return self._about_pending(chat, say(chat.language, "need_code", address=chat.address))
        return self._answer(chat, message, understanding)

    def _answer(self, chat: ChatSession, message: str, understanding: IntentResult) -> _Step:
        """A request asks for the address; a question gets the policy's answer (or an offer to pass it on)."""
        if understanding.language in ("en", "fr"):
            chat.language = understanding.language  # follow the visitor
        language = chat.language
        intents = understanding.ordered_intents()
        requests = [intent for intent in intents if intent in REQUEST_INTENTS]
        if requests:
            chat.stage, chat.pending_text, chat.pending_intents = Stage.AWAITING_ADDRESS, message, requests
            reply = explain_request(language, requests) + " " + say(language, "ask_address")
            return _Step(reply, intents, understanding.primary)
        answer = answer_question(message, language)
        if answer.found:
            self._reset(chat)
            return _Step(answer_text(answer, language) + "\n\n" + say(language, "anything_else"), intents,
                         understanding.primary, [{"section": answer.section, "excerpt": answer.excerpt}])
        if intents == ["other"] and answer.gap is None:
            self._reset(chat)
            return _Step(say(language, "help"), intents, understanding.primary)
        chat.stage, chat.pending_text, chat.pending_intents = Stage.OFFERED_HANDOFF, message, ["question"]
        return _Step(answer_text(answer, language) + " " + say(language, "offer_handoff"), intents,
                     understanding.primary)

    async def _send_code(self, session: AsyncSession, chat: ChatSession, address: str, client: str,
                         now: datetime) -> _Step:
        limit = self.config.chat.codes_per_hour
        verdicts = [await count_attempt(session, f"code-address:{address.lower()}", limit=limit, now=now),
                    await count_attempt(session, f"code-client:{client}", limit=limit, now=now)]
        refused = [verdict.retry_after for verdict in verdicts if not verdict.allowed]
        if refused:
            log.warning("chat: a verification code was refused (more than %d an hour)", limit)
            minutes = max(1, (max(refused) + 59) // 60)
            return self._about_pending(chat, say(chat.language, "too_many_codes", minutes=minutes, inbox=self.inbox))
        await send_code(session, chat, config=self.config, recipient=address, now=now)
        chat.stage = Stage.AWAITING_CODE
        step = self._about_pending(chat, say(chat.language, "code_sent", address=address,
                                             minutes=self.config.chat.code_minutes))
        step.code_queued = True
        return step

    def _check(self, chat: ChatSession, code: str, now: datetime) -> _Step:
        result = check_code(chat, code, now=now, max_attempts=self.config.chat.code_attempts)
        if result == CodeCheck.VERIFIED:
            step = self._about_pending(chat, "")
            transcript = [*chat.transcript, {"from": "visitor", "text": code, "at": now.isoformat()}]
            step.filing = VerifiedRequest(address=chat.address or "", text=chat.pending_text,
                                          transcript=transcript_text(transcript, timezone=self._zone))
            return step
        if result in (CodeCheck.EXHAUSTED, CodeCheck.EXPIRED):
            chat.stage = Stage.AWAITING_ADDRESS
        key = {CodeCheck.WRONG: "wrong_code", CodeCheck.EXHAUSTED: "code_exhausted",
               CodeCheck.EXPIRED: "code_expired", CodeCheck.NO_CODE: "no_code"}[result]
        return self._about_pending(chat, say(chat.language, key))

    async def _file(self, chat_id: str, request: VerifiedRequest, now: datetime
                    ) -> tuple[str, str | None, Stage]:
        """Store the verified request. Filed: the conversation goes back to answering questions. Not
        stored: nothing was filed, and the visitor types their address again for a new code."""
        try:
            filing = await file_verified_request(
                self.db, request, recipient=self.inbox, wait_seconds=self.config.chat.answer_wait_seconds,
                on_stored=self.on_stored)
            stored = True
        except Exception:
            log.exception("a verified chat request could not be stored; the visitor was asked to try again")
            filing, stored = None, False
        async with self.db.session() as session:
            chat = await session.get(ChatSession, chat_id, with_for_update=True)
            language = chat.language if chat is not None else "en"
            if not stored:
                reply = say(language, "unavailable", inbox=self.inbox)
            else:
                reply = self._filed_reply(language, request.address, filing)
            if chat is not None:
                if stored:
                    self._reset(chat)
                else:
                    chat.stage = Stage.AWAITING_ADDRESS
                if filing is not None and filing.reference:
                    chat.tickets = [*chat.tickets, filing.reference]
                chat.transcript = [*chat.transcript, {"from": "assistant", "text": reply, "at": now.isoformat()}]
                await session.commit()
        return reply, filing.reference if filing else None, Stage.CONVERSING if stored else Stage.AWAITING_ADDRESS

    def _filed_reply(self, language: str, address: str, filing: Filing | None) -> str:
        """An opt-out is in effect once filed (GDPR Art. 21(3)): no deadline to promise."""
        if filing is not None and filing.reference and set(filing.intents) == {"opt_out"}:
            return say(language, "filed_opt_out", reference=filing.reference)
        if filing is not None and filing.reference and filing.due_at:
            due = format_date(filing.due_at.astimezone(self._zone), language)
            return say(language, "filed", reference=filing.reference, address=address, due=due)
        return say(language, "filed_pending", address=address)

    # -- helpers -----------------------------------------------------------------------------------

    @property
    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.config.service.timezone)

    @staticmethod
    def _reset(chat: ChatSession) -> None:
        chat.stage, chat.pending_text, chat.pending_intents = Stage.CONVERSING, "", []
        chat.address, chat.code_hash, chat.code_expires_at, chat.code_attempts = None, None, None, 0

    @staticmethod
    def _about_pending(chat: ChatSession, reply: str) -> _Step:
        """A turn about the pending request reports that request's intents."""
        intents = list(chat.pending_intents or [])
        return _Step(reply, intents, intents[0] if intents else "other")
