"""The contract between the ticket pipeline and reply drafting.

The pipeline chooses the kind of a draft (see `DraftKind`) and says what drafting may
know about the ticket (`DraftRequest`); the company's standing facts come from the
`[company]` config section (`CompanyInfo`). Drafting returns a `RenderedDraft`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from intents.types import Entities


class DraftKind(StrEnum):
    """What a draft does in the life of a request (GDPR Art. 12: inform, act, or refuse with reasons)."""

    ACKNOWLEDGEMENT = "acknowledgement"  # identity established or not needed: what we will do, by when
    IDENTITY_REQUEST = "identity_request"  # identity pending: what we will do once confirmed, asking for the least
    CLARIFICATION = "clarification"  # staff ask the requester a question (`staff_note`); the clock pauses
    EXTENSION_NOTICE = "extension_notice"  # Art. 12(3): extended by 1 or 2 months, the reason, the new date
    FULFILMENT = "fulfilment"  # the request done, per intent
    REFUSAL = "refusal"  # Art. 12(4): the reasons, the right to complain to the CNIL and to a judicial remedy
    ANSWER = "answer"  # question/complaint/other: the answer itself fulfils the request


@dataclass(frozen=True)
class EarlierRequest:
    """An earlier request a complaint is about, found by the pipeline: its deadline is kept."""

    reference: str
    received_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class CompanyInfo:
    """Facts about the company that every reply repeats, filled once in `[company]`.

    The defaults are only what the published privacy policy states ("Contact us"); every
    other fact is empty until the privacy officer fills it in, and a reply that needs an
    empty fact keeps a `[[STAFF: ...]]` placeholder instead of inventing it. Text facts come
    in English and French, since a reply is written in its reader's language.
    """

    name: str = "SODEPAC INTERNATIONAL"
    postal_address: str = "4 Avenue Industrielle, 59320 Hallennes-lez-Haubourdin, France"
    phone: str = "+33 (0)3 20 07 63 43"
    privacy_email: str = "contact-sodepac@sodepac.com"
    dpo: str = ""  # the data protection officer: name and how to reach them (Art. 13(1)(b), 37(7))
    sales_contact: str = ""
    support_contact: str = ""
    accounts_contact: str = ""
    recruitment_contact: str = ""
    retention_en: list[str] = field(default_factory=list)  # one line a category: data, period, legal ground
    retention_fr: list[str] = field(default_factory=list)
    storage_en: str = ""  # where the data is stored (Art. 13(1)(f))
    storage_fr: str = ""
    transfers_en: str = ""  # whether data leaves the EEA and under which safeguards (Art. 44-49)
    transfers_fr: str = ""


@dataclass(frozen=True)
class DraftRequest:
    """Everything drafting may know about a ticket. The requester's words are data only."""

    reference: str  # PRIV-YYYY-NNNNNN
    language: str  # ISO 639-1; anything but "fr" is answered in English
    intents: list[str]  # the intents this draft covers, primary first
    requester_email: str
    requester_name: str  # may be empty
    subject: str  # the requester's subject, may be empty
    received_at: datetime  # in the company's time zone
    due_at: datetime  # the current deadline (after pauses and extension), company time zone
    kind: DraftKind = DraftKind.ACKNOWLEDGEMENT
    new_text: str = ""  # the requester's new text (quotes and signature removed)
    entities: Entities = field(default_factory=Entities)  # what the message mentions, for staff
    identity_pending: bool = False  # the identity paragraph appears only when True
    representative: str = ""  # "" | "parent" (a minor's data) | "third_party" (writing for someone else)
    suppressed: bool = False  # the address is already on the suppression list: the opt-out is done
    earlier_request: EarlierRequest | None = None  # a complaint about an earlier request: its deadline is kept
    extension_months: int = 0  # extension_notice
    staff_note: str = ""  # refusal reasons / clarification question / fulfilment note (what was done)
    attachments: list[str] = field(default_factory=list)  # file names attached to a fulfilment
    recipients_informed: list[str] = field(default_factory=list)  # deletion: recipient categories told (Art. 19)


@dataclass(frozen=True)
class RenderedDraft:
    """A reply ready for staff: plain text and an HTML alternative.

    `placeholders` lists every `[[STAFF: ...]]` left in the text: approval is refused
    while any remains.
    """

    language: str
    subject: str
    text: str
    html: str
    placeholders: list[str]
