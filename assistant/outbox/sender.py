"""The sender task: delivers due outbox items to the `[outbound]` relay with aiosmtplib.

Each attempt is claimed and committed before the first byte goes to the relay (see
queue.py). What the relay answered decides the next state:

- 250 to the end of data: sent.
- no connection, a 4xx, or any failure before the message data was sent: the relay
  certainly does not have it, so it is tried again later (RFC 5321 section 4.2.5).
- a 5xx: failed for good, with the relay's answer on the ticket.
- the connection lost or timed out after the data was sent: the relay may have it, so the
  item becomes `unknown` and is never sent again without a person's word.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosmtplib

from assistant.config import Config, OutboundConfig
from assistant.outbox import queue
from assistant.storage.database import Database
from assistant.storage.models import utcnow
from assistant.storage.states import OutboxState

log = logging.getLogger(__name__)

# Longest wait between two attempts, however many failed before.
MAX_RETRY_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class Delivery:
    """What one attempt learned: sent | temporary | permanent | uncertain, and the relay's words."""

    outcome: str
    detail: str
    relay_reply: str | None = None


def retry_delay(attempt: int, base_seconds: float, rng: random.Random) -> timedelta:
    """Exponential backoff with jitter, so that many deferred replies do not retry in step."""
    seconds = base_seconds * (2 ** max(attempt - 1, 0)) * rng.uniform(0.5, 1.5)
    return min(timedelta(seconds=seconds), MAX_RETRY_DELAY)


def relay_password(outbound: OutboundConfig) -> str | None:
    return os.environ.get(outbound.password_env) if outbound.password_env else None


def _reply_words(error: aiosmtplib.SMTPResponseException) -> str:
    return f"{error.code} {error.message}".strip()


async def deliver(raw: bytes, *, sender: str, recipients: tuple[str, ...], outbound: OutboundConfig,
                  local_hostname: str) -> Delivery:
    """One attempt, in SMTP steps, so that a failure can be placed before or after the data."""
    password = relay_password(outbound)
    if outbound.username and password is None:
        return Delivery("temporary", f"the relay password is not set (environment variable {outbound.password_env})")
    client = aiosmtplib.SMTP(
        hostname=outbound.host, port=outbound.port, timeout=outbound.timeout_seconds,
        local_hostname=local_hostname,
        use_tls=outbound.security == "tls",
        # aiosmtplib 3+ starts TLS by itself when offered: "none" must say no explicitly.
        start_tls=outbound.security == "starttls",
        username=outbound.username or None, password=password if outbound.username else None,
    )
    try:
        try:
            await client.connect()
            if client.is_ehlo_or_helo_needed:
                await client.ehlo()
            await client.mail(sender)
            for recipient in recipients:
                await client.rcpt(recipient)
        except aiosmtplib.SMTPAuthenticationError as error:
            # Our login is wrong, not the message: it waits for the configuration to be fixed.
            return Delivery("temporary", f"the relay refused our login: {_reply_words(error)}",
                            relay_reply=_reply_words(error))
        except aiosmtplib.SMTPResponseException as error:
            return _refused(error)
        except aiosmtplib.SMTPRecipientsRefused as error:
            return _refused(error.recipients[0])
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return Delivery("temporary", f"{type(error).__name__}: {error}")
        try:
            response = await client.data(raw)
        except aiosmtplib.SMTPResponseException as error:
            return _refused(error)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return Delivery("uncertain", f"no answer after the message was sent ({type(error).__name__}: {error})")
        return Delivery("sent", "accepted", relay_reply=f"{response.code} {response.message}".strip())
    finally:
        if client.is_connected:
            try:
                await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()


def _refused(error: aiosmtplib.SMTPResponseException) -> Delivery:
    words = _reply_words(error)
    # RFC 5321 section 4.2.1: 4yz is a transient negative answer, 5yz a permanent one.
    outcome = "permanent" if 500 <= error.code < 600 else "temporary"
    return Delivery(outcome, f"the relay answered {words}", relay_reply=words)


