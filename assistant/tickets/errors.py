"""The refusals a staff action can meet, at the bottom of `assistant/tickets/` so that every ticket
module (the service, the lifecycle, the staff actions) raises them without importing each other."""

from __future__ import annotations


class TicketError(Exception):
    """A staff action that cannot be done, said so a person knows what to do next."""


class TicketNotFound(TicketError):
    """The reference names no ticket: callers answer 404 instead of reading the message's text."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"no ticket {reference}")
        self.reference = reference
