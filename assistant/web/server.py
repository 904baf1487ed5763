"""Serving the console with uvicorn on the service's own event loop, beside the SMTP listener.

uvicorn's `Server.serve()` normally installs its own SIGINT/SIGTERM handlers and re-raises
the signal when it stops; here the service owns the signals and tells the server to exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import uvicorn

from assistant.config import Config
from assistant.storage.database import Database
from assistant.web.app import create_app

log = logging.getLogger(__name__)


class _ServerWithoutSignals(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class RunningConsole:
    server: uvicorn.Server
    task: asyncio.Task
    address: tuple[str, int]

    async def stop(self) -> None:
        """Stops accepting, lets requests in progress finish, then returns."""
        self.server.should_exit = True
        await self.task


async def start_console(config: Config, db: Database, *, on_approved: Callable[[], None] | None = None,
                        on_message_stored: Callable[[], None] | None = None, classifier=None) -> RunningConsole:
    """Binds the port first (so a port in use fails here, with its reason), then serves in a task."""
    app = create_app(config, db, on_approved=on_approved, on_message_stored=on_message_stored,
                     classifier=classifier)
    sock = socket.create_server((config.web.host, config.web.port), reuse_port=False)
    sock.setblocking(False)
    # No access log: URLs carry searches for names and addresses, which do not belong in logs.
    server = _ServerWithoutSignals(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off",
                                                  proxy_headers=False, server_header=False))
    task = asyncio.create_task(server.serve(sockets=[sock]), name="console")
    while not server.started:
        if task.done():
            task.result()  # raises what stopped it
            raise RuntimeError("the console stopped while starting")
        await asyncio.sleep(0.01)
    host, port = sock.getsockname()[:2]
    log.info("console on http://%s:%s/", host, port)
    return RunningConsole(server, task, (host, port))
