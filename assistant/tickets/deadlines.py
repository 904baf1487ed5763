"""Legal deadlines. GDPR Art. 12(3): answer within one month of receipt, extendable by two more."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta


def due_date(received_at: datetime, timezone: str = "Europe/Paris", months: int = 1) -> datetime:
    """Received + one calendar month, counted on the company's calendar (31 Jan -> 28/29 Feb)."""
    local = received_at.astimezone(ZoneInfo(timezone))
    return (local + relativedelta(months=months)).astimezone(received_at.tzinfo)
