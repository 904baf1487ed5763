"""A request's journey as tests drive it: mail in over SMTP, staff approve, the relay receives."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select

from assistant.config import Config
from assistant.outbox.sender import OutboxSender
from assistant.storage.database import Database
from assistant.storage.models import OutboxItem, utcnow
from assistant.tickets.service import approve_draft, current_draft, edit_draft, get_ticket
from replies import find_placeholders
from tests.conftest import INBOX, RunningService
from tests.support.relay import RelaySink
from tests.support.tickets import list_tickets


def request_mail(*, name: str, address: str, subject: str, body: str, message_id: str,
                 references: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = f"{name} <{address}>" if name else address
    message["To"] = INBOX
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id}>"
    if references:
        message["References"] = references
        message["In-Reply-To"] = references.split()[-1]
    message.set_content(body)
    return bytes(message)


async def deliver_to_inbox(service: RunningService, raw: bytes) -> None:
    # SMTP lines end in CRLF (RFC 5321 section 2.3.8); smtplib sends bytes as they are.
    code, reply = await service.send_async(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert code == 250, reply


async def ticket_for(service: RunningService, raw: bytes) -> str:
    await deliver_to_inbox(service, raw)
    await service.settle()
    return (await list_tickets(service.db))[-1]["reference"]


async def approve(db: Database, config: Config, reference: str, by: str = "alice") -> None:
    """Approve as staff would: any [[STAFF: ...]] placeholder filled in first."""
    async with db.session() as session, session.begin():
        draft = await current_draft(session, await get_ticket(session, reference))
        assert draft is not None
        if find_placeholders(draft.body):
            body = re.sub(r"\[\[\s*STAFF\s*:[^\n]*?(\]\]|$)", "done", draft.body, flags=re.IGNORECASE | re.MULTILINE)
            await edit_draft(session, reference=reference, by=by, body=body)
        await approve_draft(session, reference=reference, by=by, outbound=config.outbound)


def sender_for(db: Database, config: Config, relay: RelaySink, *, clock: Callable[[], datetime] = utcnow,
               **outbound: object) -> OutboxSender:
    settings = replace(config.outbound, port=relay.port, timeout_seconds=5.0, **outbound)
    return OutboxSender(db, replace(config, outbound=settings), rng=random.Random(7), clock=clock)


async def outbox_rows(db: Database) -> list[OutboxItem]:
    async with db.session() as session:
        return list((await session.execute(select(OutboxItem).order_by(OutboxItem.id))).scalars())
