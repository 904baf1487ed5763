"""Staff actions from the console and the API: the table in `assistant/tickets/staff_actions.py`,
performed under the signed-in member of staff's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.tickets.staff_actions import ACTIONS, OUTCOMES, ActionInput, perform

if TYPE_CHECKING:
    from assistant.storage.models import User
    from assistant.web.console import Console

__all__ = ["ACTIONS", "OUTCOMES", "ActionInput", "perform_as"]


async def perform_as(console: Console, user: User, *, reference: str, action: str, given: ActionInput) -> str:
    """`perform` for a signed-in member of staff, as the HTML forms and the API both call it."""
    async with console.db.session() as session:
        return await perform(session, console.config, reference=reference, action=action, by=user.name, given=given,
                      on_approved=console.on_approved)
