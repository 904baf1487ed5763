"""What identifies a raw message before it is parsed: is it mail at all, and its content hash.

Intake stores every message before parsing it; these two read only the bytes of the header
block, so they are cheap and cannot fail on a body however broken.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

_HEADER_SCAN_BYTES = 256 * 1024  # `is_mail_message` and `content_hash` look this far for headers

# -- is it mail at all? -----------------------------------------------------------------------

_FIELD_LINE = re.compile(rb"^([!-9;-~]+)[ \t]*:")
_MAIL_FIELDS = frozenset(
    {b"from", b"to", b"subject", b"date", b"message-id", b"received", b"mime-version", b"return-path"}
)


def _header_lines(raw: bytes) -> Iterator[bytes]:
    """Lines of the header block (up to the first empty line), mbox "From " line skipped."""
    head = raw[:_HEADER_SCAN_BYTES]
    lines = head.split(b"\n")
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            return
        yield line


def is_mail_message(raw: bytes) -> bool:
    """True when `raw` starts with a plausible RFC 5322 header block (not junk, not a file)."""
    lines = list(_header_lines(raw))
    if not lines or not _FIELD_LINE.match(lines[0]):
        return False
    fields = [match.group(1).lower() for line in lines if (match := _FIELD_LINE.match(line))]
    continuations = sum(1 for line in lines if line[:1] in (b" ", b"\t"))
    if 2 * (len(fields) + continuations) < len(lines):
        return False  # mostly lines that are not header fields: text that happens to start "Word:"
    return bool(set(fields) & _MAIL_FIELDS)


# -- the same message twice -------------------------------------------------------------------

# Trace fields each hop adds (RFC 5321 section 4.4, RFC 7208 Received-SPF, RFC 8601
# Authentication-Results, RFC 8617 ARC) and the delivery agent's own: they differ between two
# deliveries of one message. DKIM-Signature is the author's, so it stays in the hash.
_TRACE_FIELDS = frozenset(
    {
        b"received", b"return-path", b"delivered-to", b"x-original-to", b"x-received",
        b"received-spf", b"authentication-results", b"x-virus-scanned",
    }
)  # fmt: skip
_TRACE_PREFIXES = (b"arc-", b"x-spam-")


def _is_trace(name: bytes) -> bool:
    name = name.strip().lower()
    return name in _TRACE_FIELDS or name.startswith(_TRACE_PREFIXES)


def content_hash(raw: bytes) -> str:
    """sha256 of the message without its trace headers and with line endings normalised.

    The same message delivered twice (other Received lines, CRLF over SMTP, LF from a pipe)
    hashes the same; a different message that reuses a Message-ID does not.
    """
    raw = raw.replace(b"\r\n", b"\n")
    if raw.startswith(b"From "):  # mbox envelope line added by the local delivery agent
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    head, separator, body = raw.partition(b"\n\n")
    if not separator:
        head, body = (raw, b"") if is_mail_message(raw) else (b"", raw)
    kept: list[bytes] = []
    dropping = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        match = _FIELD_LINE.match(line)
        dropping = bool(match and _is_trace(match.group(1)))
        if not dropping:
            kept.append(line)
    digest = hashlib.sha256()
    digest.update(b"\n".join(kept))
    digest.update(b"\n\n")
    digest.update(body.rstrip(b"\n"))
    return digest.hexdigest()
