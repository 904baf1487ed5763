"""Benchmark the mail path as a client sees it: every figure of issue 16's table in one run.

A load client in its own process (aiosmtplib, a NEW connection per message, C concurrent
senders, 2-3 KB mail, loopback) is pointed first at a bare aiosmtpd server answering 250 at
once, then at the service (stored and committed before each 250), in the same run, so the
ratio holds on a busy machine. Then: a burst end to end (the pipeline running, first
connection to the last draft), the pipeline's drain rate on a stored backlog, the p95 from
250 to draft at a steady 50 msg/s, and the resident memory with everything loaded.

    python bench/bench_intake.py [--database sqlite|postgres|both] [--quick] [--messages 400] [--workers 1]

PostgreSQL runs on a throwaway cluster started as the tests start theirs (tests/support).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

INBOX = "contact-sodepac@sodepac.com"
BODIES = [
    "Hello, please delete my account and every piece of personal data you hold about me. Customer C{n}.",
    "Bonjour, je souhaite recevoir une copie de toutes les données personnelles que vous détenez sur moi.",
    "Stop sending me your newsletters, I never asked for them. Unsubscribe me now please.",
    "Je vous ai déjà écrit deux fois sans réponse, c'est inadmissible. Je vais saisir la CNIL.",
]
QUOTED = ("> Dear customer, our spring catalogue is out: discover our new pallets and crates, "
          "our delivery slots and the conditions of our loyalty programme.\n") * 14  # a reply's quoted newsletter


def request(number: int, run: str) -> bytes:
    """A 2-3 KB request, distinct per number (and per run, so two runs never collide)."""
    message = EmailMessage()
    message["From"] = f"Person {number} <person{number}@example.com>"
    message["To"] = INBOX
    message["Subject"] = f"Re: Our spring catalogue ({number})"
    message["Message-ID"] = f"<bench-{run}-{number}@example.com>"
    message.set_content(BODIES[number % len(BODIES)].format(n=number) + "\n\n" + QUOTED)
    return bytes(message).replace(b"\n", b"\r\n")


# --- the load client (its own process, so it does not share the server's interpreter) ---

async def _client(port: int, count: int, concurrency: int, rate: float, run: str) -> dict:
    import aiosmtplib

    numbers = iter(range(count))
    answered: dict[str, float] = {}
    failures = 0
    started = time.perf_counter()

    async def sender() -> None:
        nonlocal failures
        for number in numbers:
            if rate:
                await asyncio.sleep(max(0.0, started + number / rate - time.perf_counter()))
            try:
                await aiosmtplib.send(request(number, run), sender=f"person{number}@example.com",
                                      recipients=[INBOX], hostname="127.0.0.1", port=port, timeout=60)
                answered[f"bench-{run}-{number}@example.com"] = time.time()
            except Exception:
                failures += 1

    await asyncio.gather(*(sender() for _ in range(concurrency)))
    return {"seconds": time.perf_counter() - started, "failures": failures, "answered": answered}


async def load(port: int, count: int, concurrency: int, run: str, rate: float = 0.0) -> dict:
    """Run the client in a child process; returns seconds, failures and each message's 250 time."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--client", str(port), str(count), str(concurrency), str(rate), run,
        stdout=subprocess.PIPE)
    output, _ = await child.communicate()
    return json.loads(output)


async def _worker(url: str) -> None:
    """A worker process as a `serve` process runs its pipeline: load, say ready, drain on "go"."""
    from assistant.config import parse_config
    from assistant.pipeline.runner import PipelineWorker
    from assistant.pipeline.tools import build_tools
    from assistant.storage.database import Database

    db = Database(url)
    tools = build_tools(parse_config({"database": {"url": url}}, base_dir=Path(tempfile.gettempdir())))
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    while await PipelineWorker(db, tools).run_pending():
        pass
    await db.close()


