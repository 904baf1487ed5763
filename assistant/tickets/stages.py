"""The stages a request goes through, and who is waiting for whom.

    new --first reply sent--> in_progress
    new --identity_request sent--> awaiting_identity (clock paused)
    awaiting_identity --identity established--> in_progress (clock resumes)
    in_progress --clarification sent--> awaiting_information (clock paused)
    awaiting_information --the requester answers--> in_progress (clock resumes)
    new | in_progress --fulfilment or answer sent--> fulfilled   (the clock stops: GDPR Art. 12(3))
    new | in_progress --refusal sent--> refused                   (Art. 12(4))
    any --staff close--> closed; machine mail is filed as noise

A question, a complaint or "other" is fulfilled by its answer. Every change goes through
`assistant.tickets.service.change_stage`, which writes an event saying who and why.
"""

from __future__ import annotations

from enum import StrEnum

from replies.context import ANSWERED_BY_THE_REPLY, NEEDS_IDENTITY


class Stage(StrEnum):
    NEW = "new"
    AWAITING_IDENTITY = "awaiting_identity"
    AWAITING_INFORMATION = "awaiting_information"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    REFUSED = "refused"
    CLOSED = "closed"
    NOISE = "noise"


class Identity(StrEnum):
    """Whether we know the writer controls the address (GDPR Art. 12(6): only when in doubt)."""

    NOT_NEEDED = "not_needed"
    PENDING = "pending"
    VERIFIED = "verified"
    OVERRIDDEN = "overridden"


# Waiting for the requester: the deadline does not run (EDPB Guidelines 01/2022 on the right of access).
PAUSED_STAGES = frozenset({Stage.AWAITING_IDENTITY, Stage.AWAITING_INFORMATION})
# The obligation is discharged or withdrawn: nothing is ever overdue here.
FINISHED_STAGES = frozenset({Stage.FULFILLED, Stage.REFUSED, Stage.CLOSED, Stage.NOISE})
# The rest: the deadline runs (the stages split into these three sets, no stage in two).
RUNNING_STAGES = frozenset(Stage) - PAUSED_STAGES - FINISHED_STAGES

# Requests for which Art. 12(6) allows asking who is asking, and those the answer itself fulfils:
# the drafting's own lists, so the ticket and its reply never disagree.
IDENTITY_INTENTS = NEEDS_IDENTITY
ANSWER_INTENTS = ANSWERED_BY_THE_REPLY
# Art. 21(2)-(3): absolute and immediate, no identity step.
MARKETING_INTENTS = frozenset({"opt_out"})


def identity_for(intents: list[str]) -> Identity:
    """Proportionate identity (Art. 12(6)): only access, deletion, portability and rectification need it."""
    return Identity.PENDING if IDENTITY_INTENTS.intersection(intents) else Identity.NOT_NEEDED
