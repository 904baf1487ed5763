"""The one MIME walker: which parts of a message are its body and which are attachments.

The parser (parse.py) and the console's attachment download both walk a message with `walk`,
so the attachments a ticket lists are exactly the parts the console can hand back, also when a
broken multipart had to be repaired with the boundary found in its body (RFC 2046 section 5.1.1).
The part accessors never raise: a header the email package's strict classes choke on is read
from its raw text instead.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser
from enum import StrEnum

from assistant.mail.charsets import collapse_spaces, decode_base64, decode_header_value
from assistant.mail.types import Attachment

MAX_DEPTH = 32  # MIME nesting we follow before giving up on a branch
MAX_HEADER_CHARS = 16_384  # per header value read

# What the email package complains about, in words staff understand.
_PARSER_DEFECTS = {
    "StartBoundaryNotFoundDefect": "the multipart boundary declared in Content-Type is not in the body",
    "CloseBoundaryNotFoundDefect": "the multipart body ends without its closing boundary (cut short?)",
    "NoBoundaryInMultipartDefect": "a multipart part without a boundary",
    "MultipartInvariantViolationDefect": "a multipart part with no parts inside",
    "MissingHeaderBodySeparatorDefect": "a header line without a colon; the rest was read as body",
    "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "a mailbox 'From ' line inside the headers",
    "InvalidMultipartContentTransferEncodingDefect": "a multipart part with a transfer encoding",
}


class PartKind(StrEnum):
    """What a leaf of the MIME tree is to us."""

    BODY_TEXT = "body text"  # text/plain or text/html shown as the message
    ATTACHMENT = "attachment"  # a file, a forwarded message or machine data: recorded, never read as body
    UNREADABLE_MULTIPART = "unreadable multipart"  # no usable boundary: its whole body read as text


@dataclass(frozen=True, slots=True)
class Leaf:
    part: Message
    content_type: str
    kind: PartKind


def walk(part: Message, defects: list[str], depth: int = 0) -> Iterator[Leaf]:
    """The leaves of the MIME tree in order; what was wrong on the way is added to `defects`."""
    _note_parser_defects(part, defects)
    if depth > MAX_DEPTH:
        defects.append(f"MIME parts nested deeper than {MAX_DEPTH}; the rest ignored")
        return
    content_type = content_type_of(part)
    if content_type.startswith("message/"):
        # a forwarded message, delivery-status, disposition-notification...: kept whole as an attachment
        yield Leaf(part, content_type, PartKind.ATTACHMENT)
    elif part.is_multipart():
        for child in children(part):
            yield from walk(child, defects, depth + 1)
    elif content_type.startswith("multipart/"):
        yield from _walk_broken_multipart(part, content_type, defects, depth)
    elif is_body_text(part, content_type):
        yield Leaf(part, content_type, PartKind.BODY_TEXT)
    else:
        yield Leaf(part, content_type, PartKind.ATTACHMENT)


def _walk_broken_multipart(part: Message, content_type: str, defects: list[str], depth: int) -> Iterator[Leaf]:
    """A multipart whose boundary is missing or wrong: walk it with the real one, or read it as text."""
    body = payload(part, defects)
    boundary = _guess_boundary(body)
    if boundary is not None and depth < MAX_DEPTH:
        defects.append(f"{content_type} boundary missing or wrong; read with the boundary found in the body")
        header = f'Content-Type: {content_type}; boundary="{boundary}"\r\n\r\n'.encode()
        repaired = BytesParser(policy=policy.default).parsebytes(header + body)
        if repaired.is_multipart():
            for child in children(repaired):
                yield from walk(child, defects, depth + 1)
            return
    defects.append(f"{content_type} without a usable boundary; the whole body read as text")
    yield Leaf(part, content_type, PartKind.UNREADABLE_MULTIPART)


def _note_parser_defects(part: Message, defects: list[str]) -> None:
    for defect in getattr(part, "defects", []):
        words = _PARSER_DEFECTS.get(type(defect).__name__)
        if words and words not in defects:
            defects.append(words)


_BOUNDARY_LINE = re.compile(rb"^--([^\s\"]{1,200}?)(--)?[ \t]*\r?$", re.MULTILINE)


def _guess_boundary(body: bytes) -> str | None:
    """The delimiter a broken multipart really uses: the commonest "--token" line."""
    counts: dict[bytes, int] = {}
    for match in _BOUNDARY_LINE.finditer(body):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda token: counts[token])
    return best.decode("ascii", "replace") if best.isascii() else None


# -- the attachments, recorded and found again ----------------------------------------------------


def attachment_record(leaf: Leaf) -> Attachment:
    """How the parser records an attachment leaf: a forwarded message as "<its subject>.eml"."""
    if leaf.content_type == "message/rfc822":
        inner = children(leaf.part)
        subject = collapse_spaces(decode_header_value(raw_header(inner[0], "subject") or "")) if inner else ""
        name = re.sub(r"[\\/:*?\"<>|]", "_", subject)[:120].strip() or "forwarded message"
        return Attachment(f"{name}.eml", "message/rfc822", size(leaf.part))
    return Attachment(filename(leaf.part, leaf.content_type), leaf.content_type, size(leaf.part))


def attachment_leaves(raw: bytes) -> list[Leaf]:
    """The attachments of a raw message, in the order the parser recorded them (none if it could not walk)."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return [leaf for leaf in walk(message, []) if leaf.kind is PartKind.ATTACHMENT]
    except Exception:  # the parser then read the body as text and recorded no attachment
        return []