async def scaling(db, url: str, count: int, processes: int, run: str) -> float:
    """msg/s draining `count` stored messages with `processes` worker processes on one PostgreSQL."""
    from assistant.intake import accept

    children = [await asyncio.create_subprocess_exec(sys.executable, __file__, "--worker", url,
                                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                for _ in range(processes)]
    for child in children:
        await child.stdout.readline()  # type: ignore[union-attr]
    done_before = await processed_count(db)
    for number in range(count):
        await accept(db, request(number, run), channel="email", envelope_sender=f"person{number}@example.com")
    started = time.perf_counter()
    for child in children:
        child.stdin.write(b"go\n")  # type: ignore[union-attr]
        await child.stdin.drain()  # type: ignore[union-attr]
    await wait_processed(db, done_before + count)
    seconds = time.perf_counter() - started
    for child in children:
        await child.wait()
    return count / seconds


async def serve_scaling(db, url: str, folder: Path, count: int, processes: int, readers: int, run: str) -> float:
    """msg/s end to end with `processes` real `serve` processes on one PostgreSQL: the client's C = 8
    connections spread over their SMTP ports, first connection to the last message filed."""
    from tests.support.cli import start_serve, write_config

    configs = []
    for number in range(processes):
        (folder / f"{run}-{number}").mkdir()
        configs.append(write_config(folder / f"{run}-{number}", url, pipeline=f"workers = {readers}",
                                    smtp="max_connections_per_address = 100"))
    services = await asyncio.gather(*(asyncio.to_thread(start_serve, config) for config in configs))
    try:
        done_before = await processed_count(db)
        ports = [tomllib.loads(config.read_text())["smtp"]["port"] for config in configs]
        started = time.perf_counter()
        shares = [count // processes + (number < count % processes) for number in range(processes)]
        results = await asyncio.gather(*(load(port, share, max(1, 8 // processes), f"{run}-{port}")
                                         for port, share in zip(ports, shares, strict=True)))
        await wait_processed(db, done_before + count - sum(result["failures"] for result in results))
        return count / (time.perf_counter() - started)
    finally:
        for service in services:
            service.terminate()
        for service in services:
            service.wait()


# --- the servers ---

class _Bare:
    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 2.0.0 OK"


async def bare_server():
    from aiosmtpd.smtp import SMTP

    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(_Bare(), hostname="bench", ident="bare"), "127.0.0.1", 0)


def rate(result: dict, count: int) -> float:
    return (count - result["failures"]) / result["seconds"]


async def processed_count(db) -> int:
    from sqlalchemy import func, select

    from assistant.storage.models import Message

    async with db.session() as session:
        return (await session.execute(select(func.count(Message.id)).where(Message.state != "stored"))).scalar_one()


async def wait_processed(db, target: int, timeout: float = 600.0) -> float:
    """Seconds until `target` messages are no longer `stored` (processed, failed or noise)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and await processed_count(db) < target:
        await asyncio.sleep(0.05)
    return time.perf_counter() - started


async def latencies(db, answered: dict[str, float]) -> list[float]:
    """From each message's 250 (client clock) to its processing commit (draft written in it)."""
    from sqlalchemy import select

    from assistant.storage.models import Message

    async with db.session() as session:
        rows = (await session.execute(select(Message.message_id, Message.processed_at)
                                      .where(Message.message_id.in_(list(answered))))).all()
    return sorted(max(0.0, processed.timestamp() - answered[mid]) for mid, processed in rows if processed)


def p95(values: list[float]) -> float:
    return values[min(len(values) - 1, int(len(values) * 0.95))] if values else float("nan")


# --- the run on one database ---

async def bench_database(kind: str, url: str, folder: Path, count: int, quick: bool, readers: int) -> dict:
    from assistant.channels.smtp import start_smtp_server
    from assistant.config import parse_config
    from assistant.pipeline.context import PipelineTools
    from assistant.pipeline.reading import ProcessReader
    from assistant.pipeline.runner import PipelineWorker
    from assistant.pipeline.tools import build_tools
    from assistant.storage.database import Database

    config = parse_config({"smtp": {"port": 0, "host": "127.0.0.1", "max_connections_per_address": 100},
                           "database": {"url": url}, "pipeline": {"poll_interval": 0.2, "workers": readers}},
                          base_dir=folder)
    db = Database(url)
    await db.migrate()
    reader = ProcessReader(config, readers) if readers else None  # as `serve` reads with [pipeline] workers
    if reader:
        await reader.ready()
    tools = PipelineTools(config, classifier=None) if reader else await asyncio.to_thread(build_tools, config)
    figures: dict = {"database": f"{kind}, " + (f"{readers} reading process(es)" if readers else "reading in a thread")}
    bare = await bare_server()
    bare_port = bare.sockets[0].getsockname()[1]

    # 1. intake alone (no pipeline), against the bare server in the same run
    smtp = await start_smtp_server(config.smtp, db)
    port = smtp.sockets[0].getsockname()[1]
    stored = 0
    for concurrency in (8, 32):
        reference = await load(bare_port, count, concurrency, f"{kind}-bare{concurrency}")
        service = await load(port, count, concurrency, f"{kind}-intake{concurrency}")
        stored += count - service["failures"]
        figures[f"C={concurrency}"] = (rate(service, count), rate(reference, count), service["failures"])

    # 2. the pipeline draining the stored backlog alone
    worker = PipelineWorker(db, tools, reader)
    started = time.perf_counter()
    await worker.run_pending()
    figures["drain"] = stored / (time.perf_counter() - started)

    # 3. a burst end to end, and 4. a steady 50 msg/s, with the worker running as `serve` runs it
    stopping = asyncio.Event()
    worker_task = asyncio.create_task(worker.run_forever(stopping))
    smtp.close()
    await smtp.wait_closed()
    smtp = await start_smtp_server(config.smtp, db, on_stored=worker.notify)
    port = smtp.sockets[0].getsockname()[1]
    started = time.perf_counter()
    burst = await load(port, count, 8, f"{kind}-burst")
    await wait_processed(db, stored + count - burst["failures"])
    figures["burst"] = (count - burst["failures"]) / (time.perf_counter() - started)
    figures["burst_bare"] = rate(await load(bare_port, count, 8, f"{kind}-bare-burst"), count)
    steady_count = 100 if quick else 500
    steady = await load(port, steady_count, 8, f"{kind}-steady", rate=50.0)
    await wait_processed(db, stored + count + steady_count - burst["failures"] - steady["failures"])
    figures["p95"] = p95(await latencies(db, steady["answered"]))
    figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["reader_rss"] = [resident_mb(pid) for pid in reader.pids()] if reader else []
    stopping.set()
    await worker_task
    if kind == "postgres":  # several `serve` processes share the pipeline through row claims
        figures["processes"] = {n: await scaling(db, url, count, n, f"{kind}-scale{n}") for n in (1, 2, 4)}
        figures["serves"] = {n: await serve_scaling(db, url, folder, count, n, readers, f"{kind}-serve{n}")
                             for n in (1, 2, 4)}
    for server in (smtp, bare):
        server.close()
        await server.wait_closed()
    if reader:
        reader.close()
    await db.close()
    return figures


def resident_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report(figures: dict) -> None:
    print(f"\n## {figures['database']}")
    print("| figure | service | reference |\n| --- | --- | --- |")
    for concurrency in (8, 32):
        service, bare, failures = figures[f"C={concurrency}"]
        refused = f" ({failures} refused)" if failures else ""
        print(f"| intake msg/s, C = {concurrency} (committed before 250) | {service:,.0f}{refused}"
              f" | bare aiosmtpd {bare:,.0f}: ratio {service / bare:.2f} |")
    print(f"| burst end to end (first connection to last draft), C = 8 | {figures['burst']:,.0f} msg/s | "
          f"bare {figures['burst_bare']:,.0f}: ratio {figures['burst'] / figures['burst_bare']:.2f} |")
    print(f"| pipeline drain of the stored backlog | {figures['drain']:,.0f} msg/s | target 300 |")
    print(f"| p95 from 250 to draft at a steady 50 msg/s | {figures['p95'] * 1000:,.0f} ms | target 250 ms |")
    print(f"| peak RSS, everything loaded (this process) | {figures['rss']:,.0f} MB | target 500 MB |")
    for number, rss in enumerate(figures["reader_rss"], 1):
        print(f"| peak RSS of reading process {number} | {rss:,.0f} MB | total "
              f"{figures['rss'] + sum(figures['reader_rss']):,.0f} MB |")
    for processes, speed in figures.get("processes", {}).items():
        print(f"| pipeline drain with {processes} worker process(es) on one database | {speed:,.0f} msg/s | "
              f"x{speed / figures['processes'][1]:.2f} of one |")
    for processes, speed in figures.get("serves", {}).items():
        print(f"| end to end with {processes} real `serve` process(es), C = 8 over their ports | {speed:,.0f} msg/s"
              f" | x{speed / figures['serves'][1]:.2f} of one |")


async def main(database: str, count: int, quick: bool, readers: int) -> None:
    kinds = ["sqlite", "postgres"] if database == "both" else [database]
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            if kind == "sqlite":
                report(await bench_database(kind, f"sqlite+aiosqlite:///{folder}/bench.db", Path(folder), count, quick,
                                            readers))
                continue
            from tests.support.postgres import start_cluster

            cluster = start_cluster()
            try:
                url = cluster.create_database("bench")
                report(await bench_database(kind, url, Path(folder), count, quick, readers))
            finally:
                cluster.stop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        asyncio.run(_worker(sys.argv[2]))
        sys.exit(0)
    if sys.argv[1:2] == ["--client"]:
        port, count, concurrency, steady_rate, run = sys.argv[2:7]
        print(json.dumps(asyncio.run(_client(int(port), int(count), int(concurrency), float(steady_rate), run))))
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--messages", type=int, default=400, help="per measurement (default 400)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 64 messages, a short steady phase")
    parser.add_argument("--workers", type=int, default=1,
                        help="reading processes, as [pipeline] workers (default 1; 0 reads in a thread)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.database, 64 if arguments.quick else arguments.messages, arguments.quick,
                     arguments.workers))
