"""Benchmark the mail path: SMTP acceptance (stored and committed before 250) and the pipeline.

Starts the real SMTP listener and pipeline worker on a throwaway SQLite database, sends N
distinct requests over loopback with a real SMTP client (one connection, as a relay would),
and reports how fast messages are acknowledged and how fast they become tickets with drafts.

    python bench/bench_intake.py [--messages 300] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import smtplib
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.channels.smtp import start_smtp_server  # noqa: E402
from assistant.config import parse_config  # noqa: E402
from assistant.pipeline.runner import PipelineWorker, pending_message_ids  # noqa: E402
from assistant.pipeline.tools import build_tools  # noqa: E402
from assistant.storage.database import Database  # noqa: E402

INBOX = "contact-sodepac@sodepac.com"
BODIES = [
    "Hello, please delete my account and every piece of personal data you hold about me. Customer C{n}.",
    "Bonjour, je souhaite recevoir une copie de toutes les données personnelles que vous détenez sur moi.",
    "Stop sending me your newsletters, I never asked for them. Unsubscribe me now please.",
    "Je vous ai déjà écrit deux fois sans réponse, c'est inadmissible. Je vais saisir la CNIL.",
]


def request(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"person{number}@example.com"
    message["To"] = INBOX
    message["Subject"] = f"Request {number}"
    message["Message-ID"] = f"<bench-{number}@example.com>"
    message.set_content(BODIES[number % len(BODIES)].format(n=number))
    return bytes(message).replace(b"\n", b"\r\n")


def send_all(port: int, count: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for number in range(count):
            client.sendmail(f"person{number}@example.com", [INBOX], request(number))
    return time.perf_counter() - started


async def main(count: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        config = parse_config({"smtp": {"port": 0}, "database": {"url": url}}, base_dir=Path(folder))
        db = Database(config.database_url)
        await db.migrate()
        tools = await asyncio.to_thread(build_tools, config)
        worker = PipelineWorker(db, tools)
        server = await start_smtp_server(config.smtp, db)  # no wake-up: acceptance is timed alone
        port = server.sockets[0].getsockname()[1]
        print(f"database: {db.dialect}; {count} messages over one SMTP connection")

        seconds = await asyncio.to_thread(send_all, port, count)
        print(f"accepted (stored and committed before each 250): {count / seconds:,.0f} messages/s "
              f"({seconds * 1000 / count:.1f} ms each)")

        started = time.perf_counter()
        await worker.run_pending()
        seconds = time.perf_counter() - started
        left = len(await pending_message_ids(db))
        print(f"pipeline (parse, noise, extract, classify, entities, thread, ticket, draft): "
              f"{count / seconds:,.0f} messages/s ({seconds * 1000 / count:.1f} ms each); {left} left")
        server.close()
        await server.wait_closed()
        await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--database-url", help="e.g. postgresql+asyncpg://user@127.0.0.1:5432/bench")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.messages, arguments.database_url))
