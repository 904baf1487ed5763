"""One spelling per mailbox, so that a suppression or a lookup finds the address however it was typed."""

from __future__ import annotations


def normalise_address(address: str, *, plus_addressing: bool = False) -> str:
    """Stripped and lower-cased; with `plus_addressing`, "anne+news@x.fr" is "anne@x.fr".

    The local part is case-sensitive in RFC 5321 section 2.4, but no mail system in use treats
    it so, and a suppression missed over a capital letter is an Art. 21(3) breach.
    """
    cleaned = address.strip().strip("<>").strip().lower()
    if not plus_addressing or "@" not in cleaned:
        return cleaned
    local, _, domain = cleaned.rpartition("@")
    return f"{local.split('+', 1)[0] or local}@{domain}"
