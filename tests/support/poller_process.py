"""A poller in a process of its own, as each `serve` runs one: `python -m tests.support.poller_process CONFIG`.

The lease tests start two and kill one with SIGKILL: no `finally`, no released lease, a
dead process as the operating system leaves it. It prints "polling" once it holds the lease.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from assistant.channels.imap import imap_poller
from assistant.config import load_config
from assistant.storage.database import Database


async def main(config_path: Path) -> None:
    config = load_config(config_path)
    db = Database(config.database_url)
    await db.migrate()
    poller = imap_poller(config.imap, db, base_dir=config.base_dir)
    assert poller is not None
    stopping = asyncio.Event()
    task = asyncio.create_task(poller.run_forever(stopping))
    while not poller.holds_lease:
        await asyncio.sleep(0.05)
    print("polling", flush=True)
    await task


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    asyncio.run(main(Path(sys.argv[1])))
