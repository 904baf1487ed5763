"""One home per vocabulary: the states in `storage/states.py`, the intent labels in `intents.LABELS`.

What people see keyed by a label (the report's names and colours, the console's words, the API's
schema, the chat's requests) must cover exactly the nine labels, so a label added or renamed in
one place cannot silently vanish from another.
"""

from __future__ import annotations

import typing

from sqlalchemy import select

from assistant.chat.conversation import REQUEST_INTENTS
from assistant.reports.chart import PALETTE
from assistant.reports.names import INTENT_NAMES, UNCLASSIFIED, intent_order
from assistant.storage.database import Database
from assistant.storage.models import Ticket
from assistant.storage.states import TICKET_STATUSES, DraftStatus, MessageState, OutboxState, TicketStatus
from assistant.tickets.audit import set_status
from assistant.tickets.service import get_ticket
from assistant.web.routes.api import Intent
from assistant.web.strings import STRINGS
from intents import LABELS
from tests.support.web import make_ticket


def test_every_place_keyed_by_a_label_has_exactly_the_nine() -> None:
    assert len(LABELS) == len(set(LABELS)) == 9
    assert set(INTENT_NAMES) == set(PALETTE) == {*LABELS, UNCLASSIFIED}
    assert typing.get_args(Intent) == LABELS
    assert sorted(REQUEST_INTENTS) == ["access", "complaint", "deletion", "objection", "opt_out", "portability",
                                       "rectification"]
    for language, strings in STRINGS.items():
        assert {key.removeprefix("intent.") for key in strings if key.startswith("intent.")} == set(LABELS), language


def test_the_report_lists_labels_in_the_taxonomy_order_and_unknown_ones_last() -> None:
    counts = {"zzz": 1, UNCLASSIFIED: 2, "access": 3, "complaint": 4, "opt_out": 5}
    assert intent_order(counts) == ["complaint", "access", "opt_out", UNCLASSIFIED, "zzz"]


def test_the_states_are_the_stored_strings() -> None:
    """The database keeps the strings; the enums must never change them (no migration was written)."""
    assert list(MessageState) == ["stored", "processed", "failed"]
    assert list(TicketStatus) == ["awaiting_approval", "open", "answered", "closed", "noise"]
    assert list(DraftStatus) == ["pending", "approved", "rejected", "sent", "superseded"]
    assert list(OutboxState) == ["queued", "sending", "sent", "failed", "unknown", "cancelled"]
    assert [type(status) for status in TICKET_STATUSES] == [str] * 5  # plain strings for argparse and the API


async def test_a_status_set_through_the_enum_is_stored_and_found_as_its_string(db: Database) -> None:
    reference = await make_ticket(db, status="awaiting_approval")
    async with db.session() as session, session.begin():
        set_status(session, await get_ticket(session, reference), TicketStatus.ANSWERED, actor="ada")
    async with db.session() as session:
        stored = (await session.execute(select(Ticket.status).where(Ticket.reference == reference))).scalar_one()
        found = (await session.execute(select(Ticket.reference).where(Ticket.status == "answered"))).scalars()
        assert (stored, type(stored), list(found)) == ("answered", str, [reference])
