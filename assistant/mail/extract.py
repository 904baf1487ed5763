"""The new text of a message: what its writer wrote this time, in English or French.

The classifier must read the request, not the thread it answers, the phone's
signature or the legal footer the writer's mail server appends: a quoted "please
delete my account" from an earlier message is not a new request.

Rules, applied in this order to the unquoted lines:
1. cut at the first reply or forward boundary (an attribution line such as
   "On ... wrote:" / "Le ... a écrit :", an Outlook header block, an
   "Original Message" / "Message transféré" separator);
2. drop lines quoted with ">" (RFC 3676 section 4.5), which keeps the writer's
   own lines of an inline reply;
3. cut at the signature delimiter "-- " (RFC 3676 section 4.3) or a mobile
   signature ("Sent from my iPhone", "Envoyé depuis ...");
4. cut a trailing block of legal disclaimers and newsletter footers.
If nothing is left, the unquoted original text is returned instead: the writer
wrote something, and an empty text would be read as no request at all.
"""

from __future__ import annotations

import re

# --- 1. Where a quoted reply or a forwarded message starts ---------------------------------------

# Attribution lines written by mail clients above the quoted message. They may wrap over two
# lines (long names and addresses), so a line and the next one are also tried together.
_ATTRIBUTION = re.compile(
    r"^(?:On\s.+\swrote|Le\s.+\sa\s+écrit|.+<[^>\s]+@[^>\s]+>\s+a\s+écrit)\s*:\s*$",
    re.IGNORECASE,
)

# Lines that only a mail client writes between the new text and the older one.
_SEPARATOR = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:Original Message|Message d[’']origine|Message original|Mail original"
    r"|Forwarded message|Message transféré|Message réexpédié)\s*-{2,}"
    r"|Begin forwarded message\s*:|Début du message (?:réexpédié|transféré)\s*:"
    r")\s*$",
    re.IGNORECASE,
)

# Outlook quotes the previous message under a block of header fields instead of ">" lines.
_HEADER_FROM = re.compile(r"^\s*\*?(?:From|De)\s*\*?\s*:\s*\*?\s*\S", re.IGNORECASE)
_HEADER_FIELD = re.compile(
    r"^\s*\*?(?:Sent|Date|To|Cc|Subject|Reply-To|Envoyé|À|A|Objet|Répondre à)\s*\*?\s*:",
    re.IGNORECASE,
)
_HEADER_FIELDS_NEEDED = 2  # "From:" plus two of Sent/To/Subject: a writer's line rarely looks so
_HEADER_LOOKAHEAD = 5
_RULE_LINE = re.compile(r"^\s*[_\-=]{10,}\s*$")  # the line Outlook draws above its header block

# --- 2-3. Quotes and signatures ------------------------------------------------------------------

_QUOTED = re.compile(r"^\s*>")
_QUOTE_MARKERS = re.compile(r"^(?:\s*>)+ ?")
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")  # RFC 3676 section 4.3: "-- " (some clients drop the space)
_MOBILE_SIGNATURE = re.compile(
    r"^\s*(?:Sent from my\s|Sent from (?:Outlook|Mail|Yahoo)\b|Sent via\s|Get Outlook for\s"
    r"|Envoyé de mon\s|Envoyé depuis\s|Envoyé à partir de\s|Obtenir Outlook pour\s"
    r"|Télécharger Outlook pour\s).{0,60}$",
    re.IGNORECASE,
)

# --- 4. Legal disclaimers and newsletter footers --------------------------------------------------

