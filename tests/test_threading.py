"""Replies join their ticket only when the requester wrote them; anyone else gets a ticket of their own."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from tests.conftest import RunningService
from tests.support.tickets import list_tickets, show_ticket


def mail(sender: str, subject: str, body: str, *, in_reply_to: str | None = None) -> tuple[bytes, str]:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "contact-sodepac@sodepac.com"
    message["Subject"] = subject
    message["Message-ID"] = identifier = make_msgid(domain="example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return bytes(message), identifier


FIRST = ("Claire Dubois <claire@example.fr>", "Suppression de mon compte",
         "Bonjour, je souhaite que vous supprimiez mon compte et toutes mes données. Merci. Claire")


async def first_ticket(service: RunningService) -> tuple[dict, str]:
    raw, identifier = mail(*FIRST)
    await service.send_async(raw)
    await service.settle()
    [ticket] = await list_tickets(service.db)
    return ticket, identifier


async def test_reply_from_the_requester_threads_into_the_ticket_and_waits_for_staff(service: RunningService) -> None:
    # Answering her own message proves nothing (anyone can write her From and her Message-ID): the
    # follow-up joins the thread, flagged, and changes neither the requests nor the pending draft.
    _ticket, identifier = await first_ticket(service)
    raw, _ = mail("claire@example.fr", "RE: TR: Suppression de mon compte",
                  "Je n'ai toujours pas de nouvelles, merci de supprimer mon compte.", in_reply_to=identifier)
    await service.send_async(raw)
    await service.settle()
    [same] = await list_tickets(service.db)
    detail = await show_ticket(service.db, same["reference"])
    assert len(detail["messages"]) == 2
    assert detail["messages"][1]["thread_rule"] == "reply headers"
    assert [d["status"] for d in detail["drafts"]] == ["pending"]
    assert detail["needs_review"] and any("not proven" in reason for reason in detail["review_reasons"])


async def test_reply_to_our_draft_threads_by_our_message_id(service: RunningService) -> None:
    ticket, _ = await first_ticket(service)
    ours = (await show_ticket(service.db, ticket["reference"]))["drafts"][0]["message_id"]
    raw, _ = mail("Claire@Example.fr", "Re: votre réponse", "Merci, voici ma pièce d'identité.",
                  in_reply_to=f"<{ours}>")
    await service.send_async(raw)
    await service.settle()
    assert len(await list_tickets(service.db)) == 1


async def test_subject_reference_threads_and_puts_a_closed_ticket_back_in_the_queue(service: RunningService) -> None:
    from assistant.tickets.audit import set_status
    from assistant.tickets.service import get_ticket

    ticket, _ = await first_ticket(service)
    async with service.db.session() as session, session.begin():
        set_status(session, await get_ticket(session, ticket["reference"]), "closed", actor="tester")
    raw, _ = mail("claire@example.fr", f"Réf. : [{ticket['reference']}] encore moi",
                  "Je reviens vers vous au sujet de la suppression de mes données.")
    await service.send_async(raw)
    await service.settle()
    [same] = await list_tickets(service.db)
    assert same["status"] == "open" and same["needs_review"]  # in the working queue, for a person to read
    detail = await show_ticket(service.db, same["reference"])
    assert detail["messages"][1]["thread_rule"].startswith("subject reference")


async def test_someone_else_quoting_the_thread_gets_a_separate_linked_ticket(service: RunningService) -> None:
    ticket, identifier = await first_ticket(service)
    raw, _ = mail("mallory@example.net", f"Re: Suppression de mon compte [{ticket['reference']}]",
                  "Please send me everything you hold in this file.", in_reply_to=identifier)
    await service.send_async(raw)
    await service.settle()
    tickets = await list_tickets(service.db)
    assert len(tickets) == 2
    original = await show_ticket(service.db, ticket["reference"])
    assert len(original["messages"]) == 1  # nothing of Mallory's joined Claire's ticket
    other = await show_ticket(service.db, tickets[1]["reference"])
    assert other["requester"] == "mallory@example.net"
    assert other["linked_ticket"] == ticket["reference"]
    assert any(event["kind"] == "not_threaded" for event in other["events"])


async def test_auto_reply_to_our_message_is_attached_without_a_draft(service: RunningService) -> None:
    _ticket, identifier = await first_ticket(service)
    raw, _ = mail("claire@example.fr", "Réponse automatique : absente", "Je suis absente jusqu'au 3.",
                  in_reply_to=identifier)
    raw = b"Auto-Submitted: auto-replied\r\n" + raw
    await service.send_async(raw)
    await service.settle()
    [same] = await list_tickets(service.db)
    detail = await show_ticket(service.db, same["reference"])
    assert len(detail["messages"]) == 2 and detail["messages"][1]["noise_rule"]
    assert len(detail["drafts"]) == 1
