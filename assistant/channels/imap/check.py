"""`imap check`: what an operator needs to know on the first day, read from the server and the database.

It logs in with the configured settings exactly as `serve` would, reads the folder and
compares it with what the service has ingested. It changes nothing: no flag, no lease.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select

from assistant.channels.imap import progress
from assistant.channels.imap.auth import Credentials
from assistant.channels.imap.mailbox import Mailbox
from assistant.channels.imap.progress import FolderKey
from assistant.config import ImapConfig
from assistant.storage.database import Database
from assistant.storage.models import ImapFolder, utcnow


@dataclass(frozen=True)
class Failure:
    uid: int
    attempts: int
    reason: str
    next_attempt_at: str


@dataclass(frozen=True)
class CheckReport:
    server: str
    port: int
    security: str
    auth: str
    capabilities: list[str]
    folder: str
    messages: int
    not_ingested: int
    idle: bool
    move: bool
    uidvalidity: int
    enabled: bool
    polled_by: str | None = None
    lease_until: str | None = None
    failures: list[Failure] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


async def check_mailbox(config: ImapConfig, db: Database, credentials: Credentials, *,
                        base_dir: Path) -> CheckReport:
    """Connect, read the folder, count what is not ingested yet. Raises MailboxRefused, saying why."""
    mailbox = Mailbox(config, credentials, base_dir=base_dir)
    await asyncio.to_thread(mailbox.open)
    try:
        status = await asyncio.to_thread(mailbox.folder_status)
        row = await _folder_row(db, FolderKey(config.host.lower(), config.username, config.folder))
        tracked = row is not None and row.uidvalidity == status.uidvalidity
        failures = await progress.failures(db, row.id, status.uidvalidity) if tracked and row else []
        failing = {failure.uid for failure in failures}
        new = await asyncio.to_thread(mailbox.uids_after, row.highest_uid if tracked and row else 0)
    finally:
        await asyncio.to_thread(mailbox.close)
    lease_live = row is not None and row.lease_until is not None and row.lease_until > utcnow()
    return CheckReport(
        server=config.host, port=config.port, security=config.security, auth=config.auth,
        capabilities=list(mailbox.capabilities), folder=config.folder, messages=status.exists,
        not_ingested=len([uid for uid in new if uid not in failing]) + len(failures),
        idle=mailbox.can_idle, move=mailbox.can_move, uidvalidity=status.uidvalidity, enabled=config.enabled,
        polled_by=row.lease_holder if lease_live and row else None,
        lease_until=row.lease_until.isoformat() if lease_live and row and row.lease_until else None,
        failures=[Failure(f.uid, f.attempts, f.reason, f.next_attempt_at.isoformat()) for f in failures],
    )


def describe(report: CheckReport) -> list[str]:
    """The report as lines a person reads."""
    lines = [
        f"server        {report.server}:{report.port} ({report.security}, {report.auth} login): connected",
        f"capabilities  {' '.join(report.capabilities)}",
        f"folder        {report.folder}: {report.messages} messages, {report.not_ingested} not yet ingested"
        + (f" ({len(report.failures)} waiting for a retry)" if report.failures else ""),
        "IDLE          " + ("yes: new mail is picked up within seconds" if report.idle
                            else "no: the folder is checked every imap.poll_interval seconds"),
        "MOVE          " + ("yes" if report.move else "no: with imap.processed_folder, mail is copied there and "
                            "left, flagged seen, in the folder"),
        "polled by     " + (f"{report.polled_by} (lease until {report.lease_until})" if report.polled_by
                            else "no running service"),
    ]
    lines += [f"not ingested  UID {failure.uid}: {failure.reason} (tried {failure.attempts} times, "
              f"next at {failure.next_attempt_at})" for failure in report.failures]
    if not report.enabled:
        lines.append("note          imap.enabled is false: `serve` does not read this mailbox until it is true")
    return lines


async def _folder_row(db: Database, key: FolderKey) -> ImapFolder | None:
    async with db.session() as session:
        return (await session.execute(select(ImapFolder).where(
            ImapFolder.host == key.host, ImapFolder.username == key.username, ImapFolder.folder == key.folder))
        ).scalar_one_or_none()
