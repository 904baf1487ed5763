"""Mail-text primitives: reply prefixes, one-line header text, Message-IDs, our own domains.

One home for each, so that threading, reply subjects, the classifier, noise rules and the
outbox read a subject or a header the same way (issue 10: four prefix lists used to disagree,
and "RE[2]:" threaded as a reply while the classifier read that subject as new text).
Nothing here touches the network, the database or the email package's parser.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

# -- reply and forward prefixes ---------------------------------------------------------------

# Reply and forward markers of common clients, English, French and others: "Re:", "RE[2]:",
# "Re(3):", "Réf. :", "AW:", "SV:", "VS:", "Antw:" answer; "Fwd:", "FW:", "TR:", "Trans:", "WG:"
# forward. With or without the space French typography puts before ":", repeated and mixed.
_REPLY_MARKS = r"re|ré|réf\.?|ref\.?|aw|sv|vs|antw"
_FORWARD_MARKS = r"fw|fwd|tr|trans|wg"
_PREFIX_SHAPE = r"\s*(?:{marks})\s*(?:\[\d+\]|\(\d+\))?\s*:\s*"
_REPLY_PREFIX = re.compile(_PREFIX_SHAPE.format(marks=_REPLY_MARKS), re.IGNORECASE)
_ANY_PREFIX = re.compile(_PREFIX_SHAPE.format(marks=f"{_REPLY_MARKS}|{_FORWARD_MARKS}"), re.IGNORECASE)


def reply_prefix_end(subject: str, *, forwards: bool = True) -> int:
    """Where the text after the leading reply (and forward) prefixes starts; 0 when there are none."""
    prefix = _ANY_PREFIX if forwards else _REPLY_PREFIX
    end = 0
    while match := prefix.match(subject, end):
        end = match.end()
    return end


def strip_reply_prefixes(subject: str, *, forwards: bool = True) -> str:
    """The subject without its leading prefixes ("RE[2]: TR : Réf. : Effacement" -> "Effacement").

    With `forwards=False` only answer prefixes go, up to the first forward marker: a reply to
    "Fwd: My data" is "Re: Fwd: My data", as mail clients write it (RFC 5322 section 3.6.5).
    """
    subject = subject or ""
    return subject[reply_prefix_end(subject, forwards=forwards):]


def is_reply_subject(subject: str) -> bool:
    """True when the subject starts with a reply or forward prefix: it repeats an earlier topic."""
    return reply_prefix_end(subject or "") > 0


# -- one line of header text ------------------------------------------------------------------

# C0/C1 controls, DEL and the Unicode line and paragraph separators: any of them in a value that
# ends up in a mail header could start a new header line (RFC 5322 section 2.2): the
# header-injection defence. Folding whitespace (RFC 5322 section 2.2.3) unfolds with them.
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")
MAX_HEADER_TEXT = 250


def one_line(text: str) -> str:
    """Unfolded, CR, LF, tabs and other control characters turned to single spaces, trimmed."""
    return _SPACES.sub(" ", _LINE_BREAKERS.sub(" ", text or "")).strip()


def has_line_breaker(text: str) -> bool:
    """True when `text` holds a character that could end a header line."""
    return _LINE_BREAKERS.search(text or "") is not None


def header_text(value: str, limit: int = MAX_HEADER_TEXT) -> str:
    """One line of header text, cut at a word past `limit` characters (with "…")."""
    text = one_line(value)
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] or text[:limit]
        text = text.rstrip() + "…"
    return text


# -- Message-IDs ------------------------------------------------------------------------------

# A msg-id inside its angle brackets (RFC 5322 section 3.6.4), whatever lies between ids.
_ID_IN_BRACKETS = re.compile(r"<([^<>\s]+)>")
# A msg-id without its brackets, printable ASCII only: what we are willing to write back.
_WELL_FORMED_ID = re.compile(r"[!-;=?A-~]{1,250}@[!-;=?A-~]{1,250}")


def message_ids(value: str | None) -> list[str]:
    """Ids from In-Reply-To/References as received, in order and once each.

    Tolerates commas, comments and other junk between ids; when no id has brackets, the
    words holding an "@" are taken (some clients drop the brackets).
    """
    if not value:
        return []
    found = _ID_IN_BRACKETS.findall(value)
    if not found:
        found = [token.strip("<>\"'") for token in re.split(r"[\s,;]+", value) if "@" in token]
    return list(dict.fromkeys(token for token in found if token))


def message_id_from_header(value: str | None) -> str | None:
    """The id of a Message-ID header, without brackets: one reading for intake, parsing and threading."""
    ids = message_ids(value)
    if ids:
        return ids[0]
    if value and value.strip(" <>\t\r\n"):
        return value.split()[0].strip("<>") or None
    return None


def new_message_id(domain: str) -> str:
    """A Message-ID of ours (without brackets): 32 hex digits at our first domain.

    The shape is what `noise.own_message_id` recognises when our own mail comes back. Callers
    fix it before the first delivery attempt, so a resend never mints a second one.
    """
    return f"{uuid.uuid4().hex}@{domain}"


def is_message_id(value: str | None) -> bool:
    """A msg-id (without brackets) safe to write into our own headers."""
    return bool(value) and _WELL_FORMED_ID.fullmatch(value or "") is not None


def well_formed_message_ids(value: str | None) -> list[str]:
    """The bracketed, well-formed ids of a References or In-Reply-To value; junk is dropped.

    Stricter than `message_ids`: these ids are written back into a reply's headers.
    """
    return [found for found in _ID_IN_BRACKETS.findall(value or "") if is_message_id(found)]


# -- our own domains --------------------------------------------------------------------------


def own_domain_set(own_domains: Iterable[str]) -> frozenset[str]:
    """`[service] own_domains` as compared: trimmed, lower-cased, without a leading "@"."""
    return frozenset(domain.strip().lower().lstrip("@") for domain in own_domains if domain.strip())


def domain_of(value: str) -> str:
    """The domain of an address or of a header value holding one (`robot@example.org>;` -> example.org)."""
    return value.rsplit("@", 1)[1].strip("<> ;").lower() if "@" in (value or "") else ""


def is_own_domain(domain: str, own_domains: Iterable[str], *, subdomains: bool = False) -> bool:
    """True when `domain` is exactly one of ours, case-insensitive (RFC 5321 section 2.4).

    A subdomain ("mail.sodepac.com") is not ours unless `subdomains`: colleagues' clients mint
    Message-IDs and X-Loops under subdomains, and their forwards are requests for a person
    (tests/test_noise.py). The sender check and acknowledgements count subdomains as ours: no
    draft answers, and no acknowledgement goes to, our own systems.
    """
    domain = (domain or "").strip().lower()
    if not domain:
        return False
    owned = own_domain_set(own_domains)
    return domain in owned or (subdomains and any(domain.endswith("." + own) for own in owned))
