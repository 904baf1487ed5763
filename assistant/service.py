"""`privacy-assistant serve`: the channels and the workers on one event loop.

On SIGINT/SIGTERM the listener stops accepting first, in-flight work finishes, and the
process exits 0. Anything stored but not processed is finished by the next start.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from assistant.channels.imap import imap_poller
from assistant.channels.smtp import start_smtp_server
from assistant.config import Config
from assistant.outbox.sender import OutboxSender
from assistant.pipeline.runner import PipelineWorker
from assistant.pipeline.tools import build_tools
from assistant.reports.schedule import ReportScheduler
from assistant.storage.database import Database
from assistant.web.server import start_console

log = logging.getLogger(__name__)


async def serve(config: Config, *, ready: asyncio.Event | None = None) -> None:
    db = Database(config.database_url)
    imap = imap_poller(config.imap, db)  # before the slow start: a missing password fails at once
    await db.migrate()
    tools = await asyncio.to_thread(build_tools, config)
    worker = PipelineWorker(db, tools)
    if imap is not None:
        imap.on_stored = worker.notify
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)

    smtp = await start_smtp_server(config.smtp, db, on_stored=worker.notify)
    for sock in smtp.sockets:
        host, port = sock.getsockname()[:2]
        log.info("SMTP listening on %s:%s for %s", host, port, ", ".join(config.smtp.recipients))
    worker_task = asyncio.create_task(worker.run_forever(stopping), name="pipeline")
    log.info("pipeline worker started (database: %s)", db.dialect)
    sender = OutboxSender(db, config)
    sender_task = asyncio.create_task(sender.run_forever(stopping), name="outbox")
    log.info("outbox sender started (relay %s:%s, %s)", config.outbound.host, config.outbound.port,
             config.outbound.security)
    imap_task = asyncio.create_task(imap.run_forever(stopping), name="imap") if imap else None
    console = await start_console(config, db, on_approved=sender.notify, on_message_stored=worker.notify)
    report_task = (asyncio.create_task(ReportScheduler(db, config).run_forever(stopping), name="weekly-report")
                   if config.reports.recipients else None)
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
    if report_task is not None:
        await report_task
    await sender_task  # an attempt under way finishes: cutting it off would leave its state unknown
    await db.close()
    log.info("stopped")
