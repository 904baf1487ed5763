"""The chat's answer page at a URL of its own, so a reload shows the stored message and its answer again.

After a message is stored the form redirects (303, post/redirect/get) to `/chat/answer/<token>`. The
token names the stored message and is signed; it is also bound to a random visitor cookie of the
browser that sent it, so a copied or leaked URL shows nothing in another browser: a chat message is
personal data (GDPR Art. 5(1)(f), Art. 32). It stays valid for `ANSWER_HOURS`.
"""

from __future__ import annotations

import base64
import hmac
import json
import time

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select

from assistant.channels.chat import CHANNEL, ChatSubmission
from assistant.chat.conversation import ChatTurn
from assistant.mail.parse import parse_message
from assistant.storage.database import Database
from assistant.storage.models import Message
from assistant.web.access import console_of

ANSWER_PATH = "/chat/answer"
VISITOR_COOKIE = "pa_chat_visitor"
FILED_PATH = "/chat/verify/filed"
FILED_COOKIE = "pa_chat_filed"
ANSWER_HOURS = 24
_BINDING = "chat-answer"


def visitor_of(request: Request) -> str | None:
    """The browser's visitor id from its signed cookie, None when it has none (or a forged one)."""
    return console_of(request).signer.unsign(request.cookies.get(VISITOR_COOKIE))


def answer_url(request: Request, message_pk: int, visitor: str, language: str) -> str:
    signer = console_of(request).signer
    token = signer.sign(f"{message_pk}-{int(time.time())}-{signer.csrf_token(_BINDING, visitor)[:32]}")
    return f"{ANSWER_PATH}/{token}?lang={language}"


def answered_message_pk(request: Request, token: str) -> int | None:
    """The stored message the token names, if it is this browser's and not older than ANSWER_HOURS."""
    signer = console_of(request).signer
    value, visitor = signer.unsign(token), visitor_of(request)
    if not value or not visitor:
        return None
    try:
        pk_text, issued_text, binding = value.split("-")
        message_pk, issued = int(pk_text), int(issued_text)
    except ValueError:
        return None
    if not hmac.compare_digest(binding, signer.csrf_token(_BINDING, visitor)[:32]):
        return None
    return message_pk if 0 <= time.time() - issued <= ANSWER_HOURS * 3600 else None


def keep_visitor(request: Request, response: Response, visitor: str) -> None:
    """Gives the browser its visitor id, for as long as its answers can be shown again."""
    console = console_of(request)
    response.set_cookie(VISITOR_COOKIE, console.signer.sign(visitor), max_age=ANSWER_HOURS * 3600, httponly=True,
                        samesite="lax", secure=console.config.web.secure_cookies, path="/chat")


async def sent_submission(db: Database, message_pk: int) -> ChatSubmission | None:
    """What the visitor sent, read back from the stored mail; None once purged (retention, erasure)."""
    async with db.session() as session:
        row = (await session.execute(select(Message.raw, Message.channel, Message.content_purged_at)
                                     .where(Message.id == message_pk))).one_or_none()
    if row is None or row.channel != CHANNEL or row.content_purged_at is not None or not row.raw:
        return None
    mail = parse_message(row.raw)
    return ChatSubmission(address=mail.from_address, name=mail.from_name, text=mail.text.rstrip("\n"))


def keep_filed_turn(request: Request, response: Response, turn: ChatTurn) -> None:
    """The answer to a verified request, kept signed in this browser only, so that reloading its page
    (`FILED_PATH`) shows it again instead of re-posting the spent code form."""
    shown = {"session": turn.session, "reply": turn.reply, "ticket": turn.ticket, "at": int(time.time())}
    packed = base64.urlsafe_b64encode(json.dumps(shown).encode()).decode()
    console = console_of(request)
    response.set_cookie(FILED_COOKIE, console.signer.sign(packed), max_age=ANSWER_HOURS * 3600, httponly=True,
                        samesite="lax", secure=console.config.web.secure_cookies, path="/chat")


def filed_turn(request: Request) -> ChatTurn | None:
    """The verified request's answer this browser was shown, None without one (another browser, a forged
    or expired cookie)."""
    packed = console_of(request).signer.unsign(request.cookies.get(FILED_COOKIE))
    try:
        shown = json.loads(base64.urlsafe_b64decode(packed or ""))
        fresh = time.time() - int(shown["at"]) < ANSWER_HOURS * 3600
        return ChatTurn(session=str(shown["session"]), reply=str(shown["reply"]), intents=[], primary="",
                        ticket=shown["ticket"], stage="filed") if fresh else None
    except (ValueError, KeyError, TypeError):
        return None
