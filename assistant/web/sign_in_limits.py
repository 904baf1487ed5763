"""Failed sign-ins slow down the attacker's address, never the account's owner (issue 16, finding 5).

Two counters an attempt must pass, each a row in `sign_in_limits`:

    pair:<address>|<name>   free_failures (3), then a wait doubling each time (capped)
    address:<address>       address_free_failures (20): many names tried from one place

A failure counted under one address never delays the same name from another address, so three
bad guesses by anyone cannot make the real password answer 429 (OWASP Authentication Cheat Sheet,
"account lockout"; NIST SP 800-63B 5.2.2 rate limiting). An attempt claims its rows under a
lock and counts itself as a failure BEFORE the password is checked, then the claim commits: of
twelve guesses sent at once, three are checked and nine wait, in one process or several. A
success gives its count back. A row whose last failure is older than `window` starts again;
the retention job deletes rows quiet for a day (`privacy/retention.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.storage.database import Database, upsert_insert
from assistant.storage.models import SignInLimit
from assistant.web.security import Throttle


@dataclass(frozen=True)
class Counter:
    key: str
    free: int  # failures allowed before the first wait


def counters(throttle: Throttle, *, name: str, address: str) -> list[Counter]:
    """In key order, so two attempts lock the same rows in the same order (no deadlock)."""
    found = [Counter(f"pair:{address}|{name.lower()}"[:400], throttle.free_failures)]
    if address:
        found.append(Counter(f"address:{address}"[:400], throttle.address_free_failures))
    return sorted(found, key=lambda counter: counter.key)


async def _locked(session: AsyncSession, key: str) -> SignInLimit:
    """The row, created if new, locked until the transaction ends (the upsert writes it: a row lock on
    PostgreSQL, the single writer's lock on SQLite), read after every earlier claim committed."""
    insert = upsert_insert(session)
    statement = (insert(SignInLimit).values(key=key, failures=0)
                 .on_conflict_do_update(index_elements=[SignInLimit.key], set_={"key": key})
                 .returning(SignInLimit.failures, SignInLimit.last_failure_at, SignInLimit.blocked_until))
    failures, last, blocked = (await session.execute(statement)).one()
    return SignInLimit(key=key, failures=failures, last_failure_at=last, blocked_until=blocked)


def _seconds_left(row: SignInLimit, now: datetime) -> int:
    if row.blocked_until is None or row.blocked_until <= now:
        return 0
    return max(1, int((row.blocked_until - now).total_seconds() + 0.999))


async def claim_attempt(db: Database, throttle: Throttle, *, name: str, address: str, now: datetime) -> int:
    """0: this attempt may check its password (and is counted as a failure until `settle` says otherwise);
    otherwise the seconds to wait, and nothing was counted."""
    async with db.session() as session, session.begin():
        wanted = counters(throttle, name=name, address=address)
        rows = [await _locked(session, counter.key) for counter in wanted]
        wait = max(_seconds_left(row, now) for row in rows)
        if wait:
            return wait
        for counter, row in zip(wanted, rows, strict=True):
            fresh = row.last_failure_at is None or row.last_failure_at < now - throttle.window
            failures = 1 if fresh else row.failures + 1
            await _write(session, counter.key, failures, now, throttle.wait_after(failures, counter.free))
    return 0


async def settle_success(db: Database, throttle: Throttle, *, name: str, address: str, now: datetime) -> None:
    """The password was right: the pair starts afresh, the address gets this attempt's count back."""
    async with db.session() as session, session.begin():
        for counter in counters(throttle, name=name, address=address):
            row = await _locked(session, counter.key)
            failures = 0 if counter.key.startswith("pair:") else max(0, row.failures - 1)
            await _write(session, counter.key, failures, row.last_failure_at or now,
                         throttle.wait_after(failures, counter.free) if failures else 0)


async def _write(session: AsyncSession, key: str, failures: int, at: datetime, wait: int) -> None:
    await session.execute(update(SignInLimit).where(SignInLimit.key == key).values(
        failures=failures, last_failure_at=at, blocked_until=at + timedelta(seconds=wait) if wait else None))

