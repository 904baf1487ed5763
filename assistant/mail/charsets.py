"""Text out of mail bytes: charsets, base64 and RFC 2047 encoded words, read with fallbacks.

Mail arrives labelled with charsets that do not exist, lies about the one it uses, and puts raw
8-bit bytes in headers. Text is decoded as declared, then as UTF-8, then windows-1252, then
latin-1, and the function says in words what it had to do (a defect for the message).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re

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



# -- encoded words and raw 8-bit bytes in headers ---------------------------------------------

# RFC 2047 encoded-word; the encoded text should have no spaces, but some mailers put them in.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?(.*?)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])|\r?\n|\r")
_SURROGATES = re.compile("[\ud800-\udfff]")


_EIGHT_BIT_RUN = re.compile("[\x80-\xff]+")


def undo_surrogates(value: str) -> str:
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


def unfold(value: str) -> str:
    """A folded header value on one line (RFC 5322 section 2.2.3); stray CRs and LFs become spaces too."""
    return _FOLD.sub(" ", value)


def decode_header_value(value: str) -> str:
    """A header value as a person reads it: unfolded, 8-bit and RFC 2047 words decoded."""
    value = undo_surrogates(unfold(value))
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
    return storable_text("".join(parts))


def storable_text(text: str) -> str:
    """No NUL (PostgreSQL refuses it in text) and no lone surrogates (not encodable as UTF-8)."""
    return _SURROGATES.sub("\ufffd", text.replace("\x00", ""))


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, trimmed."""
    return " ".join(text.split())

