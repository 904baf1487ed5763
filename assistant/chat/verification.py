"""One-time codes that prove a chat visitor reads the address a request is filed for.

A chat address is typed, never proven; a deletion or access request filed in someone else's name
would disclose or destroy their data (GDPR Art. 12(6): the controller may ask for what it needs to
confirm identity; EDPB Guidelines 01/2022 on the right of access, §§ 63-77: use what you already
rely on, here the address itself). So the chat mails a 6-digit code to the address and files the
request only when the visitor types it back:

    code sent --right code, in time--> verified (the request is filed)
              --wrong code--> code sent (attempts + 1) ... --attempt `code_attempts`--> no code
              --after `code_minutes`--> no code (expired)

Only a SHA-256 of the session id and the code is stored. The mail carries the code and nothing
personal, so it goes straight to the outbox without staff approval.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.mail.headers import new_message_id
from assistant.outbox.compose import address, compose_message, display_name, html_from_text
from assistant.outbox.queue import enqueue
from assistant.storage.models import ChatSession
from replies.language import reply_language

CODE_DIGITS = 6

SUBJECTS = {"en": "Your SODEPAC verification code", "fr": "Votre code de vérification SODEPAC"}
TEXTS = {
    "en": ("Hello,\n\nYour verification code for the SODEPAC privacy chat is: {code}\n\n"
           "Type it in the chat to confirm your request. It expires in {minutes} minutes.\n\n"
           "If you did not ask for it, ignore this message: nothing will be filed without the code.\n\n"
           "{signature}\n"),
    "fr": ("Bonjour,\n\nVotre code de vérification pour le chat de SODEPAC est : {code}\n\n"
           "Saisissez-le dans le chat pour confirmer votre demande. Il expire dans {minutes} minutes.\n\n"
           "Si vous ne l'avez pas demandé, ignorez ce message : rien ne sera enregistré sans ce code.\n\n"
           "{signature}\n"),
}


class CodeCheck(StrEnum):
    """What a typed code turned out to be."""

    VERIFIED = "verified"
    WRONG = "wrong"          # attempts left
    EXHAUSTED = "exhausted"  # that was the last attempt: the code is void
    EXPIRED = "expired"
    NO_CODE = "no_code"


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


def code_hash(session_id: str, code: str) -> str:
    """Bound to the conversation: a code mailed for one session is worth nothing in another."""
    return hashlib.sha256(f"{session_id}:{code}".encode()).hexdigest()


def verification_mail(config: Config, *, recipient: str, code: str, language: str, now: datetime
                      ) -> tuple[bytes, str]:
    """The code's mail and its Message-ID. Auto-Submitted: auto-generated (RFC 3834 §5), so
    responders do not answer it."""
    language = reply_language(language)
    text = TEXTS[language].format(code=code, minutes=config.chat.code_minutes, signature=display_name(language))
    message_id = new_message_id(config.service.own_domains[0])
    message = compose_message(
        sender=address(config.outbound.from_address, display_name(language)), recipient=address(recipient),
        subject=SUBJECTS[language], text=text, html_body=html_from_text(text), language=language,
        message_id=message_id, date=now, auto_submitted="auto-generated",
        extra_headers={"X-Auto-Response-Suppress": "All"})
    return bytes(message), message_id


async def send_code(session: AsyncSession, chat: ChatSession, *, config: Config, recipient: str, now: datetime
                    ) -> None:
    """A new code for `chat` (replacing any earlier one), queued to `recipient` in the caller's transaction."""
    code = new_code()
    raw, message_id = verification_mail(config, recipient=recipient, code=code, language=chat.language, now=now)
    await enqueue(session, kind="verification", raw=raw, message_id=message_id,
                  sender=config.outbound.from_address, recipients=[recipient])
    chat.address = recipient
    chat.code_hash = code_hash(chat.id, code)
    chat.code_expires_at = now + timedelta(minutes=config.chat.code_minutes)
    chat.code_attempts = 0


def check_code(chat: ChatSession, typed: str, *, now: datetime, max_attempts: int) -> CodeCheck:
    """Compares in constant time, counts the attempt, and voids the code once it is used up."""
    if chat.code_hash is None or chat.code_expires_at is None:
        return CodeCheck.NO_CODE
    if now >= chat.code_expires_at:
        void_code(chat)
        return CodeCheck.EXPIRED
    if hmac.compare_digest(chat.code_hash, code_hash(chat.id, typed)):
        void_code(chat)
        return CodeCheck.VERIFIED
    chat.code_attempts += 1
    if chat.code_attempts >= max_attempts:
        void_code(chat)
        return CodeCheck.EXHAUSTED
    return CodeCheck.WRONG


def void_code(chat: ChatSession) -> None:
    chat.code_hash = None
    chat.code_expires_at = None
