"""Who may do what: a signed-in session for pages, an API token for `/api/`, admins for the audit log.

Every form post on a page is checked for its CSRF token before anything else runs.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.storage.models import User
from assistant.web.console import Console
from assistant.web.security import SESSION_COOKIE, api_token_user, session_user

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_FIELD = "csrf_token"


class SignInRequired(Exception):
    """A page was asked for without a live session: the browser is sent to the sign-in page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class Forbidden(Exception):
    """Signed in, but the role does not allow this page."""


class CsrfRefused(Exception):
    """A form post without a valid CSRF token (RFC 9110 §15.5.4: 403 Forbidden)."""


class ApiAuthRequired(Exception):
    """An API call without a valid token."""


def console_of(request: Request) -> Console:
    return request.app.state.console


def safe_next(path: str | None) -> str:
    """Only a path on this console: an absolute or scheme-relative URL would be an open redirect."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


async def page_user(request: Request) -> User:
    console = console_of(request)
    token = console.signer.unsign(request.cookies.get(SESSION_COOKIE))
    user = None
    if token:
        async with console.db.session() as session:
            user = await session_user(session, token)
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target if request.method in SAFE_METHODS else "/")
    request.state.user = user
    request.state.session_token = token
    if request.method not in SAFE_METHODS:
        form = await request.form()
        submitted = form.get(CSRF_FIELD)
        if not console.signer.csrf_ok("session", token, submitted if isinstance(submitted, str) else None):
            raise CsrfRefused()
    return user


async def admin_page_user(user: Annotated[User, Depends(page_user)]) -> User:
    if user.role != "admin":
        raise Forbidden()
    return user


bearer = HTTPBearer(auto_error=False, description="An API token from `privacy-assistant users token NAME`.")


async def api_user(request: Request,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    user = None
    if credentials is not None and credentials.scheme.lower() == "bearer":
        async with console_of(request).db.session() as session:
            user = await api_token_user(session, credentials.credentials)
    if user is None:
        raise ApiAuthRequired()
    return user


async def api_admin(user: Annotated[User, Depends(api_user)]) -> User:
    if user.role != "admin":
        raise Forbidden()
    return user


def sign_in_url(next_path: str) -> str:
    return "/sign-in" + (f"?next={quote(next_path, safe='/')}" if next_path and next_path != "/" else "")


PageUser = Annotated[User, Depends(page_user)]
AdminPageUser = Annotated[User, Depends(admin_page_user)]
ApiUser = Annotated[User, Depends(api_user)]
ApiAdmin = Annotated[User, Depends(api_admin)]
