"""Reading the DATA phase with bounded memory: large messages go to an unnamed temporary file.

aiosmtpd's own `smtp_DATA` keeps every line of the message in memory as a list of
bytearrays and joins them at the end, so twelve concurrent 9 MB messages cost several
hundred MB. Here each session holds at most `spool_threshold` bytes in memory; the
rest is written to a temporary file that has no name on disk (it disappears with the
process, so no copy of a message outlives a crash) and is read back only when the message
is stored. The protocol rules are aiosmtpd's: a lone "." ends DATA and a leading dot is
removed (RFC 5321 §4.5.2); too much data or too long a line is answered only once the
client has finished sending (RFC 5321 §4.2.5).
"""

from __future__ import annotations

import asyncio
import tempfile
from enum import StrEnum

# Lines are gathered into chunks this large before a write: fewer system calls once spooled.
_WRITE_CHUNK = 64 * 1024


class DataOutcome(StrEnum):
    """How the DATA phase ended; only COMPLETE hands a message to the handler."""

    COMPLETE = "complete"
    TOO_MUCH = "too_much"   # over the size limit: 552 (RFC 5321 §4.5.3.1.10)
    TOO_LONG = "too_long"   # a line over the line limit: 552 5.3.4 (see smtp.py)


class SpooledData:
    """One message's bytes: in memory up to `threshold`, in an unnamed temporary file beyond."""

    def __init__(self, threshold: int):
        self.size = 0
        self._file = tempfile.SpooledTemporaryFile(max_size=threshold)  # noqa: SIM115 (closed by close())
        self._pending = bytearray()

    @property
    def on_disk(self) -> bool:
        """True once the message outgrew the threshold and moved to a file."""
        return bool(getattr(self._file, "_rolled", False))

    def append(self, line: bytes | bytearray) -> None:
        self._pending += line
        self.size += len(line)
        if len(self._pending) >= _WRITE_CHUNK:
            self._flush()

    def finish(self) -> None:
        self._flush()

    async def read(self) -> bytes:
        """The exact bytes received; read from disk in a thread, off the event loop."""
        self._file.seek(0)
        if not self.on_disk:
            return self._file.read()
        return await asyncio.to_thread(self._file.read)

    def close(self) -> None:
        self._pending = bytearray()
        self._file.close()

    def _flush(self) -> None:
        if self._pending:
            self._file.write(self._pending)
            self._pending = bytearray()


async def read_data(reader: asyncio.StreamReader, *, threshold: int, size_limit: int | None,
                    line_limit: int) -> tuple[DataOutcome, SpooledData]:
    """Read lines up to the lone ".", unstuffing dots; keep nothing once the message is refused."""
    spool = SpooledData(threshold)
    try:
        outcome = await _read_lines(reader, spool, size_limit=size_limit, line_limit=line_limit)
    except BaseException:  # the connection went away (aiosmtpd cancels the reader): keep nothing
        spool.close()
        raise
    spool.finish()
    return outcome, spool


async def _read_lines(reader: asyncio.StreamReader, spool: SpooledData, *, size_limit: int | None,
                      line_limit: int) -> DataOutcome:
    outcome = DataOutcome.COMPLETE
    received = 0
    line_so_far = 0  # bytes of the current line read before its end (a line longer than the reader's limit)
    while True:
        try:
            line = await reader.readuntil(b"\r\n")
        except asyncio.LimitOverrunError as overrun:
            # A line longer than the stream's limit: drain it, answer once the client is done.
            line = await reader.read(overrun.consumed)
            outcome = _refuse(outcome, DataOutcome.TOO_LONG, spool)
        if not line_so_far and line == b".\r\n":
            return outcome
        received += len(line)
        line_so_far = 0 if line.endswith(b"\r\n") else line_so_far + len(line)
        if size_limit and received > size_limit:
            outcome = _refuse(outcome, DataOutcome.TOO_MUCH, spool)
        elif len(line) > line_limit:
            outcome = _refuse(outcome, DataOutcome.TOO_LONG, spool)
        if outcome is DataOutcome.COMPLETE:
            spool.append(line[1:] if line.startswith(b".") else line)


def _refuse(current: DataOutcome, reason: DataOutcome, spool: SpooledData) -> DataOutcome:
    """The first reason wins (as in aiosmtpd); what was kept is dropped at once."""
    if current is not DataOutcome.COMPLETE:
        return current
    spool.close()
    return reason
