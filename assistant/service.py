"""`privacy-assistant serve`: the channels and the workers on one event loop.

On SIGINT/SIGTERM the listener stops accepting first, in-flight work finishes, and the
process exits 0. Anything stored but not processed is finished by the next start.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import func, select

from assistant.channels.imap import imap_poller
from assistant.channels.smtp import start_smtp_server
from assistant.config import Config
from assistant.outbox.sender import OutboxSender
from assistant.pipeline.context import PipelineTools
from assistant.pipeline.reading import ProcessReader, Reader, ThreadReader
from assistant.pipeline.runner import PipelineWorker
from assistant.pipeline.tools import build_tools
from assistant.privacy.schedule import RetentionScheduler
from assistant.reports.digest import DigestScheduler
from assistant.reports.schedule import ReportScheduler
from assistant.storage.database import Database
from assistant.storage.models import User
from assistant.web.server import RunningConsole, start_console

log = logging.getLogger(__name__)


class ServiceError(Exception):
    """Why the service cannot start, in one line that names the config keys to change."""


async def _listen(config: Config, db: Database, worker: PipelineWorker, sender: OutboxSender
                  ) -> tuple[asyncio.Server, RunningConsole]:
    """Bind both ports before any work starts, so a port in use is a clear error, not a half-started service."""
    try:
        smtp = await start_smtp_server(config.smtp, db, on_stored=worker.notify)
    except OSError as error:
        await db.close()
        raise ServiceError(f"cannot listen for mail on {config.smtp.host}:{config.smtp.port} "
                           f"(smtp.host, smtp.port): {error.strerror or error}") from None
    try:
        console = await start_console(config, db, on_approved=sender.notify, on_message_stored=worker.notify,
                                      classifier=worker.tools.classifier or worker.reader)
    except OSError as error:
        smtp.close()
        await db.close()
        raise ServiceError(f"cannot serve the console on {config.web.host}:{config.web.port} "
                           f"(web.host, web.port): {error.strerror or error}") from None
    return smtp, console


async def _pipeline(config: Config) -> tuple[PipelineTools, Reader]:
    """The pipeline's tools, and its readers: reading processes (`[pipeline] workers`) hold the model,
    so this process does not load it at all; with `workers = 0` it loads it and reads in a thread."""
    if config.pipeline.workers == 0:
        tools = await asyncio.to_thread(build_tools, config)
        return tools, ThreadReader(tools)
    reader = ProcessReader(config, config.pipeline.workers)
    try:
        await reader.ready()
    except BrokenProcessPool:
        reader.close()
        raise ServiceError("the reading process could not load the intent model (classifier.model_dir, "
                           "pipeline.workers): its error is logged above") from None
    log.info("%s reading process(es) started: %s", config.pipeline.workers, reader.pids())
    return PipelineTools(config=config, classifier=None), reader


async def _hint_first_admin(db: Database) -> None:
    async with db.session() as session:
        if (await session.execute(select(func.count(User.id)))).scalar_one() == 0:
            log.warning("no console account yet: create the first one with "
                        "`privacy-assistant users add NAME --role admin`")


async def serve(config: Config, *, ready: asyncio.Event | None = None) -> None:
    db = Database(config.database_url)
    # Before the slow start: a missing password fails at once.
    imap = imap_poller(config.imap, db, base_dir=config.base_dir)
    await db.migrate()
    try:
        tools, reader = await _pipeline(config)
    except ServiceError:
        await db.close()
        raise
    worker = PipelineWorker(db, tools, reader)
    if imap is not None:
        imap.on_stored = worker.notify
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)

    sender = OutboxSender(db, config)
    smtp, console = await _listen(config, db, worker, sender)
    for sock in smtp.sockets:
        host, port = sock.getsockname()[:2]
        log.info("SMTP listening on %s:%s for %s", host, port, ", ".join(config.smtp.recipients))
    worker_task = asyncio.create_task(worker.run_forever(stopping), name="pipeline")
    log.info("pipeline worker started (database: %s)", db.dialect)
    sender_task = asyncio.create_task(sender.run_forever(stopping), name="outbox")
    log.info("outbox sender started (relay %s:%s, %s)", config.outbound.host, config.outbound.port,
             config.outbound.security)
    imap_task = asyncio.create_task(imap.run_forever(stopping), name="imap") if imap else None
    report_task = (asyncio.create_task(ReportScheduler(db, config).run_forever(stopping), name="weekly-report")
                   if config.reports.recipients else None)
    retention_task = asyncio.create_task(RetentionScheduler(db, config).run_forever(stopping), name="retention")
    digest_task = (asyncio.create_task(DigestScheduler(db, config).run_forever(stopping), name="daily-digest")
                   if config.digest.recipients else None)
    await _hint_first_admin(db)
    if ready is not None:
        ready.set()
    print("privacy-assistant ready", flush=True)

    await stopping.wait()
    await console.stop()  # no new approvals while the rest winds down
    log.info("stopping: no new connections; finishing in-flight work")
    smtp.close()
    await smtp.wait_closed()
    if imap_task is not None:
        await imap_task  # finishes the message in hand, then logs out
    await worker_task
    for task in (report_task, digest_task, retention_task):
        if task is not None:
            await task
    await sender_task  # an attempt under way finishes: cutting it off would leave its state unknown
    if isinstance(reader, ProcessReader):
        await asyncio.to_thread(reader.close)
    await db.close()
    log.info("stopped")