# Sentences only a mail server or a mailing tool writes, matched at the start of a line (a writer
# who quotes one inside a sentence keeps it). A leading "*", "[" or "_" from HTML is tolerated.
_LINE_START = r"^[\s*\[_]{0,3}"
_BOILERPLATE = re.compile(
    _LINE_START + r"(?:"
    # English disclaimers
    r"(?:this|the information in this) (?:e-?mail|message|communication)\b.{0,160}?"
    r"\b(?:confidential|privileged|intended (?:solely |only |exclusively )?for)"
    r"|if you (?:have )?received this (?:e-?mail|message|communication) (?:in error|by mistake)"
    r"|if you are not the intended recipient"
    r"|(?:confidentiality notice|confidentiality|disclaimer|legal notice|privileged (?:and|&) confidential)"
    r"\s*(?::|$)"
    r"|(?:please )?(?:consider|think of) the environment before printing"
    # French disclaimers
    r"|(?:ce|le présent) (?:message|courriel|e-?mail|mail)\b.{0,160}?\b(?:confidenti|destinés? )"
    r"|si vous (?:avez reçu|recevez) ce (?:message|courriel|e-?mail|mail) par erreur"
    r"|si vous n[’']êtes pas (?:le|la|les) destinataire"
    r"|(?:avertissement|avis de confidentialité|clause de confidentialité|mentions? légales?)\s*(?::|$)"
    r"|(?:merci de )?pensez? à l[’']environnement avant d[’']imprimer"
    # newsletter footers, English then French
    r"|you (?:are receiving|received) this (?:e-?mail|message|newsletter)"
    r"|to unsubscribe\b.{0,40}\bclick|click here to unsubscribe|if you no longer wish to receive"
    r"|unsubscribe\b.{0,40}(?:https?://|<|\||\[)"
    r"|vous recevez (?:cet?|ce) (?:e-?mail|email|courriel|message|mail|newsletter|lettre)"
    r"|pour (?:vous )?(?:désabonner|désinscrire)\b.{0,40}\bcliquez"
    r"|cliquez ici pour (?:vous )?(?:désabonner|désinscrire)|si vous ne souhaitez plus recevoir"
    r"|se désabonner\b.{0,40}(?:https?://|<|\||\[)"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
# A footer often carries short lines between its sentences (an address, "Se désabonner", a link
# bar): up to this many such paragraphs are cut with it, if none of them speaks in the first person.
_FURNITURE_PARAGRAPHS = 2
_FURNITURE_MAX_CHARS = 240
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|je|j[’']|moi|mon|ma|mes)\b", re.IGNORECASE)

_BLANK_RUNS = re.compile(r"\n{3,}")


def extract_new_text(body: str) -> str:
    """The part of `body` its writer wrote now, or the unquoted body if nothing else is left."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[: _boundary_index(lines)]
    lines = [line for line in lines if not _QUOTED.match(line)]
    lines = lines[: _signature_index(lines)]
    lines = lines[: _trailing_boilerplate_index(lines)]
    new_text = _tidy(lines)
    return new_text if new_text else _unquoted(body)


def _boundary_index(lines: list[str]) -> int:
    """Index of the first line of a quoted reply or forwarded message (len(lines) if none)."""
    for index, line in enumerate(lines):
        if not line.strip() or _QUOTED.match(line):
            continue
        if _SEPARATOR.match(line) or _is_attribution(line, lines[index + 1 : index + 2]):
            return index
        if _starts_header_block(lines, index):
            previous = index - 1
            while previous >= 0 and not lines[previous].strip():
                previous -= 1
            return previous if previous >= 0 and _RULE_LINE.match(lines[previous]) else index
    return len(lines)


def _is_attribution(line: str, following: list[str]) -> bool:
    """Whether `line` (alone or wrapped onto the next line) is a client's "On ... wrote:" line.

    A date or an address is required, so that a writer's "On Monday you wrote:" is kept.
    """
    candidates = [line.strip()]
    if following and following[0].strip():
        candidates.append(f"{line.strip()} {following[0].strip()}")
    for candidate in candidates:
        if _ATTRIBUTION.match(candidate) and (
            "@" in candidate or any(character.isdigit() for character in candidate)
        ):
            return True
    return False


def _starts_header_block(lines: list[str], index: int) -> bool:
    if not _HEADER_FROM.match(lines[index]):
        return False
    following = lines[index + 1 : index + 1 + _HEADER_LOOKAHEAD]
    return sum(1 for line in following if _HEADER_FIELD.match(line)) >= _HEADER_FIELDS_NEEDED


def _signature_index(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if _SIGNATURE_DELIMITER.match(line) or _MOBILE_SIGNATURE.match(line):
            return index
    return len(lines)


def _trailing_boilerplate_index(lines: list[str]) -> int:
    """Index where a trailing block of disclaimers or footers starts (len(lines) if none).

    Paragraphs are walked from the end: a paragraph with a boilerplate sentence moves the cut up
    to that sentence; short impersonal paragraphs between such sentences are cut with them; the
    walk stops at the first paragraph the writer wrote.
    """
    cut = len(lines)
    furniture_left = _FURNITURE_PARAGRAPHS
    for start, end in reversed(_paragraphs(lines)):
        text = "\n".join(lines[start:end])
        match = _BOILERPLATE.search(text)
        if match:
            cut = start + text.count("\n", 0, match.start())
            furniture_left = _FURNITURE_PARAGRAPHS
            if cut > start:
                break
        elif furniture_left and len(text) <= _FURNITURE_MAX_CHARS and not _FIRST_PERSON.search(text):
            furniture_left -= 1
        else:
            break
    return cut


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the runs of non-blank lines."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    for index, line in enumerate(lines):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            ranges.append((start, index))
            start = None
    if start is not None:
        ranges.append((start, len(lines)))
    return ranges


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _unquoted(body: str) -> str:
    """The whole body without quote markers, attribution lines, separators or header fields."""
    lines = [_QUOTE_MARKERS.sub("", line) for line in body.replace("\r\n", "\n").split("\n")]
    kept = [
        line
        for index, line in enumerate(lines)
        if not (
            _SEPARATOR.match(line)
            or _is_attribution(line, [])
            or _RULE_LINE.match(line)
            or _HEADER_FROM.match(line)
            or _HEADER_FIELD.match(line)
            or (index > 0 and _is_attribution(lines[index - 1], [line]))
            or _is_attribution(line, lines[index + 1 : index + 2])
        )
    ]
    return _tidy(kept) or body.strip()
