"""The staff console: sign in, the queue, a ticket, the audit log, and a JSON API under /api/."""

from assistant.web.app import create_app

__all__ = ["create_app"]
