"""Builds the complete RFC 5322 message of a reply before the first delivery attempt.

The bytes made here are stored in the outbox and sent unchanged on every attempt, so the
Message-ID, the Date and the threading headers never change between a first try and a retry.
Everything that came from the requester (their name, their subject, their Message-IDs) is
treated as hostile: folded to one line or dropped, so it can never add a header (RFC 5322
section 2.2) nor be read as a template.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import format_datetime

import nh3

from assistant.mail.headers import has_line_breaker, header_text, is_message_id, well_formed_message_ids

# Our own mail coming back to the inbox is recognised by this header (assistant/mail/noise.py).
LOOP_HEADER = "X-SODEPAC-Privacy-Loop"

# The name shown beside the contact address, in the reply's language.
DISPLAY_NAMES = {
    "fr": "SODEPAC INTERNATIONAL – Protection des données",
    "en": "SODEPAC INTERNATIONAL Privacy",
}

# RFC 5322 section 3.6.4 lets a long References chain be trimmed: keep its first id
# (the thread's root) and the newest ones.
MAX_REFERENCES = 20


class _MessageIdsHeader(UnstructuredHeader):
    """In-Reply-To and References, folded one msg-id a line and never RFC 2047-encoded.

    The library folds these as free text: an id longer than a line (Exchange makes them)
    would come out as an encoded-word, which no mail client matches, and the reply would
    fall out of its thread (RFC 5322 section 3.6.4 wants the bare msg-ids).
    """

    max_count = 1

    def fold(self, *, policy: policy.Policy) -> str:  # type: ignore[override]
        return f"{self.name}: " + f"{policy.linesep} ".join(str(self).split()) + policy.linesep


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("in-reply-to", _MessageIdsHeader)
_HEADERS.map_to_type("references", _MessageIdsHeader)
# CRLF line ends and 78-column folding for transmission (RFC 5322 section 2.1.1).
MAIL_POLICY = policy.SMTP.clone(header_factory=_HEADERS)


class ComposeError(ValueError):
    """The reply cannot be addressed or built, said so staff can fix the ticket."""


@dataclass(frozen=True)
class Threading:
    """Where the reply sits in the requester's thread (ids without angle brackets)."""

    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


def threading_after(parent_id: str | None, parent_raw: bytes | None) -> Threading:
    """In-Reply-To and References for a reply to one message (RFC 5322 section 3.6.4).

    References is the parent's References (or, lacking it, its single In-Reply-To) followed
    by the parent's own id.
    """
    if not is_message_id(parent_id):
        return Threading()
    chain: list[str] = []
    if parent_raw:
        try:
            headers = BytesHeaderParser(policy=policy.compat32).parsebytes(parent_raw)
            chain = well_formed_message_ids(" ".join(str(v) for v in headers.get_all("References") or []))
            if not chain:
                in_reply_to = well_formed_message_ids(" ".join(str(v) for v in headers.get_all("In-Reply-To") or []))
                chain = in_reply_to[:1] if len(in_reply_to) == 1 else []
        except Exception:  # a header block too broken to read: thread under the parent alone
            chain = []
    chain = [identifier for identifier in chain if identifier != parent_id] + [parent_id or ""]
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1):]
    return Threading(in_reply_to=parent_id, references=tuple(chain))


def address(addr_spec: str, display_name: str = "") -> Address:
    """An address header value; refuses an address that is not one plain addr-spec."""
    addr_spec = (addr_spec or "").strip()
    if not addr_spec or has_line_breaker(addr_spec) or " " in addr_spec or addr_spec.count("@") != 1:
        raise ComposeError(f"not a usable email address: {header_text(addr_spec, 80)!r}")
    name = header_text(display_name, 120).strip("\"'")
    if "@" in name:  # an address used as a name only repeats it, and looks like spoofing
        name = ""
    try:
        return Address(display_name=name, addr_spec=addr_spec)
    except (ValueError, IndexError) as error:
        raise ComposeError(f"not a usable email address: {header_text(addr_spec, 80)!r}") from error


def html_from_text(text: str) -> str:
    """The text as escaped HTML paragraphs: used when staff edited the text of a draft."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if part.strip()]
    body = "\n".join(f"<p>{html.escape(part).replace(chr(10), '<br>' + chr(10))}</p>" for part in paragraphs)
    return f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n"


def safe_html(markup: str) -> str:
    """Our rendered HTML with anything active (script, handlers, styles that load) removed."""
    return nh3.clean(markup)


def compose_message(*, sender: Address, recipient: Address, subject: str, text: str, html_body: str,
                    language: str, message_id: str, date: datetime, threading: Threading = Threading(),
                    auto_submitted: str = "no", extra_headers: dict[str, str] | None = None,
                    attachments: tuple[tuple[str, str, bytes], ...] = ()) -> EmailMessage:
    """A multipart/alternative message: text/plain first, text/html as the richer alternative.

    With attachments (name, content type, bytes), such as the copy of the data sent with a
    fulfilment, the whole is multipart/mixed (RFC 2046 section 5.1.3) with the files after the text."""
    if not is_message_id(message_id):
        raise ComposeError(f"not a usable Message-ID: {message_id!r}")
    language = header_text(language, 16) or "en"
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = header_text(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = f"<{message_id}>"
    if threading.in_reply_to:
        message["In-Reply-To"] = f"<{threading.in_reply_to}>"
    if threading.references:
        message["References"] = " ".join(f"<{identifier}>" for identifier in threading.references)
    # RFC 3834 section 5: "no" says a person decided this message; an acknowledgement says
    # "auto-replied" so that well-behaved responders do not answer it.
    message["Auto-Submitted"] = auto_submitted
    message[LOOP_HEADER] = "1"
    for name, value in (extra_headers or {}).items():
        message[name] = header_text(value)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html_body, subtype="html", charset="utf-8")
    # Set after the content: set_content() clears every Content-* header.
    message["Content-Language"] = language  # RFC 3282
    for part in message.iter_parts():
        part["Content-Language"] = language
    for filename, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(data, maintype=maintype or "application", subtype=subtype or "octet-stream",
                               filename=header_text(filename, 255) or "attachment")
    return message


def display_name(language: str) -> str:
    return DISPLAY_NAMES.get(language, DISPLAY_NAMES["en"])


__all__ = ["DISPLAY_NAMES", "LOOP_HEADER", "ComposeError", "Threading", "address", "compose_message",
           "display_name", "html_from_text", "safe_html",
           "threading_after"]
