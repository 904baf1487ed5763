"""Reading DMARC results from Authentication-Results headers (RFC 8601), trusting only our own server's.

Anyone can write an Authentication-Results header into a message. RFC 8601 section 5 has the
receiving server remove incoming ones that claim its authserv-id and add its own at the top;
so only the headers at the top carrying our `[identity] authserv_id` are read, and reading
stops at the first header from anyone else (everything below it may be the sender's own).
"""

from __future__ import annotations

import re

# A result such as `dmarc=pass (p=reject dis=none) header.from=example.com`.
_COMMENT = re.compile(r"\([^()]*\)")
_PROPERTY = re.compile(r"([A-Za-z0-9_.-]+)\s*=\s*(\"[^\"]*\"|[^\s;]+)")


def _strip_comments(value: str) -> str:
    previous = None
    while previous != value:  # nested comments, innermost first
        previous, value = value, _COMMENT.sub(" ", value)
    return value


def authserv_id(header: str) -> str:
    """The first element of the header: the server that wrote it (an optional version follows)."""
    first = _strip_comments(header).split(";", 1)[0].split()
    return first[0].lower() if first else ""


def dmarc_results(header: str) -> list[dict[str, str]]:
    """Each `dmarc=...` result of one header, as {"dmarc": "pass", "header.from": "example.com"}."""
    results = []
    for clause in _strip_comments(header).split(";")[1:]:
        properties = {name.lower(): value.strip('"').lower() for name, value in _PROPERTY.findall(clause)}
        if "dmarc" in properties:
            results.append(properties)
    return results


def ours_on_top(headers: list[str], server: str) -> list[str]:
    """The headers written by `server`, read from the top down to the first written by anyone else."""
    trusted = []
    for header in headers:
        if authserv_id(header) != server.lower():
            break
        trusted.append(header)
    return trusted


def dmarc_pass(headers: list[str], *, server: str, from_address: str) -> bool:
    """Our server found a DMARC pass for the domain of the From address (RFC 7489 section 11.2)."""
    if not server or "@" not in from_address:
        return False
    domain = from_address.rsplit("@", 1)[1].lower()
    return any(result.get("dmarc") == "pass" and result.get("header.from") == domain
               for header in ours_on_top(headers, server) for result in dmarc_results(header))


def envelope_aligned(envelope_sender: str | None, from_address: str) -> bool:
    """The SMTP envelope sender's domain is the From domain, or one is a subdomain of the other.

    A stricter stand-in for DMARC relaxed alignment (RFC 7489 section 3.1.1) without the public
    suffix list. A null reverse-path (bounces, RFC 5321 section 4.5.5) is never aligned. This
    only says the forger took the trouble to forge both: proof comes from DMARC (`dmarc_pass`).
    """
    if not envelope_sender or "@" not in envelope_sender or "@" not in (from_address or ""):
        return False
    envelope = envelope_sender.rsplit("@", 1)[1].strip().lower().rstrip(".")
    header = from_address.rsplit("@", 1)[1].strip().lower().rstrip(".")
    if not envelope or not header:
        return False
    return envelope == header or envelope.endswith("." + header) or header.endswith("." + envelope)
