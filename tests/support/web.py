"""The console in tests: the real ASGI app over httpx, accounts with cheap Argon2 parameters, tickets to show."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import httpx
from fastapi import FastAPI

from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import Draft, Ticket, User, utcnow
from assistant.tickets.service import add_draft, open_ticket
from assistant.web import create_app
from assistant.web.security import Throttle, hash_password, new_api_token, password_hasher, token_digest

CHEAP = password_hasher(cheap=True)
PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def console_app(config: Config, db: Database, *, throttle: Throttle | None = None) -> FastAPI:
    return create_app(config, db, secret_key=b"test-key" * 4, hasher=CHEAP, throttle=throttle)


def client(app: FastAPI) -> httpx.AsyncClient:
    # https so the Secure session cookie is sent back, as a browser would on the real console.
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=("203.0.113.9", 4711)),
        base_url="https://console.test",
        follow_redirects=False,
    )


async def add_user(db: Database, name: str, role: str = "staff", *, with_token: bool = False) -> str | None:
    token = new_api_token() if with_token else None
    async with db.session() as session, session.begin():
        session.add(
            User(
                name=name,
                role=role,
                password_hash=hash_password(CHEAP, PASSWORD),
                api_token_hash=token_digest(token) if token else None,
            )
        )
    return token


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


async def sign_in(http: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    form = await http.get("/sign-in")
    return await http.post("/sign-in", data={"name": name, "password": password, "csrf_token": csrf_of(form.text)})


@asynccontextmanager
async def signed_in(app: FastAPI, db: Database, name: str, role: str = "staff") -> AsyncIterator[httpx.AsyncClient]:
    await add_user(db, name, role)
    async with client(app) as http:
        response = await sign_in(http, name)
        assert response.status_code == 303, response.text
        yield http


async def make_ticket(
    db: Database,
    *,
    subject: str = "Please delete my data",
    requester: str = "jo@example.com",
    status: str = "awaiting_approval",
    due_in_days: float = 20,
    intents: tuple[str, ...] = ("deletion",),
    language: str = "en",
    needs_review: bool = False,
    body: str = "Dear Jo,\n\nWe will delete it.",
    received_at: datetime | None = None,
    requester_name: str = "Jo Example",
) -> str:
    now = utcnow()
    async with db.session() as session, session.begin():
        ticket = await open_ticket(
            session,
            requester=requester,
            requester_name=requester_name,
            subject=subject,
            channel="email",
            status=status,
            received_at=received_at or now - timedelta(days=2),
            due_at=now + timedelta(days=due_in_days),
            intents=list(intents),
            primary=intents[0],
            language=language,
            scores={intents[0]: 0.91, "question": 0.07},
            needs_review=needs_review,
            review_reasons=["low confidence"] if needs_review else [],
            entities={"order_numbers": ["CMD-1234"]},
        )
        if status == "awaiting_approval":
            await add_draft(
                session,
                ticket,
                Draft(
                    language=language,
                    intents=list(intents),
                    subject=f"Re: {subject}",
                    body=body,
                    original_body=body,
                    message_id=f"d{ticket.id}@sodepac.com",
                ),
            )
        return ticket.reference or ""


async def seed_tickets(db: Database, count: int) -> None:
    """Bulk insert: a quarter awaiting approval, the rest open, due dates spread over two months."""
    now = utcnow()
    rows = []
    for number in range(1, count + 1):
        rows.append({
            "reference": f"PRIV-2026-{number:06d}", "requester": f"person{number}@example.com", "requester_name": "",
            "subject": f"request {number}", "channel": "email",
            "status": "awaiting_approval" if number % 4 == 0 else "open",
            "intents": ["deletion"], "primary": "deletion", "language": "en", "scores": {}, "needs_review": False,
            "review_reasons": [], "entities": {}, "received_at": now,
            "due_at": now + timedelta(minutes=(number * 7919) % 86400), "created_at": now, "updated_at": now,
        })
    async with db.session() as session, session.begin():
        await session.execute(Ticket.__table__.insert(), rows)