def attachment_bytes(raw: bytes, index: int, *, content_type: str, filename: str | None) -> bytes | None:
    """The bytes of the index-th attachment recorded by the parser, found again in the raw message.

    Paired by position and checked by content type; failing that, found by its recorded name.
    """
    leaves = attachment_leaves(raw)
    if index < len(leaves) and leaves[index].content_type == content_type.lower():
        return leaf_bytes(leaves[index])
    for leaf in leaves:
        if filename and attachment_record(leaf).filename == filename:
            return leaf_bytes(leaf)
    return None


def leaf_bytes(leaf: Leaf) -> bytes:
    """A file's decoded bytes; a forwarded message as the message itself (an .eml file)."""
    if leaf.content_type.startswith("message/"):
        inner = children(leaf.part)
        return inner[0].as_bytes() if inner else leaf.part.as_bytes()
    return payload(leaf.part)


# -- part accessors that never raise ------------------------------------------------------------


def raw_header(message: Message, name: str) -> str | None:
    """The first raw value of a header, without going through the (strict) header classes."""
    for key, value in message.raw_items():
        if key.lower() == name:
            return value[:MAX_HEADER_CHARS]
    return None


def content_type_of(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # a header the strict classes choke on: fall back to the raw text
        raw = raw_header(part, "content-type") or "text/plain"
        return raw.split(";", 1)[0].strip().lower() or "text/plain"


def param(part: Message, name: str, default: str | None = None) -> str | None:
    try:
        value = part.get_param(name)
    except Exception:
        return default
    if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
        value = value[2]
    return str(value) if value is not None else default


def children(part: Message) -> list[Message]:
    found = part.get_payload()
    return [child for child in found if isinstance(child, Message)] if isinstance(found, list) else []


def payload(part: Message, defects: list[str] | None = None) -> bytes:
    """The decoded bytes of a leaf part (base64 and quoted-printable undone, tolerantly)."""
    encoding = (raw_header(part, "content-transfer-encoding") or "").strip().lower()
    if encoding == "base64":
        try:
            text = part.get_payload()
        except Exception:  # a charset parameter Python's codecs choke on
            text = None
        if isinstance(text, str):
            # Base64 is ASCII: anything else is damage, skipped like the other stray characters.
            data, clean = decode_base64(text.encode("ascii", "ignore"))
            if not clean and defects is not None:
                defects.append("broken base64 in a part; decoded as far as it goes")
            return data
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    return data if isinstance(data, bytes) else b""


def size(part: Message) -> int:
    try:
        if part.is_multipart():
            return sum(len(child.as_bytes(policy=policy.compat32)) for child in children(part))
        return len(payload(part))
    except Exception:
        return 0


def _disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


def _raw_filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:
        return param(part, "name")


def is_body_text(part: Message, content_type: str) -> bool:
    return (
        content_type in ("text/plain", "text/html") and _disposition(part) != "attachment" and not _raw_filename(part)
    )


def filename(part: Message, content_type: str) -> str:
    """The attachment's name as the sender's client showed it (RFC 2231 and RFC 2047 decoded)."""
    raw = _raw_filename(part)
    if raw:
        name = collapse_spaces(decode_header_value(str(raw)))
        name = "".join(char for char in name if char.isprintable())
        if name:
            return name
    if content_type.startswith("message/"):  # delivery-status, disposition-notification...
        return content_type.split("/", 1)[1] + ".txt"
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"unnamed{extension}"
