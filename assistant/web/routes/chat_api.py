"""`POST /api/chat`: the website chat's conversation API, for the widget, the company site and scripts.

    request   {"session": null | "<id>", "message": "<text>"}
    answer    {"session": "<id>", "reply": "<text>", "intents": [...], "primary": "...",
               "citations": [{"section": "<policy heading>", "excerpt": "<text>"}], "ticket": null | "PRIV-..."}

No staff sign-in and no cookie: the session id travels in the body, so a page on another site
cannot act with a visitor's ambient credentials (nothing for CSRF to borrow). Refusals are JSON
`{"detail": ...}`: 400 (not a JSON object, no message), 413 (too long), 429 with Retry-After
(too many messages from the client or in the conversation; counted in the database), 503 (storage
failed). Replies are plain text. Sites in `[chat] embed_origins` may call it from the browser (CORS).
Also serves `/chat/demo`, a page that embeds the widget (`/static/chat-widget.js`) the way the
company site does.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from assistant.channels.chat import clean_text
from assistant.chat.conversation import ChatLimited, Conversations
from assistant.config import Config
from assistant.storage.database import Database
from assistant.web.access import console_of
from assistant.web.routes.chat import chat_csp
from assistant.web.strings import choose_language
from intents.types import IntentResult

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

API_PATH = "/api/chat"
MAX_SESSION_LENGTH = 64
_JSON_OVERHEAD = 1024  # the keys and the session id around the message


class LazyClassifier:
    """The intent classifier, run off the event loop. `serve` hands over the one its pipeline loaded;
    otherwise it is loaded at the first message (about 2 s), once."""

    def __init__(self, config: Config, classifier=None) -> None:
        self._config = config
        self._classifier = classifier
        self._lock = asyncio.Lock()

    async def __call__(self, text: str) -> IntentResult:
        if self._classifier is None:
            async with self._lock:
                if self._classifier is None:
                    from assistant.pipeline.tools import load_classifier

                    self._classifier = await asyncio.to_thread(load_classifier, self._config)
        return await asyncio.to_thread(self._classifier.classify, "", text)


def conversations(config: Config, db: Database, *, classifier=None, on_stored: Callable[[], None] | None = None,
                  on_queued: Callable[[], None] | None = None) -> Conversations:
    return Conversations(db=db, config=config, classify=LazyClassifier(config, classifier), on_stored=on_stored,
                         on_queued=on_queued)


def _cors(request: Request, response: Response) -> Response:
    origin = request.headers.get("origin", "")
    if origin and origin in console_of(request).config.chat.embed_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = "Retry-After"
    response.headers["Vary"] = "Origin"
    return response


def _refuse(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    return _cors(request, JSONResponse({"detail": detail}, status_code=status, headers=headers))


def _enabled(request: Request) -> Config:
    config = console_of(request).config
    if not config.chat.enabled:
        raise HTTPException(status_code=404)
    return config


@router.options(API_PATH)
async def chat_preflight(request: Request) -> Response:
    """CORS preflight (Fetch standard §3.2.2) for the company site's pages."""
    _enabled(request)
    response = Response(status_code=204, headers={"Access-Control-Allow-Methods": "POST",
                                                  "Access-Control-Allow-Headers": "Content-Type",
                                                  "Access-Control-Max-Age": "600"})
    return _cors(request, response)


async def _read_body(request: Request, config: Config) -> dict | Response:
    limit = config.chat.max_length * 6 + _JSON_OVERHEAD  # every character escaped as \uXXXX
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _refuse(request, 413, f"the message is longer than {config.chat.max_length} characters")
    body = await request.body()
    if len(body) > limit:
        return _refuse(request, 413, f"the message is longer than {config.chat.max_length} characters")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(request, 400, 'send a JSON object: {"session": null, "message": "..."}')
    if not isinstance(data, dict):
        return _refuse(request, 400, 'send a JSON object: {"session": null, "message": "..."}')
    return data


@router.post(API_PATH)
async def chat_message(request: Request) -> Response:
    config = _enabled(request)
    data = await _read_body(request, config)
    if isinstance(data, Response):
        return data
    message, session = data.get("message"), data.get("session")
    if session is not None and (not isinstance(session, str) or len(session) > MAX_SESSION_LENGTH):
        return _refuse(request, 400, "session must be null or the id this API returned")
    text = clean_text(message) if isinstance(message, str) else ""
    if not text:
        return _refuse(request, 400, "message must be a non-empty string")
    if len(text) > config.chat.max_length:
        return _refuse(request, 413, f"the message is longer than {config.chat.max_length} characters")
    desk: Conversations = request.app.state.conversations
    client = request.client.host if request.client else ""
    language = choose_language(None, request.headers.get("accept-language"))
    try:
        turn = await desk.converse(session or None, text, client=client, language=language)
    except ChatLimited as limited:
        log.warning("chat API: a message was refused (rate limit)")
        return _refuse(request, 429, "too many messages: please wait and try again",
                       headers={"Retry-After": str(limited.retry_after)})
    except Exception:
        log.exception("chat API: a message could not be handled")
        return _refuse(request, 503, f"please try again in a minute, or write to {config.smtp.recipients[0]}",
                       headers={"Retry-After": "60"})
    return _cors(request, JSONResponse(turn.to_json()))


@router.get("/chat/demo")
async def chat_demo(request: Request, lang: str = "") -> Response:
    """A page that embeds the widget with its one <script> tag, as the company site would."""
    config = _enabled(request)
    language = choose_language(lang, request.headers.get("accept-language"))
    console = console_of(request)
    response = console.templates.TemplateResponse(request, "chat_demo.html", {"lang": language})
    response.headers["Content-Security-Policy"] = chat_csp(config)
    return response
