"""Reading raw mail into a `ParsedMail`, whatever arrives.

The inbox receives mail from every client ever written and from the open internet, so
parsing never raises: what cannot be read is read as well as possible and `defects` says,
in words, what was wrong. The message is parsed from BYTES with `email.policy.default`
(decoding to `str` first would lose 8-bit text in unknown charsets), and text is decoded
with fallbacks: declared charset, then UTF-8, then windows-1252, then latin-1.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime

from assistant.mail.headers import message_id_from_header, message_ids
from assistant.mail.html_text import html_to_text
from assistant.mail.types import Attachment, ParsedMail

MAX_HEADERS = 500  # a real message has a few dozen; thousands are an attack or a loop
MAX_HEADER_CHARS = 16_384  # per header value kept in `headers`
MAX_DEPTH = 32  # MIME nesting we follow before giving up on a branch
_HEADER_SCAN_BYTES = 256 * 1024  # `is_mail_message` and `content_hash` look this far for headers

# -- charsets ---------------------------------------------------------------------------------

# Labels real mailers write that Python does not know.
_CHARSET_ALIASES = {
    "utf8mb4": "utf-8",  # MySQL's names, leaked by web forms
    "utf8mb3": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "cp1252",
}
# WHATWG Encoding: the "iso-8859-1" and "latin1" labels mean windows-1252 in practice (Outlook
# and old webmails label cp1252 text with them). Only the C1 bytes differ, which latin-1 would
# turn into invisible control characters instead of smart quotes and the euro sign.
_READ_AS = {"iso8859-1": "cp1252", "latin-1": "cp1252"}
_FALLBACK_CHARSETS = ("utf-8", "cp1252")
# Single-byte labels that clients put on UTF-8 text by mistake. Non-ASCII text that is valid
# UTF-8 is almost never real latin-1 ("Ã©" sequences), so UTF-8 wins for these labels.
_OFTEN_MISLABELLED = frozenset({"cp1252", "ascii"})


def _text_codec(charset: str | None) -> str | None:
    """The Python codec for a declared charset, or None when it is unknown or not a text codec."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    # codecs like "base64", "zlib" or "rot13" exist but are not charsets.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return _READ_AS.get(info.name, info.name)


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Decode `data` as declared, falling back; returns (text, defect or None)."""
    codec = _text_codec(charset)
    if codec in _OFTEN_MISLABELLED and not data.isascii():
        try:
            return data.decode("utf-8"), f"text labelled {charset} is UTF-8; read as utf-8"
        except UnicodeDecodeError:
            pass
    if codec is not None:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    for fallback in _FALLBACK_CHARSETS:
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        if charset is None and data.isascii():
            return text, None
        return text, _charset_defect(charset, codec, fallback)
    return data.decode("latin-1", errors="replace"), _charset_defect(charset, codec, "latin-1")


def _charset_defect(charset: str | None, codec: str | None, used: str) -> str:
    used = "windows-1252" if used == "cp1252" else used
    if not charset:
        return f"8-bit text without a declared charset; read as {used}"
    if codec is None:
        return f"unknown charset {charset!r}; read as {used}"
    return f"text is not valid {charset}; read as {used}"


# -- headers ----------------------------------------------------------------------------------

# RFC 2047 encoded-word; the encoded text should have no spaces, but some mailers put them in.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?(.*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r?\n|\r")
_SURROGATES = re.compile("[\ud800-\udfff]")


_EIGHT_BIT_RUN = re.compile("[\x80-\xff]+")


def _undo_surrogates(value: str) -> str:
    """Raw 8-bit bytes in headers come out of the parser as surrogates: decode them for real."""
    if not _SURROGATES.search(value):
        return value
    raw = value.encode("utf-8", "surrogateescape")
    # Each run of 8-bit bytes on its own: one header may mix UTF-8 and latin-1 words.
    return _EIGHT_BIT_RUN.sub(
        lambda run: decode_bytes(run.group(0).encode("latin-1"), "utf-8")[0], raw.decode("latin-1")
    )


def decode_base64(data: bytes) -> tuple[bytes, bool]:
    """Base64 read as far as it goes; returns (bytes, whether it was well formed).

    Characters outside the alphabet are skipped; "=" padding in the middle (mailers that
    encode line by line) restarts decoding; a dangling last character is dropped.
    """
    chunks = [re.sub(rb"[^A-Za-z0-9+/]", b"", chunk) for chunk in re.split(rb"=+", data)]
    decoded = bytearray()
    clean = not re.search(rb"[^A-Za-z0-9+/=\s]", data)
    for chunk in chunks:
        if len(chunk) % 4 == 1:
            chunk, clean = chunk[:-1], False
        try:
            decoded += base64.b64decode(chunk + b"=" * (-len(chunk) % 4))
        except (binascii.Error, ValueError):
            clean = False
    return bytes(decoded), clean


def _decode_word(match: re.Match[str]) -> str:
    charset, encoding, encoded = match.group(1), match.group(2).lower(), match.group(3)
    charset = charset.split("*", 1)[0]  # RFC 2231 section 5: charset*language
    try:
        if encoding == "q":
            data = binascii.a2b_qp(encoded.encode("utf-8"), header=True)
        else:
            data, _ = decode_base64(encoded.encode("utf-8"))
    except (binascii.Error, ValueError):
        return match.group(0)
    if not data and encoded.strip():
        return match.group(0)  # nothing decodable: show the word as it came
    text, _ = decode_bytes(data, charset)
    return text


def decode_header_value(value: str) -> str:
    """A header value as a person reads it: unfolded, 8-bit and RFC 2047 words decoded."""
    value = _undo_surrogates(_FOLD.sub(" ", value))
    parts: list[str] = []
    position = 0
    previous_was_word = False
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        # RFC 2047 section 6.2: whitespace between adjacent encoded-words is not displayed.
        if not (previous_was_word and not between.strip()):
            parts.append(between)
        parts.append(_decode_word(match))
        position = match.end()
        previous_was_word = True
    parts.append(value[position:])
    return _clean("".join(parts))


def _clean(text: str) -> str:
    """No NUL (PostgreSQL refuses it in text) and no lone surrogates (not encodable as UTF-8)."""
    return _SURROGATES.sub("\ufffd", text.replace("\x00", ""))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _message_ids(value: str | None) -> list[str]:
    """Ids from In-Reply-To/References, 8-bit bytes and NULs made harmless first."""
    return message_ids(_clean(_undo_surrogates(value))) if value else []


_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*", re.UNICODE)


def _sender(value: str | None) -> tuple[str, str, str | None]:
    """(address, display name, defect) from a From header, however malformed."""
    if value is None:
        return "", "", "no From header"
    unfolded = _clean(_undo_surrogates(_FOLD.sub(" ", value)))
    name, address = parseaddr(unfolded)
    defect = None
    if not _ADDRESS.fullmatch(address):
        found = _ADDRESS.search(unfolded)
        address = found.group(0) if found else ""
        name = unfolded.split("<", 1)[0] if "<" in unfolded else ""
        defect = f"malformed From header {_collapse(unfolded)[:80]!r}" + ("" if address else "; no address found")
    name = _collapse(decode_header_value(name)).strip("\"' ")
    return address.strip().lower(), name, defect


def _date(value: str | None) -> tuple[datetime | None, str | None]:
    if not value:
        return None, None
    try:
        parsed = parsedate_to_datetime(_collapse(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"unreadable Date header {_collapse(value)[:60]!r}"
    if parsed.tzinfo is None:  # RFC 5322 section 3.3: "-0000" means UTC, local zone unknown
        parsed = parsed.replace(tzinfo=UTC)
    return parsed, None


def _header_table(message: Message, defects: list[str]) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    items = list(message.raw_items())
    if len(items) > MAX_HEADERS:
        defects.append(f"{len(items)} header lines; only the first {MAX_HEADERS} kept")
    for name, value in items[:MAX_HEADERS]:
        if len(value) > MAX_HEADER_CHARS:
            defects.append(f"header {name[:40]} is {len(value)} characters long; cut")
            value = value[:MAX_HEADER_CHARS]
        key = _clean(_undo_surrogates(name)).strip().lower()
        headers.setdefault(key, []).append(decode_header_value(value))
    return headers


def _raw_header(message: Message, name: str) -> str | None:
    """The first raw value of a header, without going through the (strict) header classes."""
    for key, value in message.raw_items():
        if key.lower() == name:
            return value[:MAX_HEADER_CHARS]
    return None


# -- body -------------------------------------------------------------------------------------

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


class _Reader:
    """Walks the MIME tree once, collecting body texts, attachments and defects."""

    def __init__(self, defects: list[str]) -> None:
        self.defects = defects
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []

    def read(self, message: Message) -> tuple[str, str | None, list[Attachment]]:
        """(text, html, attachments) of the whole message; text/plain preferred over HTML."""
        self.walk(message)
        html = "\n".join(self.html) if self.html else None
        if self.plain:
            text = "\n".join(self.plain)
        elif html is not None:
            text = html_to_text(html)
        else:
            text = ""
        return text, html, self.attachments

    def read_as_text(self, message: Message) -> tuple[str, str | None, list[Attachment]]:
        """The body of a message parsed headers-only, read as one plain text."""
        text, defect = decode_bytes(_payload(message, self.defects), _param(message, "charset"))
        if defect:
            self.defects.append(defect)
        return _clean(text).replace("\r\n", "\n"), None, []

    def walk(self, part: Message, depth: int = 0) -> None:
        self._note_parser_defects(part)
        if depth > MAX_DEPTH:
            self.defects.append(f"MIME parts nested deeper than {MAX_DEPTH}; the rest ignored")
            return
        content_type = _content_type(part)
        if content_type == "message/rfc822":
            self.attachments.append(_forwarded_message(part))
            return
        if content_type.startswith("message/"):
            # delivery-status, disposition-notification...: machine data, kept as an attachment
            self.attachments.append(Attachment(_filename(part, content_type), content_type, _size(part)))
            return
        if part.is_multipart():
            for child in _children(part):
                self.walk(child, depth + 1)
            return
        if content_type.startswith("multipart/"):
            self._read_broken_multipart(part, content_type, depth)
            return
        if _is_body_text(part, content_type):
            text = self._text_of(part)
            (self.plain if content_type == "text/plain" else self.html).append(text)
        else:
            self.attachments.append(Attachment(_filename(part, content_type), content_type, _size(part)))

    def _text_of(self, part: Message) -> str:
        data = _payload(part, self.defects)
        charset = _param(part, "charset")
        text, defect = decode_bytes(data, charset)
        if defect:
            self.defects.append(defect)
        if "\x00" in text:
            self.defects.append("NUL characters removed from the text")
        text = _clean(text).replace("\r\n", "\n").replace("\r", "\n")
        if _param(part, "format", "").lower() == "flowed":
            text = unflow(text, delsp=_param(part, "delsp", "").lower() == "yes")
        return text

    def _read_broken_multipart(self, part: Message, content_type: str, depth: int) -> None:
        """A multipart whose boundary is missing or wrong: find the real one, or read it as text."""
        body = _payload(part, self.defects)
        boundary = _guess_boundary(body)
        if boundary is not None and depth < MAX_DEPTH:
            self.defects.append(f"{content_type} boundary missing or wrong; read with the boundary found in the body")
            header = f'Content-Type: {content_type}; boundary="{boundary}"\r\n\r\n'.encode()
            repaired = BytesParser(policy=policy.default).parsebytes(header + body)
            if repaired.is_multipart():
                for child in _children(repaired):
                    self.walk(child, depth + 1)
                return
        self.defects.append(f"{content_type} without a usable boundary; the whole body read as text")
        text, defect = decode_bytes(body, _param(part, "charset"))
        if defect:
            self.defects.append(defect)
        self.plain.append(_clean(text).replace("\r\n", "\n"))

    def _note_parser_defects(self, part: Message) -> None:
        for defect in getattr(part, "defects", []):
            words = _PARSER_DEFECTS.get(type(defect).__name__)
            if words and words not in self.defects:
                self.defects.append(words)


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:  # a header the strict classes choke on: fall back to the raw text
        raw = _raw_header(part, "content-type") or "text/plain"
        return raw.split(";", 1)[0].strip().lower() or "text/plain"


def _param(part: Message, name: str, default: str | None = None) -> str | None:
    try:
        value = part.get_param(name)
    except Exception:
        return default
    if isinstance(value, tuple):  # RFC 2231 (charset, language, value)
        value = value[2]
    return str(value) if value is not None else default


def _children(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)] if isinstance(payload, list) else []


def _payload(part: Message, defects: list[str] | None = None) -> bytes:
    """The decoded bytes of a leaf part (base64 and quoted-printable undone, tolerantly)."""
    encoding = (_raw_header(part, "content-transfer-encoding") or "").strip().lower()
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


def _size(part: Message) -> int:
    try:
        if part.is_multipart():
            return sum(len(child.as_bytes(policy=policy.compat32)) for child in _children(part))
        return len(_payload(part))
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
        return _param(part, "name")


def _is_body_text(part: Message, content_type: str) -> bool:
    return (
        content_type in ("text/plain", "text/html") and _disposition(part) != "attachment" and not _raw_filename(part)
    )


def _filename(part: Message, content_type: str) -> str:
    """The attachment's name as the sender's client showed it (RFC 2231 and RFC 2047 decoded)."""
    raw = _raw_filename(part)
    if raw:
        name = _collapse(decode_header_value(str(raw)))
        name = "".join(char for char in name if char.isprintable())
        if name:
            return name
    if content_type.startswith("message/"):  # delivery-status, disposition-notification...
        return content_type.split("/", 1)[1] + ".txt"
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"unnamed{extension}"


def _forwarded_message(part: Message) -> Attachment:
    """A message/rfc822 part: recorded as "<its subject>.eml", never read as our body."""
    inner = _children(part)
    subject = ""
    if inner:
        subject = _collapse(decode_header_value(_raw_header(inner[0], "subject") or ""))
    name = re.sub(r"[\\/:*?\"<>|]", "_", subject)[:120].strip() or "forwarded message"
    return Attachment(f"{name}.eml", "message/rfc822", _size(part))


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


_QUOTE_PREFIX = re.compile(r"^(>+) ?")


def unflow(text: str, *, delsp: bool = False) -> str:
    """Undo RFC 3676 format=flowed: lines ending in a space continue on the next line."""
    out: list[str] = []
    pending: str | None = None
    pending_depth = 0
    for line in text.split("\n"):
        match = _QUOTE_PREFIX.match(line)
        depth = len(match.group(1)) if match else 0
        content = line[match.end() :] if match else line
        if not match and content.startswith(" "):
            content = content[1:]  # RFC 3676 section 4.4: space-stuffing
        if pending is not None and depth == pending_depth:
            content = pending + content
        elif pending is not None:
            out.append(_quoted(pending_depth, pending))
        pending = None
        # RFC 3676 section 4.3: "-- " (signature separator) is never flowed.
        if content.endswith(" ") and content != "-- ":
            pending = content[:-1] if delsp else content
            pending_depth = depth
        else:
            out.append(_quoted(depth, content))
    if pending is not None:
        out.append(_quoted(pending_depth, pending.rstrip()))
    return "\n".join(out)


def _quoted(depth: int, content: str) -> str:
    if not depth:
        return content
    return ">" * depth + (" " + content if content else "")


# -- the message ------------------------------------------------------------------------------


def parse_message(raw: bytes) -> ParsedMail:
    """Everything the pipeline needs from a raw message; never raises.

    Three tries, each more modest: the whole MIME tree; the headers with the body read as
    plain text (MIME nested too deep for the email package); the raw bytes as text.
    """
    defects: list[str] = []
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _parsed_mail(message, _Reader(defects).read(message), defects)
    except Exception as error:
        defects.append(f"MIME structure unreadable ({type(error).__name__}); the body was read as plain text")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        return _parsed_mail(message, _Reader(defects).read_as_text(message), defects)
    except Exception as error:  # last resort: the message is kept, the text is what we can read
        defects.append(f"headers unreadable ({type(error).__name__}); the raw message was read as text")
    text, _ = decode_bytes(raw[:1_000_000], None)
    return ParsedMail(
        message_id=None,
        in_reply_to=[],
        references=[],
        from_address="",
        from_name="",
        subject="",
        date=None,
        text=_clean(text),
        html=None,
        defects=defects,
        content_type="application/octet-stream",
    )


def _parsed_mail(message: Message, body: tuple[str, str | None, list[Attachment]], defects: list[str]) -> ParsedMail:
    text, html, attachments = body
    headers = _header_table(message, defects)

    def first(name: str) -> str | None:
        return _raw_header(message, name)

    from_address, from_name, from_defect = _sender(first("from"))
    date, date_defect = _date(first("date"))
    defects.extend(defect for defect in (from_defect, date_defect) if defect)
    return ParsedMail(
        message_id=message_id_from_header(first("message-id")),
        in_reply_to=_message_ids(first("in-reply-to")),
        references=_message_ids(first("references")),
        from_address=from_address,
        from_name=from_name,
        subject=_collapse(decode_header_value(first("subject") or "")),
        date=date,
        text=text,
        html=html,
        attachments=attachments,
        headers=headers,
        content_type=_content_type(message),
        defects=list(dict.fromkeys(defects)),
    )


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
