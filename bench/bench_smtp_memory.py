"""Peak resident memory of the SMTP edge receiving N concurrent large messages (issue 16, finding 7).

The server runs in its own process (the SMTP listener storing into a throwaway SQLite
database, no pipeline), the clients in this one, so the figure is the server's alone.
Two servers in the same run: aiosmtpd's own DATA reader (every line kept in memory, the
"before"), then ours, which spools DATA above `smtp.spool_threshold_bytes` to a file.

    python bench/bench_smtp_memory.py [--messages 12] [--mb 9] [--threshold 1048576]

Prints, for each server: RSS when idle, peak RSS (the kernel's high-water mark), seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

INBOX = "contact-sodepac@sodepac.com"


def kilobytes(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


async def serve(mode: str, port: int, threshold: int, folder: str) -> None:
    """The child: a listener on loopback until stdin closes."""
    from dataclasses import replace

    from aiosmtpd.smtp import SMTP

    from assistant.channels import smtp
    from assistant.config import SmtpConfig
    from assistant.storage.database import Database

    db = Database(f"sqlite+aiosqlite:///{folder}/bench.db")
    await db.migrate()
    config = replace(SmtpConfig(), port=port, spool_threshold_bytes=threshold, max_message_size=64 << 20,
                     max_connections_per_address=1000)
    if mode == "aiosmtpd":  # the edge as it was: aiosmtpd's own DATA, the handler reading original_content
        handler = smtp.PrivacyInboxHandler(db, config.recipients)
        server = await asyncio.get_running_loop().create_server(
            lambda: SMTP(handler, hostname=config.hostname, data_size_limit=config.max_message_size),
            host="127.0.0.1", port=port)
    else:
        server = await smtp.start_smtp_server(config, db)
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.read)
    server.close()
    await db.close()


def message(number: int, size: int) -> bytes:
    line = (b"%07d " % number) + b"x" * 68 + b"\r\n"
    head = (b"From: bench%d@example.com\r\nTo: %s\r\nSubject: large\r\nMessage-ID: <mem-%d@example.com>\r\n\r\n"
            % (number, INBOX.encode(), number))
    return head + line * (size // len(line))


def send(port: int, raw: bytes) -> int:
    with smtplib.SMTP("127.0.0.1", port, timeout=300) as client:
        client.ehlo("bench.example.com")
        client.mail("bench@example.com")
        client.rcpt(INBOX)
        return client.data(raw)[0]


def measure(mode: str, messages: int, size: int, threshold: int) -> dict[str, float]:
    from tests.support.ports import free_port

    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", mode, "--port", str(port), "--threshold", str(threshold),
             "--folder", folder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
        assert child.stdout is not None and child.stdin is not None
        child.stdout.readline()
        idle = kilobytes(child.pid, "VmRSS")
        bodies = [message(number, size) for number in range(messages)]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=messages) as clients:
            codes = list(clients.map(lambda raw: send(port, raw), bodies))
        seconds = time.perf_counter() - started
        peak = kilobytes(child.pid, "VmHWM")
        child.stdin.close()
        child.wait(timeout=30)
    if codes != [250] * messages:
        raise SystemExit(f"{mode}: not every message was accepted: {codes}")
    return {"idle_mb": idle / 1024, "peak_mb": peak / 1024, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=12)
    parser.add_argument("--mb", type=float, default=9.0)
    parser.add_argument("--threshold", type=int, default=1 << 20)
    parser.add_argument("--serve", choices=("aiosmtpd", "spooled"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.port, args.threshold, args.folder))
        return
    size = int(args.mb * 1_000_000)
    print(f"{args.messages} concurrent messages of {args.mb} MB, spool threshold {args.threshold} bytes, "
          f"pid {os.getpid()}")
    for mode in ("aiosmtpd", "spooled"):
        figures = measure(mode, args.messages, size, args.threshold)
        print(f"{mode:>9}: idle {figures['idle_mb']:.0f} MB, peak {figures['peak_mb']:.0f} MB "
              f"(+{figures['peak_mb'] - figures['idle_mb']:.0f} MB), {figures['seconds']:.1f} s")


if __name__ == "__main__":
    main()
