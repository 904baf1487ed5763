"""Signing in and out. The sign-in page is the only page served without a session."""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select, update

from assistant.storage.models import User, utcnow
from assistant.web.access import CsrfRefused, PageUser, console_of, safe_next
from assistant.web.pages import render
from assistant.web.security import (
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    create_session,
    end_session,
    record_attempt,
    session_user,
    verify_password,
)
from assistant.web.sign_in_limits import claim_attempt, settle_success
from assistant.web.strings import LANGUAGES

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)


def _sign_in_page(
    request: Request, *, next_path: str, error: str = "", status_code: int = 200, name: str = "", seconds: int = 0
) -> Response:
    console = console_of(request)
    nonce = secrets.token_urlsafe(16)
    response = render(
        request,
        "sign_in.html",
        status_code=status_code,
        error=error,
        seconds=seconds,
        next_path=next_path,
        name=name,
        sign_in_token=console.signer.csrf_token("sign-in", nonce),
    )
    response.set_cookie(
        SIGN_IN_COOKIE,
        console.signer.sign(nonce),
        max_age=3600,
        httponly=True,
        samesite="lax",
        secure=console.config.web.secure_cookies,
        path="/sign-in",
    )
    return response


@router.get("/sign-in")
async def sign_in_form(request: Request, next: str = "/") -> Response:
    console = console_of(request)
    token = console.signer.unsign(request.cookies.get(SESSION_COOKIE))
    if token:
        async with console.db.session() as session:
            if await session_user(session, token) is not None:
                return RedirectResponse(safe_next(next), status_code=303)
    return _sign_in_page(request, next_path=safe_next(next))


@router.post("/sign-in")
async def sign_in(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    console = console_of(request)
    t_next = safe_next(next)
    nonce = console.signer.unsign(request.cookies.get(SIGN_IN_COOKIE))
    if not console.signer.csrf_ok("sign-in", nonce, csrf_token):
        raise CsrfRefused()
    address = request.client.host if request.client else ""
    name = name.strip()[:120]
    wait = await claim_attempt(console.db, console.throttle, name=name, address=address, now=utcnow())
    if wait:
        log.warning("sign-in for %r from %s refused: %d s to wait after repeated failures", name, address, wait)
        return _sign_in_page(
            request, next_path=t_next, status_code=429, name=name, error="sign_in.throttled", seconds=wait
        )
    async with console.db.session() as session:
        user = (await session.execute(select(User).where(User.name == name))).scalar_one_or_none()
    usable = user is not None and not user.disabled
    # Argon2 takes a tenth of a second of CPU: off the event loop, so SMTP and other pages keep going.
    matches = await asyncio.to_thread(verify_password, console.hasher, user.password_hash if usable else None, password)
    if matches:
        await settle_success(console.db, console.throttle, name=name, address=address, now=utcnow())
    async with console.db.session() as session, session.begin():
        record_attempt(session, name=name, address=address, succeeded=matches)
        if matches:
            token = await create_session(session, user, hours=console.config.web.session_hours, address=address)
    if not matches:
        return _sign_in_page(request, next_path=t_next, status_code=401, name=name, error="sign_in.failed")
    log.info("%s signed in from %s", name, address)
    response = RedirectResponse(t_next, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        console.signer.sign(token),
        max_age=console.config.web.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=console.config.web.secure_cookies,
        path="/",
    )
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(request: Request, user: PageUser) -> Response:
    console = console_of(request)
    async with console.db.session() as session, session.begin():
        await end_session(session, request.state.session_token)
    log.info("%s signed out", user.name)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=console.config.web.secure_cookies, httponly=True, samesite="lax"
    )
    return response


@router.post("/language")
async def choose_console_language(request: Request, user: PageUser, language: Annotated[str, Form()] = "",
                                  next: Annotated[str, Form()] = "/") -> Response:
    """The language switch in the page header: the choice is kept on the account, for every device."""
    if language in LANGUAGES:
        async with console_of(request).db.session() as session, session.begin():
            await session.execute(update(User).where(User.id == user.id).values(console_language=language))
        log.info("%s chose the console in %s", user.name, language)
    return RedirectResponse(safe_next(next), status_code=303)
