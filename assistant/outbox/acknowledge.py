"""The optional automatic acknowledgement: "we received your request PRIV-..., we answer within one month".

Off unless `[replies] acknowledge = true`. It goes only to a new ticket from a person:
machine mail (auto-replies, bounces, lists) never gets one, since answering it starts a
mail loop (RFC 3834 section 2), and one address gets at most one a day, so a requester
writing five times in a morning, or a loop we failed to spot, is answered once.
Its text, its subject and its To: hold only our own values (the reference, the date, the bare
address), none of the sender's words: not their subject, not their display name (issue 16,
finding 6), so a forged message cannot use it to carry a text of its choosing to anyone. Whether
the sender is forged is decided before (`pipeline/steps/acknowledge.py`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from assistant.config import Config
from assistant.mail.headers import is_own_domain, new_message_id
from assistant.outbox.compose import (
    ComposeError,
    address,
    compose_message,
    display_name,
    html_from_text,
    threading_after,
)
from assistant.outbox.queue import enqueue
from assistant.storage.models import OutboxItem, Ticket, utcnow
from assistant.storage.states import TicketStatus
from assistant.tickets.audit import record_event
from replies.dates import format_date
from replies.language import reply_language

ONCE_PER = timedelta(days=1)

SUBJECTS = {
    "en": "Your request {reference} has been received",
    "fr": "Votre demande {reference} a bien été reçue",
}

TEXTS = {
    "en": (
        "Hello,\n\n"
        "We have received your request about your personal data. Its reference is {reference}: "
        "please keep it in the subject of any message about this request.\n\n"
        "We will answer within one month of receiving it, that is by {due} at the latest "
        "(GDPR Article 12(3)).\n\n"
        "This message was sent automatically; there is no need to reply to it.\n\n"
        "{signature}\n"
    ),
    "fr": (
        "Bonjour,\n\n"
        "Nous avons bien reçu votre demande relative à vos données personnelles. Sa référence est "
        "{reference} : merci de la garder dans l'objet de tout message concernant cette demande.\n\n"
        "Nous vous répondrons dans un délai d'un mois à compter de sa réception, soit au plus tard "
        "le {due} (article 12, paragraphe 3, du RGPD).\n\n"
        "Ce message a été envoyé automatiquement ; il est inutile d'y répondre.\n\n"
        "{signature}\n"
    ),
}


def acknowledgement_text(*, reference: str, due_at: datetime, language: str, timezone: str) -> str:
    language = reply_language(language)
    due = format_date(due_at.astimezone(ZoneInfo(timezone)), language)
    return TEXTS[language].format(reference=reference, due=due, signature=display_name(language))


async def acknowledged_recently(session: AsyncSession, requester: str, *, now: datetime) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        # Two workers filing mail from one sender at once must not both see "none yet": the
        # check and the insert are serialised per address until the transaction ends.
        # (SQLite needs nothing: the filing transaction holds its single writer lock already.)
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:requester))"),
                              {"requester": requester.lower()})
    count = (await session.execute(
        select(func.count(OutboxItem.id)).join(Ticket, Ticket.id == OutboxItem.ticket_id)
        .where(OutboxItem.kind == "acknowledgement", func.lower(Ticket.requester) == requester.lower(),
               OutboxItem.created_at > now - ONCE_PER)
    )).scalar_one()
    return count > 0


def _own_address(requester: str, config: Config) -> bool:
    return is_own_domain(requester.rsplit("@", 1)[-1], config.service.own_domains, subdomains=True)


async def acknowledge(session: AsyncSession, *, ticket: Ticket, parent_id: str | None, parent_raw: bytes | None,
                      config: Config, now: datetime | None = None) -> OutboxItem | None:
    """Queue the acknowledgement of a new ticket, or None when it must not get one."""
    now = now or utcnow()
    if not config.replies.acknowledge or ticket.status == TicketStatus.NOISE or ticket.noise_rule:
        return None
    if "@" not in ticket.requester or _own_address(ticket.requester, config):
        return None
    if await acknowledged_recently(session, ticket.requester, now=now):
        record_event(session, ticket=ticket, actor="system", kind="acknowledgement_skipped",
                     detail=f"{ticket.requester} was already acknowledged in the last 24 hours")
        return None
    language = reply_language(ticket.language)
    text = acknowledgement_text(reference=ticket.reference or "", due_at=ticket.due_at, language=language,
                                timezone=config.service.timezone)
    message_id = new_message_id(config.service.own_domains[0])
    try:
        message = compose_message(
            sender=address(config.outbound.from_address, display_name(language)),
            recipient=address(ticket.requester, ""),
            subject=SUBJECTS[language].format(reference=ticket.reference or ""),
            text=text, html_body=html_from_text(text), language=language, message_id=message_id, date=now,
            threading=threading_after(parent_id, parent_raw),
            auto_submitted="auto-replied",  # RFC 3834 section 5.2: responders must not answer it
            # Exchange and Outlook: no out-of-office reply to this ([MS-OXCMAIL] 2.2.3.2.20).
            extra_headers={"X-Auto-Response-Suppress": "All"},
        )
    except ComposeError as error:
        record_event(session, ticket=ticket, actor="system", kind="acknowledgement_skipped", detail=str(error))
        return None
    return await enqueue(session, kind="acknowledgement", raw=bytes(message), message_id=message_id,
                         sender=config.outbound.from_address, recipients=[ticket.requester], ticket=ticket)
