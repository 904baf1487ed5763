"""Logs name tickets by reference and messages by id: what people wrote and their addresses stay out.

Our own log lines are written that way (the SMTP edge redacts a refused recipient to its first
letter and domain). Some libraries log protocol lines or SQL parameters, which carry raw mail,
addresses and draft text, and are held to warnings whatever the level, `-v` included:

- aiosmtpd (`mail.log`): every SMTP command line at INFO (`MAIL FROM:<address>`), DATA lines at DEBUG;
- aiosqlite: every statement with its parameters at DEBUG;
- imapclient: the server's FETCH responses, whole messages, at DEBUG;
- aiosmtplib and SQLAlchemy's engine: protocol lines and parameters when their debugging is on.

SQLAlchemy's error messages would also quote parameters: the engine is created with
`hide_parameters=True` (assistant.storage.database), so an exception logged with its traceback
shows the statement, never the values.
"""

from __future__ import annotations

import logging

CONTENT_LOGGERS = ("mail.log", "aiosqlite", "imapclient", "aiosmtplib", "sqlalchemy.engine")


def keep_content_out_of_logs() -> None:
    for name in CONTENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
