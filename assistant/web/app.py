"""The staff console and its JSON API, as one ASGI app served on the service's event loop."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable

from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.config import Config
from assistant.storage.database import Database
from assistant.web.access import ApiAuthRequired, CsrfRefused, Forbidden, SignInRequired, sign_in_url
from assistant.web.console import STATIC, Console
from assistant.web.pages import build_templates, render
from assistant.web.routes import api, audit, auth, bulk, chat, chat_api, failed, queue, suppression, teamwork, ticket
from assistant.web.security import CookieSigner, Throttle, password_hasher

log = logging.getLogger(__name__)
# teamwork before ticket: its /tickets/{reference}/presence is not one of the ticket's actions.
ROUTERS = (auth.router, queue.router, bulk.router, teamwork.router, ticket.router, audit.router, suppression.router,
           failed.router,
           api.router, api.schema_router)
# Served to anyone, without a staff session: the website chat (it checks its own CSRF token).
PUBLIC_ROUTERS = (chat.router, chat_api.router)

# Pages load only what the console itself serves; the message HTML frame sets a stricter one of its own.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")

# One year, the value browsers' preload lists expect (RFC 6797 §6.1.1).
HSTS = "max-age=31536000"


def secret_key_from(config: Config) -> bytes:
    """The cookie-signing key from the environment; a random one (everyone signed out at restart) if unset."""
    value = os.environ.get(config.web.secret_key_env, "") if config.web.secret_key_env else ""
    if value:
        return value.encode()
    log.warning("$%s is not set: using a random key, so sessions end when the service restarts",
                config.web.secret_key_env or "secret key")
    return secrets.token_bytes(32)


def create_app(config: Config, db: Database, *, secret_key: bytes | None = None,
               hasher: PasswordHasher | None = None, throttle: Throttle | None = None,
               on_approved: Callable[[], None] | None = None,
               on_message_stored: Callable[[], None] | None = None, classifier=None) -> FastAPI:
    """The console, its API and the public chat. `classifier`: the pipeline's, shared with the chat
    API (loaded at its first message otherwise)."""
    app = FastAPI(title="SODEPAC privacy assistant API", version="1",
                  description="The staff console's JSON API. Authenticate with `Authorization: Bearer <token>`.",
                  # The schema is served by routes.api.schema_router, behind a token like the API itself.
                  docs_url=None, redoc_url=None, openapi_url=None,
                  swagger_ui_oauth2_redirect_url=None)
    app.state.console = Console(
        config=config, db=db, signer=CookieSigner(secret_key or secret_key_from(config)),
        hasher=hasher or password_hasher(), throttle=throttle or Throttle(), templates=build_templates(),
        on_approved=on_approved)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.state.chat = chat.ChatDesk(on_stored=on_message_stored)  # wakes the pipeline worker
    app.state.wake_pipeline = on_message_stored  # after a retry of failed messages (routes/failed.py)
    app.state.conversations = chat_api.conversations(config, db, classifier=classifier, on_stored=on_message_stored,
                                                     on_queued=on_approved)
    for router in ROUTERS + PUBLIC_ROUTERS:
        app.include_router(router)
    _add_error_pages(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", PAGE_CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if config.web.secure_cookies:  # served over HTTPS: browsers must never fall back to http (RFC 6797)
            headers.setdefault("Strict-Transport-Security", HSTS)
        if not request.url.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")  # pages hold personal data
        return response

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, error: SignInRequired) -> Response:
        return RedirectResponse(sign_in_url(error.next_path), status_code=303)

    @app.exception_handler(ApiAuthRequired)
    async def api_unauthorised(request: Request, error: ApiAuthRequired) -> Response:
        return JSONResponse({"detail": "a valid API token is required"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "your role does not allow this"}, status_code=403)
        return render(request, "error.html", status_code=403, message_key="error.forbidden", values={})

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, error: CsrfRefused) -> Response:
        log.warning("form post to %s refused: missing or wrong CSRF token", request.url.path)
        return render(request, "error.html", status_code=403, message_key="error.csrf", values={})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_api(request) or error.status_code not in (404, 405):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code,
                                headers=getattr(error, "headers", None))
        return render(request, "error.html", status_code=error.status_code, message_key="error.not_found",
                      values={})

