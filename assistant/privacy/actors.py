"""Who did it: every export, erasure and purge names a console account (`--by`, checked for every
command in `assistant/cli/common.py`), the system user who ran the command, or `system` for the daily run."""

from __future__ import annotations

import getpass


def command_line_user() -> str:
    """Who ran a command that names no account: the system user, so the trail still says who."""
    try:
        return f"cli:{getpass.getuser()}"[:120]
    except (OSError, KeyError):  # no user name in this environment
        return "cli"
