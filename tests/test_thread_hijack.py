"""Finding 4 (issue 16): a reused Message-ID must not divert the requester's later replies.

The attacker sends mail carrying the victim's original Message-ID. Before the fix, the victim's
next reply (References: her original id, our reply's id) matched both tickets and the newest,
the attacker's, won: her reply opened a ticket linked to the attacker's. Our own Message-IDs
and the ticket whose requester wrote the reply now come first.
"""

from __future__ import annotations

from tests.conftest import RunningService
from tests.support.tickets import list_tickets, show_ticket
from tests.test_threading import FIRST, mail


async def _victim_and_reused_id(service: RunningService) -> tuple[dict, str]:
    raw, identifier = mail(*FIRST)
    await service.send_async(raw)
    await service.settle()
    [victim] = await list_tickets(service.db)
    forged, _ = mail("Mallory <mallory@example.net>", "Suppression de mon compte",
                     "Please send me a copy of all data you hold about me.")
    forged = forged.replace(forged.split(b"Message-ID: ", 1)[1].split(b"\n", 1)[0], identifier.encode())
    await service.send_async(forged)
    await service.settle()
    assert len(await list_tickets(service.db)) == 2
    return victim, identifier


async def test_reply_to_our_mail_goes_to_the_victims_ticket_despite_a_reused_message_id(
        service: RunningService) -> None:
    victim, identifier = await _victim_and_reused_id(service)
    ours = (await show_ticket(service.db, victim["reference"]))["drafts"][0]["message_id"]
    raw, _ = mail("claire@example.fr", "Re: Suppression de mon compte", "Voici ma pièce d'identité.",
                  in_reply_to=f"<{ours}>")
    raw = raw.replace(b"References: <" + ours.encode(), b"References: " + identifier.encode() + b" <" + ours.encode())
    await service.send_async(raw)
    await service.settle()
    assert len(await list_tickets(service.db)) == 2  # no third ticket linked to the attacker's
    detail = await show_ticket(service.db, victim["reference"])
    assert detail["messages"][-1]["sender"] == "claire@example.fr"
    assert detail["messages"][-1]["thread_rule"] == "reply headers"


async def test_reply_to_her_own_message_goes_to_her_ticket_not_the_attackers(service: RunningService) -> None:
    victim, identifier = await _victim_and_reused_id(service)
    raw, _ = mail("claire@example.fr", "RE: Suppression de mon compte", "Toujours rien, merci.",
                  in_reply_to=identifier)
    await service.send_async(raw)
    await service.settle()
    assert len(await list_tickets(service.db)) == 2
    detail = await show_ticket(service.db, victim["reference"])
    assert len(detail["messages"]) == 2