class OutboxSender:
    """Delivers what is due, woken by approvals in this process or by polling for other processes'."""

    def __init__(self, db: Database, config: Config, *, rng: random.Random | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.config = config
        self.outbound = config.outbound
        self.rng = rng or random.Random()
        self.clock = clock  # what "now" is for due times and backoff; tests pass one they move by hand
        self._wakeup = asyncio.Event()

    def notify(self) -> None:
        self._wakeup.set()

    async def expire_claims(self, now: datetime | None = None) -> list[int]:
        async with self.db.session() as session, session.begin():
            expired = await queue.expire_claims(session, now=now or self.clock())
        for item_id in expired:
            log.warning("outbox #%s was being sent when a service stopped: state unknown, staff must resolve it",
                        item_id)
        return expired

    async def send_due(self, stopping: asyncio.Event | None = None) -> dict[int, str]:
        """Attempt every item due now, one at a time; returns each item's new state."""
        results: dict[int, str] = {}
        async with self.db.session() as session:
            due = await queue.due_item_ids(session, now=self.clock())
        for item_id in due:
            if stopping is not None and stopping.is_set():
                break
            state = await self.attempt(item_id)
            if state is not None:
                results[item_id] = state
        return results

    async def attempt(self, item_id: int) -> str | None:
        """Claim, deliver and record one item; None when another process had claimed it."""
        async with self.db.session() as session, session.begin():
            held = await queue.claim(session, item_id, now=self.clock(), lease=queue.claim_lease(self.outbound))
        if held is None:
            return None
        try:
            # The whole attempt is bounded well inside the claim's lease (queue.claim_lease).
            async with asyncio.timeout(self.outbound.timeout_seconds * 3):
                delivery = await deliver(held.raw, sender=held.sender, recipients=held.recipients,
                                         outbound=self.outbound, local_hostname=self.config.smtp.hostname)
        except TimeoutError:
            delivery = Delivery("uncertain", "the attempt took too long; the relay may have the message")
        return await self._record(held, delivery)

    async def _record(self, held: queue.Claim, delivery: Delivery) -> str:
        async with self.db.session() as session, session.begin():
            if delivery.outcome == "sent":
                moved, state = await queue.record_sent(session, held, relay_reply=delivery.relay_reply or "",
                                                       timezone=self.config.service.timezone), OutboxState.SENT
            elif delivery.outcome == "permanent":
                moved, state = await queue.record_failed(session, held, error=delivery.detail,
                                                         relay_reply=delivery.relay_reply), OutboxState.FAILED
            elif delivery.outcome == "temporary" and held.attempt >= self.outbound.max_attempts:
                moved, state = await queue.record_failed(
                    session, held, error=f"gave up after {held.attempt} attempts; last: {delivery.detail}",
                    relay_reply=delivery.relay_reply), OutboxState.FAILED
            elif delivery.outcome == "temporary":
                delay = retry_delay(held.attempt, self.outbound.retry_base_seconds, self.rng)
                moved, state = await queue.record_retry(session, held, error=delivery.detail,
                                                        next_attempt_at=self.clock() + delay), OutboxState.QUEUED
            else:
                moved, state = await queue.record_unknown(session, held, error=delivery.detail), OutboxState.UNKNOWN
        level = logging.INFO if state in (OutboxState.SENT, OutboxState.QUEUED) else logging.WARNING
        log.log(level, "outbox #%s (%s, attempt %s): %s: %s", held.item_id, held.kind, held.attempt, state,
                delivery.relay_reply or delivery.detail)
        if not moved:
            log.warning("outbox #%s changed while it was being sent; left as found", held.item_id)
        return state

    async def run_forever(self, stopping: asyncio.Event) -> None:
        """Until `stopping`: an attempt under way is finished, never cut off in the middle."""
        while not stopping.is_set():
            self._wakeup.clear()
            try:
                await self.expire_claims()
                await self.send_due(stopping)
            except Exception:
                log.exception("outbox sender error; retrying shortly")
            waiters = {asyncio.ensure_future(self._wakeup.wait()), asyncio.ensure_future(stopping.wait())}
            _, pending = await asyncio.wait(waiters, timeout=self.config.pipeline.poll_interval,
                                            return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()


__all__ = ["Delivery", "OutboxSender", "deliver", "relay_password", "retry_delay"]
