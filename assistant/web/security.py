"""Passwords, sessions, CSRF tokens and sign-in throttling for the staff console.

Passwords are hashed with Argon2id (RFC 9106). A session is a random token in a signed,
HttpOnly, SameSite=Lax cookie; the database keeps only its SHA-256, so a copy of the
database signs nobody in, and signing out deletes the row. CSRF tokens are an HMAC of the
session token: a page from another site can neither read nor forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.models import SignInAttempt, StaffSession, User, utcnow

log = logging.getLogger(__name__)

SESSION_COOKIE = "pa_session"
SIGN_IN_COOKIE = "pa_sign_in"
ROLES = ("staff", "admin")

# Created by migration 0003; a Core table so the shared ORM models stay as they are.
staff_sessions = StaffSession.__table__


def password_hasher(*, cheap: bool = False) -> PasswordHasher:
    """Argon2id with the library's defaults (about 0.1 s a hash); `cheap` is for tests only."""
    if cheap:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


def verify_password(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    """True when the password matches. An unknown user is checked against a dummy hash, so the time
    taken does not tell whether a name exists."""
    try:
        return hasher.verify(password_hash or _dummy_hash(hasher), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASHES: dict[int, str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = id(hasher)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[key]


def new_api_token() -> str:
    """Shown once to the user; only its SHA-256 is stored (it has 256 bits of entropy, so no Argon2 is needed)."""
    return "pa_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CookieSigner:
    """Signs cookie values and derives CSRF tokens from one secret key."""

    def __init__(self, secret_key: bytes) -> None:
        self._key = secret_key
        self._signer = Signer(secret_key, salt="privacy-assistant-cookie")

    def sign(self, value: str) -> str:
        return self._signer.sign(value).decode()

    def unsign(self, signed: str | None) -> str | None:
        if not signed:
            return None
        try:
            return self._signer.unsign(signed).decode()
        except BadSignature:
            return None

    def csrf_token(self, purpose: str, bound_to: str) -> str:
        return hmac.new(self._key, f"csrf|{purpose}|{bound_to}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, purpose: str, bound_to: str | None, submitted: str | None) -> bool:
        if not bound_to or not submitted:
            return False
        return hmac.compare_digest(self.csrf_token(purpose, bound_to), submitted)


async def create_session(session: AsyncSession, user: User, *, hours: int, address: str) -> str:
    """A new session for the user; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    await session.execute(staff_sessions.insert().values(
        id=token_digest(token), user_id=user.id, address=address[:64], created_at=now,
        expires_at=now + timedelta(hours=hours)))
    return token


async def session_user(session: AsyncSession, token: str) -> User | None:
    """The signed-in user of a live session, or None (expired, signed out, or account disabled)."""
    row = (await session.execute(
        select(staff_sessions.c.user_id, staff_sessions.c.expires_at)
        .where(staff_sessions.c.id == token_digest(token)))).first()
    if row is None or row.expires_at <= utcnow():
        return None
    user = await session.get(User, row.user_id)
    return None if user is None or user.disabled else user


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(staff_sessions).where(staff_sessions.c.id == token_digest(token)))


async def api_token_user(session: AsyncSession, token: str) -> User | None:
    user = (await session.execute(select(User).where(User.api_token_hash == token_digest(token)))).scalar_one_or_none()
    return None if user is None or user.disabled else user


@dataclass(frozen=True)
class Throttle:
    """Repeated failed sign-ins are slowed down: after `free_failures` from one address for one name within
    `window`, each further attempt from there must wait twice as long as the one before (capped),
    whatever the password. Counted in the database by `sign_in_limits`."""

    free_failures: int = 3
    window: timedelta = timedelta(minutes=15)
    first_wait_seconds: int = 2
    max_wait_seconds: int = 300
    address_free_failures: int = 20  # many names tried from one address

    def wait_after(self, failures: int, free: int) -> int:
        if failures < free:
            return 0
        return min(self.first_wait_seconds * 2 ** (failures - free), self.max_wait_seconds)


def record_attempt(session: AsyncSession, *, name: str, address: str, succeeded: bool) -> None:
    session.add(SignInAttempt(name=name.lower()[:120], address=address[:64], succeeded=succeeded))
    if not succeeded:
        log.warning("failed sign-in for %r from %s", name[:120], address or "unknown address")
