"""The public website chat at /chat: no sign-in, English and French, embeddable in the company site.

A visitor leaves an address and a message; it is stored through the one intake as a mail of
channel "chat" (see `assistant.channels.chat`) before anything is answered. Form posts carry a
double-submit CSRF token (a signed random nonce in a cookie, its HMAC in the form), since an
anonymous visitor has no session to bind one to. The nonce carries the time it was issued and is
spent when its form is sent (`chat/limits.py`): a form posts once, and never after six hours. The
hourly limits per client address and per email address are counted in the database before anything
is done, so concurrent posts and several `serve` processes share them (issue 16, finding 5).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.channels.chat import (
    ChatInputError,
    accept_chat,
    chat_answer,
    check_submission,
    wait_for_filing,
)
from assistant.chat.conversation import REQUEST_INTENTS, ChatLimited, ChatTurn, Conversations
from assistant.chat.limits import (
    FORM_TOKEN_LIFETIME,
    count_attempt,
    form_token_used,
    release_form_token,
    use_form_token,
)
from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from assistant.web.access import console_of
from assistant.web.chat_answers import (
    ANSWER_PATH,
    FILED_PATH,
    answer_url,
    answered_message_pk,
    filed_turn,
    keep_filed_turn,
    keep_visitor,
    sent_submission,
    visitor_of,
)
from assistant.web.strings import LANGUAGES, choose_language, translator
from replies.dates import format_date

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

CHAT_PATH = "/chat"
CHAT_COOKIE = "pa_chat"
CSRF_PURPOSE = "chat"
# A form a browser sends for the longest message (every character percent-encoded as UTF-8) and
# its other fields; a larger body is refused before it is read (RFC 9110 §15.5.14: 413).
_FORM_OVERHEAD = 16_384


@dataclass
class ChatDesk:
    """Who to wake once a chat message is stored (the limits live in the database)."""

    on_stored: Callable[[], None] | None = None


def new_nonce() -> str:
    """A form's random nonce, prefixed with the Unix time it was issued."""
    return f"{int(utcnow().timestamp())}.{secrets.token_urlsafe(16)}"


def nonce_fresh(nonce: str | None) -> bool:
    issued, _, _ = (nonce or "").partition(".")
    age = utcnow().timestamp() - int(issued) if issued.isdigit() else -1
    return 0 <= age < FORM_TOKEN_LIFETIME.total_seconds()


def chat_csp(config: Config) -> str:
    """The console's policy, except that the company site (`chat.embed_origins`) may frame the chat."""
    ancestors = " ".join(["'self'", *config.chat.embed_origins])
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'none'; "
            f"form-action 'self'; frame-ancestors {ancestors}; base-uri 'none'; object-src 'none'")


def _enabled_config(request: Request) -> Config:
    config = console_of(request).config
    if not config.chat.enabled:
        raise HTTPException(status_code=404)
    return config


