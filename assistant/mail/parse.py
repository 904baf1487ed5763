"""Reading raw mail into a `ParsedMail`, whatever arrives.

The inbox receives mail from every client ever written and from the open internet, so
parsing never raises: what cannot be read is read as well as possible and `defects` says,
in words, what was wrong. The message is parsed from BYTES with `email.policy.default`
(decoding to `str` first would lose 8-bit text in unknown charsets); text is decoded with
fallbacks (charsets.py) and the MIME tree walked by the one walker (mime.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime

from assistant.mail.charsets import (
    collapse_spaces,
    decode_bytes,
    decode_header_value,
    storable_text,
    undo_surrogates,
    unfold,
)
from assistant.mail.headers import message_id_from_header, message_ids
from assistant.mail.html_text import html_to_text
from assistant.mail.mime import (
    MAX_HEADER_CHARS,
    PartKind,
    attachment_record,
    content_type_of,
    param,
    payload,
    raw_header,
    walk,
)
from assistant.mail.types import Attachment, ParsedMail

MAX_HEADERS = 500  # a real message has a few dozen; thousands are an attack or a loop

# -- headers ----------------------------------------------------------------------------------


def _message_ids(value: str | None) -> list[str]:
    """Ids from In-Reply-To/References, 8-bit bytes and NULs made harmless first."""
    return message_ids(storable_text(undo_surrogates(value))) if value else []


_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*", re.UNICODE)


def _sender(value: str | None) -> tuple[str, str, str | None]:
    """(address, display name, defect) from a From header, however malformed."""
    if value is None:
        return "", "", "no From header"
    unfolded = storable_text(undo_surrogates(unfold(value)))
    name, address = parseaddr(unfolded)
    defect = None
    if not _ADDRESS.fullmatch(address):
        found = _ADDRESS.search(unfolded)
        address = found.group(0) if found else ""
        name = unfolded.split("<", 1)[0] if "<" in unfolded else ""
        defect = f"malformed From header {collapse_spaces(unfolded)[:80]!r}" + ("" if address else "; no address found")
    name = collapse_spaces(decode_header_value(name)).strip("\"' ")
    return address.strip().lower(), name, defect


def _date(value: str | None) -> tuple[datetime | None, str | None]:
    if not value:
        return None, None
    try:
        parsed = parsedate_to_datetime(collapse_spaces(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, f"unreadable Date header {collapse_spaces(value)[:60]!r}"
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
        key = storable_text(undo_surrogates(name)).strip().lower()
        headers.setdefault(key, []).append(decode_header_value(value))
    return headers


# -- body -------------------------------------------------------------------------------------


class _Reader:
    """Reads the leaves of the one MIME walk (mime.py), collecting body texts, attachments and defects."""

    def __init__(self, defects: list[str]) -> None:
        self.defects = defects
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []

    def read(self, message: Message) -> tuple[str, str | None, list[Attachment]]:
        """(text, html, attachments) of the whole message; text/plain preferred over HTML."""
        for leaf in walk(message, self.defects):
            if leaf.kind is PartKind.ATTACHMENT:
                self.attachments.append(attachment_record(leaf))
            elif leaf.kind is PartKind.BODY_TEXT:
                (self.plain if leaf.content_type == "text/plain" else self.html).append(self._text_of(leaf.part))
            else:
                self.plain.append(self._decoded(payload(leaf.part), leaf.part).replace("\r\n", "\n"))
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
        return self._decoded(payload(message, self.defects), message).replace("\r\n", "\n"), None, []

    def _decoded(self, data: bytes, part: Message) -> str:
        text, defect = decode_bytes(data, param(part, "charset"))
        if defect:
            self.defects.append(defect)
        return storable_text(text)

    def _text_of(self, part: Message) -> str:
        data = payload(part, self.defects)
        text, defect = decode_bytes(data, param(part, "charset"))
        if defect:
            self.defects.append(defect)
        if "\x00" in text:
            self.defects.append("NUL characters removed from the text")
        text = storable_text(text).replace("\r\n", "\n").replace("\r", "\n")
        if param(part, "format", "").lower() == "flowed":
            text = unflow(text, delsp=param(part, "delsp", "").lower() == "yes")
        return text


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
        text=storable_text(text),
        html=None,
        defects=defects,
        content_type="application/octet-stream",
    )


def _parsed_mail(message: Message, body: tuple[str, str | None, list[Attachment]], defects: list[str]) -> ParsedMail:
    text, html, attachments = body
    headers = _header_table(message, defects)

    def first(name: str) -> str | None:
        return raw_header(message, name)

    from_address, from_name, from_defect = _sender(first("from"))
    date, date_defect = _date(first("date"))
    defects.extend(defect for defect in (from_defect, date_defect) if defect)
    return ParsedMail(
        message_id=message_id_from_header(first("message-id")),
        in_reply_to=_message_ids(first("in-reply-to")),
        references=_message_ids(first("references")),
        from_address=from_address,
        from_name=from_name,
        subject=collapse_spaces(decode_header_value(first("subject") or "")),
        date=date,
        text=text,
        html=html,
        attachments=attachments,
        headers=headers,
        content_type=content_type_of(message),
        defects=list(dict.fromkeys(defects)),
    )
