"""The requester's own words, made safe to place in a reply as plain data.

Nothing here is ever compiled as a template: these functions only decide what the
value looks like (one line, no control characters) before it is passed as a variable.
"""

from __future__ import annotations

from assistant.mail.headers import one_line


def greeting_name(name: str) -> str:
    """The name to greet the requester by, or "" when we should greet generically.

    A "name" that is really an address (some clients put the address in the display
    name) would read oddly after "Hello", so it is treated as unknown.
    """
    cleaned = one_line(name).strip("\"'")
    if "@" in cleaned:
        return ""
    return cleaned