def _page(request: Request, template: str, language: str, *, status_code: int = 200,
          headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    console = console_of(request)
    config = console.config
    t = translator(language)
    other = t("chat.other_language_code")
    base = {
        "t": t,
        "lang": language,
        "other_language": other,
        "switch_href": f"{CHAT_PATH}?lang={other}",
        "max_length": config.chat.max_length,
        "inbox": config.smtp.recipients[0],
    }
    response = console.templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
    response.headers["Content-Security-Policy"] = chat_csp(config)
    # Browsers that know CSP frame-ancestors follow it; SAMEORIGIN is for those that do not.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _with_nonce(request: Request, response: Response, nonce: str) -> Response:
    config = console_of(request).config
    response.set_cookie(CHAT_COOKIE, console_of(request).signer.sign(nonce), max_age=6 * 3600, httponly=True,
                        samesite="lax", secure=config.web.secure_cookies, path=CHAT_PATH)
    return response


def _form_page(request: Request, language: str, nonce: str, *, status_code: int = 200, error: str = "",
               error_field: str = "", error_values: dict[str, Any] | None = None, address: str = "",
               name: str = "", message: str = "", error_title: str = "chat.error.title",
               headers: dict[str, str] | None = None) -> Response:
    """The form, with what the visitor typed when it comes back (an error, a language switch, a refusal)."""
    token = console_of(request).signer.csrf_token(CSRF_PURPOSE, nonce)
    response = _page(request, "chat.html", language, status_code=status_code, headers=headers, csrf_token=token,
                     error=error, error_title=error_title, error_field=error_field, error_values=error_values or {},
                     address=address, name=name, message=message)
    return _with_nonce(request, response, nonce)


def _busy_form(request: Request, language: str, nonce: str, wait: int, fields: dict[str, str]) -> Response:
    """The rate limit's refusal (RFC 6585 §4: 429, Retry-After) on the form, the typed text still in it."""
    inbox = console_of(request).config.smtp.recipients[0]
    return _form_page(request, language, nonce, status_code=429, headers={"Retry-After": str(wait)},
                      error="chat.busy", error_title="chat.busy.title",
                      error_values={"minutes": max(1, (wait + 59) // 60), "inbox": inbox},
                      address=fields.get("address", "")[:320], name=fields.get("name", "")[:200],
                      message=fields.get("message", ""))


def _notice(request: Request, language: str, key: str, *, status_code: int,
            headers: dict[str, str] | None = None, **values: Any) -> Response:
    return _page(request, "chat_notice.html", language, status_code=status_code, headers=headers,
                 title_key=f"{key}.title", message_key=key, values=values)


@router.get(CHAT_PATH)
async def chat_form(request: Request, lang: str = "") -> Response:
    _enabled_config(request)
    language = choose_language(lang, request.headers.get("accept-language"))
    # One nonce for every tab of the visitor, until a message is sent with it.
    console = console_of(request)
    nonce = console.signer.unsign(request.cookies.get(CHAT_COOKIE))
    if nonce_fresh(nonce):
        async with console.db.session() as session:
            nonce = None if await form_token_used(session, nonce or "") else nonce
    return _form_page(request, language, nonce if nonce_fresh(nonce) else new_nonce())


@router.post(CHAT_PATH)
async def chat_send(request: Request) -> Response:
    config = _enabled_config(request)
    console = console_of(request)
    language = choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > config.chat.max_length * 12 + _FORM_OVERHEAD:
        nonce = console.signer.unsign(request.cookies.get(CHAT_COOKIE)) or new_nonce()
        return _form_page(request, language, nonce, status_code=413, error="chat.error.message_too_long",
                          error_field="message", error_values={"length": int(declared), "max": config.chat.max_length,
                                                               "inbox": config.smtp.recipients[0]})
    form = await request.form()
    fields = {key: value if isinstance(value, str) else "" for key, value in form.items()}
    language = choose_language(fields.get("lang"), request.headers.get("accept-language"))
    nonce = console.signer.unsign(request.cookies.get(CHAT_COOKIE))
    if fields.get("switch_language") in LANGUAGES:  # the header's language button: nothing is sent
        return _form_page(request, fields["switch_language"], nonce if nonce_fresh(nonce) else new_nonce(),
                          address=fields.get("address", "")[:320], name=fields.get("name", "")[:200],
                          message=fields.get("message", ""))
    if not console.signer.csrf_ok(CSRF_PURPOSE, nonce, fields.get("csrf_token")) or not nonce_fresh(nonce):
        log.warning("chat post refused: missing, wrong or expired CSRF token")
        return _notice(request, language, "chat.expired", status_code=403)
    address, name, text = fields.get("address", ""), fields.get("name", ""), fields.get("message", "")
    try:
        submission = check_submission(address, name, text, max_length=config.chat.max_length)
    except ChatInputError as problem:
        return _form_page(request, language, nonce, status_code=400, error=problem.key,
                          error_field=problem.field_name, address=address[:320], name=name[:200], message=text,
                          error_values={"length": len(text), "max": config.chat.max_length,
                                        "inbox": config.smtp.recipients[0]})
    desk: ChatDesk = request.app.state.chat
    client = request.client.host if request.client else ""
    keys = [f"form-client:{client}", f"form-address:{submission.address.lower()}"]
    refused = await _spend(request, language, nonce or "", keys, fields)
    if refused is not None:
        return refused
    conversations: Conversations = request.app.state.conversations
    if REQUEST_INTENTS & (await conversations.classify(submission.text)).intents:
        # A request (access, deletion, ...): the code goes to the address given, and the request is
        # filed only when it comes back on the next page. Nothing is stored before.
        turn = await _converse(request, language, client, (None, submission.text), (None, submission.address),
                               busy=lambda seconds: _busy_form(request, language, new_nonce(), seconds, fields))
        return turn if isinstance(turn, Response) else _verify_page(request, language, turn, said=submission.text)
    try:
        accepted = await accept_chat(console.db, submission, recipient=config.smtp.recipients[0],
                                     on_stored=desk.on_stored)
    except Exception:
        log.exception("a chat message could not be stored; the visitor was asked to try again")
        await _unspend(console.db, nonce or "")
        return _notice(request, language, "chat.unavailable", status_code=503, headers={"Retry-After": "60"},
                       inbox=config.smtp.recipients[0])
    log.info("chat message stored as message %s", accepted.message_pk)
    visitor = visitor_of(request) or secrets.token_urlsafe(16)
    # post/redirect/get: the answer has a URL of its own, and a reload shows it again.
    response = RedirectResponse(answer_url(request, accepted.message_pk, visitor, language), status_code=303)
    keep_visitor(request, response, visitor)
    # A new nonce: the form just used cannot be posted a second time (back and resend, double click).
    return _with_nonce(request, response, new_nonce())


@router.get(ANSWER_PATH + "/{token}")
async def chat_answer_page(request: Request, token: str, lang: str = "") -> Response:
    """The stored message and its answer, for the browser that sent it (see assistant.web.chat_answers)."""
    config = _enabled_config(request)
    console = console_of(request)
    language = choose_language(lang, request.headers.get("accept-language"))
    message_pk = answered_message_pk(request, token)
    submission = await sent_submission(console.db, message_pk) if message_pk is not None else None
    if submission is None or message_pk is None:
        return _notice(request, language, "chat.answer_gone", status_code=404,
                       headers={"Cache-Control": "no-store"})
    try:
        filing = await wait_for_filing(console.db, message_pk, timeout=config.chat.answer_wait_seconds)
    except Exception:  # stored is what matters: the visitor gets the answer without a reference
        log.exception("could not read back chat message %s", message_pk)
        filing = None
    answer = chat_answer(submission.text, filing, language)
    due = format_date(answer.due_at.astimezone(console.timezone), language) if answer.due_at else ""
    other = translator(language)("chat.other_language_code")
    # no-store: the page holds the visitor's message; no-referrer: its URL never leaves in a Referer.
    return _page(request, "chat_answer.html", language, submission=submission, answer=answer, due=due,
                 switch_href=f"{ANSWER_PATH}/{token}?lang={other}",
                 headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


async def _unspend(db: Database, nonce: str) -> None:
    """Nothing was stored: the same form may be sent again once storage is back (best effort)."""
    try:
        async with db.session() as session, session.begin():
            await release_form_token(session, nonce)
    except Exception:
        log.warning("could not release a chat form's token after a storage failure")


async def _spend(request: Request, language: str, nonce: str, limit_keys: list[str],
                 fields: dict[str, str]) -> Response | None:
    """Spends the form's token and counts the post under each key, in one transaction; the page
    that refuses it (already sent, or over the hourly limit), or None to go ahead."""
    console = console_of(request)
    now = utcnow()
    async with console.db.session() as session:
        if not await use_form_token(session, nonce, now=now):
            log.warning("chat post refused: its form was already sent")
            return _notice(request, language, "chat.expired", status_code=403)
        verdicts = [await count_attempt(session, key, limit=console.config.chat.per_hour, now=now)
                    for key in limit_keys]
        await session.commit()
    waits = [verdict.retry_after for verdict in verdicts if not verdict.allowed]
    if waits:
        log.warning("chat post refused: more than %d messages an hour from one address or IP",
                    console.config.chat.per_hour)
        return _busy_form(request, language, new_nonce(), max(waits), fields)  # this form is spent
    return None


# -- requests from the form: filed only from a verified address (see assistant.chat.verification) --------

def _busy(request: Request, language: str, wait: int) -> Response:
    inbox = console_of(request).config.smtp.recipients[0]
    return _notice(request, language, "chat.busy", status_code=429, headers={"Retry-After": str(wait)},
                   minutes=max(1, (wait + 59) // 60), inbox=inbox)


def _verify_page(request: Request, language: str, turn: ChatTurn, *, said: str = "") -> Response:
    nonce = new_nonce()
    token = console_of(request).signer.csrf_token(CSRF_PURPOSE, nonce)
    response = _page(request, "chat_verify.html", language, turn=turn, said=said, csrf_token=token)
    return _with_nonce(request, response, nonce)


async def _converse(request: Request, language: str, client: str, *messages: tuple[str | None, str],
                    busy: Callable[[int], Response] | None = None) -> ChatTurn | Response:
    """Run the messages through the chat's conversation; the page for a refusal otherwise (`busy`, given
    the seconds to wait, makes the rate limit's page)."""
    conversations: Conversations = request.app.state.conversations
    turn = None
    try:
        for session, text in messages:
            turn = await conversations.converse(session or (turn.session if turn else None), text, client=client,
                                                language=language)
            if turn.stage != "awaiting_address":
                break
    except ChatLimited as limited:
        return busy(limited.retry_after) if busy else _busy(request, language, limited.retry_after)
    except Exception:
        log.exception("a chat request could not be handled; the visitor was asked to try again")
        return _notice(request, language, "chat.unavailable", status_code=503, headers={"Retry-After": "60"},
                       inbox=console_of(request).config.smtp.recipients[0])
    assert turn is not None
    return turn


@router.post(CHAT_PATH + "/verify")
async def chat_verify(request: Request) -> Response:
    """The code (or a new address) typed on the verification page."""
    _enabled_config(request)
    console = console_of(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > _FORM_OVERHEAD:
        return _notice(request, "en", "chat.expired", status_code=413)
    fields = {key: value if isinstance(value, str) else "" for key, value in (await request.form()).items()}
    language = choose_language(fields.get("lang"), request.headers.get("accept-language"))
    nonce = console.signer.unsign(request.cookies.get(CHAT_COOKIE))
    if not console.signer.csrf_ok(CSRF_PURPOSE, nonce, fields.get("csrf_token")) or not nonce_fresh(nonce):
        log.warning("chat code refused: missing, wrong or expired CSRF token")
        return _notice(request, language, "chat.expired", status_code=403)
    async with console.db.session() as db_session:  # the verification form is sent once, too
        spent = await use_form_token(db_session, nonce or "", now=utcnow())
        await db_session.commit()
    if not spent:
        return _notice(request, language, "chat.expired", status_code=403)
    session = fields.get("session", "")[:64]
    code = " ".join(fields.get("code", "").split())[:320] or "?"
    turn = await _converse(request, language, request.client.host if request.client else "", (session, code))
    if isinstance(turn, Response):
        return turn
    if turn.ticket:  # filed: post/redirect/get, so a reload shows the answer again
        response = RedirectResponse(f"{FILED_PATH}?lang={language}", status_code=303)
        keep_filed_turn(request, response, turn)
        return response
    return _verify_page(request, language, turn)


@router.get(FILED_PATH)
async def chat_filed_page(request: Request, lang: str = "") -> Response:
    """A verified request's answer, for the browser it was given to (see `chat_answers.filed_turn`)."""
    _enabled_config(request)
    language = choose_language(lang, request.headers.get("accept-language"))
    turn = filed_turn(request)
    if turn is None:
        return _notice(request, language, "chat.answer_gone", status_code=404, headers={"Cache-Control": "no-store"})
    response = _verify_page(request, language, turn)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
