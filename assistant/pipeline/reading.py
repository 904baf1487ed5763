"""The reading steps, and where they run: a thread of this process, or reading processes of their own.

Reading (parse, classify, entities) is pure CPU and needs no database. In a thread it still
shares the interpreter with the SMTP edge, so a backlog being read slows intake down; in a
reading process (`[pipeline] workers`, started by `serve`, the model loaded once in each) it
runs on another core while this process files what was read and answers SMTP.

A reading process that dies (killed, out of memory) loses nothing: the messages it was
reading are still `stored` in the database. The pool is started again and the batch read
once more, one message at a time, so a message that kills the reader every time is set
`failed` alone (Mailman's shunt queue) instead of stopping the pipeline.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from assistant.config import Config
from assistant.pipeline.context import MessageContext, PipelineTools
from assistant.pipeline.steps.checks import check_sender, check_text
from assistant.pipeline.steps.classify import classify, classify_batch, find_entities
from assistant.pipeline.steps.extract import extract_text
from assistant.pipeline.steps.noise import detect_machine_mail
from assistant.pipeline.steps.parse import parse
from intents import IntentResult

log = logging.getLogger(__name__)

# Each message through these, then the classifier and entity extraction over the whole batch.
PREPARING_STEPS = (parse, detect_machine_mail, extract_text, check_sender, check_text)

Failures = dict[int, Exception]


class StepFailed(Exception):
    """A step raised: the error, and the name of the step it came from."""

    def __init__(self, step: str, error: Exception) -> None:
        super().__init__(f"{step}: {type(error).__name__}: {error}")
        self.step = step
        self.error = error

    def __reduce__(self) -> tuple:
        return StepFailed, (self.step, self.error)  # so it crosses back from a reading process


def read_messages(contexts: list[MessageContext], tools: PipelineTools) -> dict[int, Exception]:
    """The reading steps over a batch; returns the messages that made a step fail, each with its error.

    A message that breaks the batched classification is read again alone, so it fails alone.
    """
    failures: dict[int, Exception] = {}
    for ctx in contexts:
        try:
            for step in PREPARING_STEPS:
                _run_reading(step, ctx, tools)
        except StepFailed as failure:
            failures[ctx.message_pk] = failure
    readable = [ctx for ctx in contexts if ctx.message_pk not in failures]
    try:
        classify_batch(readable, tools)
    except Exception:
        for ctx in readable:
            try:
                _run_reading(classify, ctx, tools)
            except StepFailed as failure:
                failures[ctx.message_pk] = failure
    for ctx in (ctx for ctx in readable if ctx.message_pk not in failures):
        try:
            _run_reading(find_entities, ctx, tools)
        except StepFailed as failure:
            failures[ctx.message_pk] = failure
    return failures


def _run_reading(step: Callable[[MessageContext, PipelineTools], None], ctx: MessageContext,
                 tools: PipelineTools) -> None:
    try:
        step(ctx, tools)
    except Exception as error:
        raise StepFailed(step.__name__, error) from error




class Reader(Protocol):
    async def read(self, contexts: list[MessageContext]) -> tuple[list[MessageContext], Failures]:
        """The contexts with their reading done (same order), and the messages that failed a step."""
        ...


class ThreadReader:
    """Reads in a thread of this process (the CLI, tests, `workers = 0`)."""

    def __init__(self, tools: PipelineTools) -> None:
        self.tools = tools

    async def read(self, contexts: list[MessageContext]) -> tuple[list[MessageContext], Failures]:
        return contexts, await asyncio.to_thread(read_messages, contexts, self.tools)


class ReaderDied(Exception):
    """The reading process died while it read this message alone."""


class ProcessReader:
    """Reads in `workers` processes of its own, each with the model loaded once."""

    def __init__(self, config: Config, workers: int) -> None:
        self.config = config
        self.workers = workers
        self._pool = self._start()
        self._restarting = threading.Lock()
        self.restarts = 0

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: the service has threads and an event loop that a forked child must not inherit.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_load_in_reader, initargs=(self.config, os.getpid()))

    def pids(self) -> list[int]:
        """The reading processes' ids (started on first use)."""
        return list(getattr(self._pool, "_processes", None) or {})

    async def ready(self) -> None:
        """Start every reading process and load its model now, not on the first message."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._pool, _loaded) for _ in range(self.workers)))

    async def read(self, contexts: list[MessageContext]) -> tuple[list[MessageContext], Failures]:
        try:
            return await self._read(contexts)
        except BrokenProcessPool:
            pass
        read: list[MessageContext] = []
        failures: Failures = {}
        for ctx in contexts:  # again, alone: a message that kills the reader fails by itself
            try:
                [done], failed = await self._read([ctx])
            except BrokenProcessPool:
                died = ReaderDied("the reading process died while reading this message")
                done, failed = ctx, {ctx.message_pk: StepFailed("reading_process", died)}
            read.append(done)
            failures.update(failed)
        return read, failures

    async def _read(self, contexts: list[MessageContext]) -> tuple[list[MessageContext], Failures]:
        pool = self._pool
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, _read_in_reader, contexts)
        except BrokenProcessPool:
            self._restart(pool)
            raise

    def classify(self, subject: str, body: str) -> IntentResult:
        """The chat's classifier (called from a thread): the reading processes' model, not a second copy."""
        pool = self._pool
        try:
            return pool.submit(_classify_in_reader, subject, body).result()
        except BrokenProcessPool:
            self._restart(pool)
            return self._pool.submit(_classify_in_reader, subject, body).result()

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._restarting:
            if broken is not self._pool:
                return  # a batch read alongside has started new processes already
            self.restarts += 1
            log.error("a reading process died; starting the reading processes again (restart %s); "
                      "the messages it held are still stored and are read again", self.restarts)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# --- inside a reading process ---

_tools: PipelineTools | None = None  # this reading process's model, loaded once by the initializer


def _load_in_reader(config: Config, parent_pid: int) -> None:
    global _tools
    from assistant.pipeline.tools import build_tools

    # Ctrl-C and systemd's SIGTERM reach the whole group: `serve` decides when its readers stop.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True, name="parent-watch").start()
    _tools = build_tools(config)


def _exit_with_parent(parent_pid: int) -> None:
    """A `serve` killed with SIGKILL cannot stop its readers: they notice and leave within a second."""
    while os.getppid() == parent_pid:
        threading.Event().wait(1.0)
    os._exit(0)


def _loaded() -> int:
    return os.getpid()


def _read_in_reader(contexts: list[MessageContext]) -> tuple[list[MessageContext], Failures]:
    assert _tools is not None
    failures = read_messages(contexts, _tools)
    return contexts, {pk: _picklable(error) for pk, error in failures.items()}


def _classify_in_reader(subject: str, body: str) -> IntentResult:
    assert _tools is not None and _tools.classifier is not None
    return _tools.classifier.classify(subject, body)


def _picklable(error: Exception) -> Exception:
    """An error goes back to `serve` as it is when it can, else as its type's name and message."""
    if isinstance(error, StepFailed):
        return StepFailed(error.step, _picklable(error.error))
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
