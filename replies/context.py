"""The variables a draft's templates receive: the ticket's facts, the company's, the wording choices.

Everything the requester wrote reaches the templates as plain values (see `replies.requester`);
the company's facts come from `[company]` in the reply's language.
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.mail.headers import one_line
from replies.contacts import pick_team
from replies.dates import format_date
from replies.keywords import normalise
from replies.policy import Passage, Topic, passage, passages_for, pick_topics
from replies.recipients import recipient_label
from replies.register import salutation
from replies.types import CompanyInfo, DraftKind, DraftRequest

# Requests that act on someone's data, for which Art. 12(6) allows asking who is asking; never an
# opt-out, an objection, a question or a complaint (proportionate identity). The one list: the ticket's
# identity rule (assistant/tickets/stages.py) and the chat use it too.
NEEDS_IDENTITY = frozenset({"access", "deletion", "portability", "rectification"})
# Intents whose reply is itself the answer (the ANSWER kind).
ANSWERED_BY_THE_REPLY = frozenset({"question", "complaint", "other"})

# The supervisory authority of the controller's main establishment (GDPR Art. 77), as the CNIL
# itself publishes its postal address.
CNIL = "CNIL (Commission nationale de l'informatique et des libertés), 3 Place de Fontenoy, TSA 80715, " \
       "75334 Paris Cedex 07, www.cnil.fr"

class Tense(StrEnum):
    """How an intent's paragraph speaks: what we will do, what we did, or the answer itself."""

    PROMISE = "promise"
    DONE = "done"
    ANSWER = "answer"


_TENSES = {
    DraftKind.ACKNOWLEDGEMENT: Tense.PROMISE,
    DraftKind.IDENTITY_REQUEST: Tense.PROMISE,
    DraftKind.EXTENSION_NOTICE: Tense.PROMISE,
    DraftKind.CLARIFICATION: Tense.PROMISE,
    DraftKind.REFUSAL: Tense.PROMISE,
    DraftKind.FULFILMENT: Tense.DONE,
    DraftKind.ANSWER: Tense.ANSWER,
}


def company_facts(company: CompanyInfo, language: str) -> dict:
    """The company's facts in the reply's language; "" (or []) where the officer has not said."""
    french = language == "fr"
    return {
        "name": one_line(company.name),
        "postal_address": one_line(company.postal_address),
        "phone": one_line(company.phone),
        "privacy_email": one_line(company.privacy_email),
        "dpo": one_line(company.dpo),
        "contacts": {
            "sales": one_line(company.sales_contact),
            "support": one_line(company.support_contact),
            "invoices": one_line(company.accounts_contact),
            "careers": one_line(company.recruitment_contact),
        },
        "retention": [one_line(line) for line in (company.retention_fr if french else company.retention_en) if line],
        "storage": one_line(company.storage_fr if french else company.storage_en),
        "transfers": one_line(company.transfers_fr if french else company.transfers_en),
    }


def _earlier(request: DraftRequest, language: str) -> dict | None:
    earlier = request.earlier_request
    if earlier is None:
        return None
    return {
        "reference": one_line(earlier.reference),
        "received_date": format_date(earlier.received_at, language),
        "due_date": format_date(earlier.due_at, language),
        # Compared with the complaint's own receipt, so that the same ticket always drafts the same words.
        "overdue": earlier.due_at < request.received_at,
    }


_MARKETING_WORDS = re.compile(r"marketing|newsletter|prospect|promot|publicit|advert|commercial|demarchage|mailing")


def already_done(request: DraftRequest, intents: list[str], text: str) -> list[str]:
    """Intents in effect before anyone approves anything: an opt-out, or an objection to direct
    marketing, once the address is suppressed (Art. 21(3): absolute and immediate)."""
    if not request.suppressed:
        return []
    done = [intent for intent in intents if intent == "opt_out"]
    if "objection" in intents and ("opt_out" not in intents or _MARKETING_WORDS.search(normalise(text))):
        done.append("objection")
    return done


def _quotes_by_topic(topics: list[Topic], language: str) -> dict[str, list[Passage]]:
    """Each topic's policy passages, each passage quoted once (under the first topic that needs it)."""
    quoted: set[str] = set()
    quotes: dict[str, list[Passage]] = {}
    for topic in topics:
        keys = [key for key in passages_for([topic]) if key not in quoted]
        quoted.update(keys)
        quotes[topic.name] = [passage(key, language) for key in keys]
    return quotes


def _opening_kind(kind: DraftKind, actions: list[str], identity_intents: list[str]) -> str:
    """The first sentence follows the kind, except where the kind does not fit the intents: an answer
    to an action request announces the action; an identity request for requests that need no check
    (Art. 12(6) applies to access, erasure, portability, rectification, objection) acknowledges or
    answers; an acknowledgement or fulfilment with no action to report (a question, a complaint) answers."""
    if kind is DraftKind.IDENTITY_REQUEST and not identity_intents:
        kind = DraftKind.ACKNOWLEDGEMENT
    if kind is DraftKind.ANSWER and actions:
        return str(DraftKind.ACKNOWLEDGEMENT)
    if kind in (DraftKind.FULFILMENT, DraftKind.ACKNOWLEDGEMENT) and not actions:
        return str(DraftKind.ANSWER)
    return str(kind)


def draft_context(request: DraftRequest, language: str, intents: list[str], company: CompanyInfo) -> dict:
    """The variables every template receives; the requester's words are plain values."""
    kind = DraftKind(request.kind)  # a plain string from a caller is checked here
    text = request.new_text
    topics = pick_topics(text) if "question" in intents else []
    greeting = salutation(text, request.requester_name, language)
    done = already_done(request, intents, text)
    actions = [intent for intent in intents if intent not in ANSWERED_BY_THE_REPLY]
    needing_identity = [intent for intent in intents if intent in NEEDS_IDENTITY and intent not in done]
    return {
        "language": language,
        "kind": str(kind),
        "stage": str(_TENSES[kind]),
        "opening": _opening_kind(kind, actions, needing_identity),
        "reference": one_line(request.reference),
        "requester_email": one_line(request.requester_email),
        "received_date": format_date(request.received_at, language),
        "due_date": format_date(request.due_at, language),
        "greeting": greeting.greeting,
        "closing": greeting.closing,
        "register": str(greeting.register),
        "intents": intents,
        "actions": actions,  # what the request asks us to do, in order
        "already_done": done,  # of those, what is in effect already (the suppression list)
        "promised": [intent for intent in actions if intent not in done],
        "identity_pending": request.identity_pending,
        "identity_intents": needing_identity,
        "representative": request.representative if request.representative in ("parent", "third_party") else "",
        "suppressed": request.suppressed,
        "earlier": _earlier(request, language),
        "extension_months": request.extension_months,
        "staff_note": request.staff_note.strip(),
        "attachments": [one_line(name) for name in request.attachments if one_line(name)],
        "recipients_informed": [recipient_label(one_line(name), language)
                                for name in request.recipients_informed if one_line(name)],
        "company": company_facts(company, language),
        "cnil": CNIL,
        "topics": [topic.name for topic in topics],
        "quotes": _quotes_by_topic(topics, language),
        "team": pick_team(text) if "other" in intents else "",
    }
