"""The requester's own words, made safe to place in a reply as plain data.

Nothing here is ever compiled as a template: these functions only decide what the
value looks like (one line, no control characters) before it is passed as a variable.
"""

from __future__ import annotations

import re

# C0/C1 controls, DEL and the Unicode line/paragraph separators: any of them in a value
# that ends up in a mail header could start a new header line (RFC 5322 section 2.2).
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Fold CR, LF, tabs and other control characters to single spaces."""
    return _SPACES.sub(" ", _LINE_BREAKERS.sub(" ", text)).strip()


def greeting_name(name: str) -> str:
    """The name to greet the requester by, or "" when we should greet generically.

    A "name" that is really an address (some clients put the address in the display
    name) would read oddly after "Hello", so it is treated as unknown.
    """
    cleaned = one_line(name).strip("\"'")
    if "@" in cleaned:
        return ""
    return cleaned
