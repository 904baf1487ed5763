"""Mail sent over SMTP is drafted with the writer's register and the facts of `[company]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Config
from replies.gallery import SAMPLE_COMPANY
from tests.conftest import INBOX, RunningService, make_config
from tests.support.tickets import list_tickets, show_ticket

FORMAL_FRENCH_DELETION = (
    "From: Claire Lefevre <claire.lefevre@example.fr>\r\n"
    f"To: {INBOX}\r\n"
    "Subject: =?utf-8?q?Demande_d=27effacement?=\r\n"
    "Message-ID: <formal-fr-1@example.fr>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Madame, Monsieur,\r\n\r\n"
    "En application de l'article 17 du RGPD, je vous demande de supprimer toutes les données personnelles "
    "me concernant.\r\n\r\n"
    "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.\r\n\r\n"
    "Claire Lefèvre\r\n"
).encode()
CASUAL_SALES_NOTE = (
    "From: Ruth Ford <ruth.ford@example.net>\r\n"
    f"To: {INBOX}\r\n"
    "Subject: pallets\r\n"
    "Message-ID: <casual-en-1@example.net>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "hi, could you send me a quote for 200 euro pallets delivered to Lyon? thx\r\n"
).encode()


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> Config:
    company = {
        "sales_contact": SAMPLE_COMPANY.sales_contact,
        "retention_fr": SAMPLE_COMPANY.retention_fr,
        "retention_en": SAMPLE_COMPANY.retention_en,
    }
    return make_config(tmp_path, database_url, company=company)


async def _draft_of(service: RunningService, sender: str) -> dict:
    ticket = next(t for t in await list_tickets(service.db) if t["requester"] == sender)
    detail = await show_ticket(service.db, ticket["reference"])
    return detail["drafts"][-1]


async def test_mail_is_drafted_in_the_writers_register_with_the_company_facts(service: RunningService) -> None:
    for raw in (FORMAL_FRENCH_DELETION, CASUAL_SALES_NOTE):
        code, reply = await service.send_async(raw)
        assert code == 250, reply
    await service.settle()

    formal = await _draft_of(service, "claire.lefevre@example.fr")
    assert formal["body"].startswith("Madame, Monsieur,\n")
    assert "l'expression de nos salutations distinguées." in formal["body"]
    assert f"- {SAMPLE_COMPANY.retention_fr[1]}" in formal["body"]

    casual = await _draft_of(service, "ruth.ford@example.net")
    assert casual["body"].startswith("Hello Ruth,\n")
    assert SAMPLE_COMPANY.sales_contact in casual["body"]
    assert "[[STAFF" not in casual["body"]
