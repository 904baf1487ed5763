"""The JSON API under /api/, for scripts: the same actions and roles as the console, with an API token
(`Authorization: Bearer <token>`, from `privacy-assistant users token NAME`). No cookies: no CSRF to guard."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.storage.models import User
from assistant.tickets.service import TicketError, TicketNotFound, get_ticket
from assistant.tickets.shapes import AuditEventOut, TicketOut, TicketSummary
from assistant.tickets.suppression import suppression_list
from assistant.tickets.views import ticket_detail
from assistant.web.access import ApiAdmin, ApiUser, console_of
from assistant.web.audit_log import AuditFilters, audit_page, parse_day
from assistant.web.ticket_actions import ActionInput, perform_as
from assistant.web.ticket_queue import MAX_PER_PAGE, PER_PAGE, STATUS_CHOICES, normalise_filters, queue_page
from intents import LABELS

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid API token"},
    403: {"description": "The account's role does not allow this"},
}
TICKET_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"description": "The body is not valid JSON"},
    404: {"description": "No such ticket"},
    409: {"description": "The action was refused; `detail` says why"},
}



schema_router = APIRouter(include_in_schema=False)


@schema_router.get("/openapi.json")
async def openapi_schema(request: Request, user: ApiUser) -> JSONResponse:
    """The OpenAPI schema, for the holders of an API token only: nothing of the console is public."""
    return JSONResponse(request.app.openapi())


def reject_unknown_query(request: Request) -> None:
    """A misspelt filter (`?stauts=open`) is refused rather than silently ignored: the script's
    author learns of it instead of acting on the wrong tickets."""
    route = request.scope.get("route")
    known = _query_names(route.dependant) if route else set()
    unknown = sorted(set(request.query_params) - known)
    if unknown:  # the same 422 shape as any other invalid parameter
        raise RequestValidationError([{"type": "extra_forbidden", "loc": ("query", name[:80]),
                                       "msg": "Unknown query parameter", "input": None} for name in unknown[:10]])


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS, dependencies=[Depends(reject_unknown_query)])
StatusFilter = Literal[STATUS_CHOICES]  # type: ignore[valid-type]
Intent = Literal[LABELS]  # type: ignore[valid-type]


class Me(BaseModel):
    name: str
    role: Literal["staff", "admin"]


class QueueOut(BaseModel):
    total: int
    page: int
    pages: int
    per_page: int
    tickets: list[TicketSummary]


class EventsOut(BaseModel):
    total: int
    page: int
    events: list[AuditEventOut]


class Versioned(BaseModel):
    version: int | None = Field(None, ge=1, description=(
        "The ticket version you acted on (the ticket's `version`); refused with 409 if it changed since"))


class DraftEdit(Versioned):
    body: str = Field(min_length=1, max_length=100_000)


class Approval(Versioned):
    body: str | None = Field(None, max_length=100_000, description="Save this text as the draft before approving")


class Reason(Versioned):
    reason: str = Field(min_length=1, max_length=5_000)


class OptionalReason(Versioned):
    reason: str = Field("", max_length=5_000)


class Classification(Versioned):
    intents: list[Intent] = Field(min_length=1, max_length=9)
    primary: Intent
    discard_edits: bool = Field(False, description="Replace a draft that has saved edits (kept in its history)")


class Merge(Versioned):
    into: str = Field(min_length=1, max_length=32, description="Reference of the ticket to keep")
    reason: str = Field("", max_length=5_000,
                        description="Required, from an admin, when the two tickets have different requesters")


class Fulfilment(Versioned):
    note: str = Field("", max_length=5_000, description="What was done, for the reply")
    informed: list[str] = Field(default_factory=list, max_length=10,
                                description="Erasure: recipient categories informed (GDPR Art. 19)")


class Question(Versioned):
    question: str = Field(min_length=1, max_length=5_000)


class Verification(Versioned):
    note: str = Field(min_length=1, max_length=5_000, description="How identity was established")


class Suppressed(BaseModel):
    address: str
    since: str
    ticket: str | None


class Extension(Versioned):
    months: Literal[1, 2]
    reason: str = Field(min_length=1, max_length=5_000)


@router.get("/me", response_model=Me)
async def me(user: ApiUser) -> Me:
    return Me(name=user.name, role=user.role)


@router.get("/tickets", response_model=QueueOut)
async def list_tickets(
    request: Request,
    user: ApiUser,
    status: StatusFilter = "active",
    intent: Intent | None = None,
    language: Annotated[str, Query(max_length=8)] = "",
    needs_review: bool = False,
    overdue: bool = False,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> QueueOut:
    """The queue in the console's order: awaiting approval first, then by due date."""
    filters = normalise_filters(
        status=status, intent=intent or "", language=language, needs_review=needs_review, overdue=overdue, search=q
    )
    async with console_of(request).db.session() as session:
        result = await queue_page(session, filters, page=page, per_page=per_page)
    return QueueOut(
        total=result.total,
        page=result.page,
        pages=result.pages,
        per_page=result.per_page,
        tickets=[TicketSummary.of(row.ticket, row.draft_status) for row in result.rows],
    )


async def _detail(request: Request, reference: str) -> TicketOut:
    async with console_of(request).db.session() as session:
        try:
            ticket = await get_ticket(session, reference, full=True)
        except TicketNotFound:
            raise HTTPException(404, f"no ticket {reference[:40]}") from None
        return await ticket_detail(session, ticket)


@router.get("/tickets/{reference}", response_model=TicketOut, responses=TICKET_ERRORS)
async def show_ticket(request: Request, user: ApiUser, reference: str) -> TicketOut:
    return await _detail(request, reference)


async def _act(request: Request, reference: str, action: str, user: User, given: ActionInput,
               sent: Versioned) -> TicketOut:
    try:
        await perform_as(console_of(request), user, reference=reference, action=action,
                         given=replace(given, version=sent.version))
    except TicketNotFound:
        raise HTTPException(404, f"no ticket {reference[:40]}") from None
    except TicketError as refused:
        raise HTTPException(409, str(refused)) from None
    return await _detail(request, reference)


@router.put("/tickets/{reference}/draft", response_model=TicketOut, responses=TICKET_ERRORS)
async def edit(request: Request, user: ApiUser, reference: str, change: DraftEdit) -> TicketOut:
    """Replace the pending draft's text."""
    return await _act(request, reference, "save", user, ActionInput(body=change.body), change)


@router.post("/tickets/{reference}/approve", response_model=TicketOut, responses=TICKET_ERRORS)
async def approve(request: Request, user: ApiUser, reference: str, approval: Approval) -> TicketOut:
    """Approve the pending draft (optionally with a new text); the reply is then sent."""
    return await _act(request, reference, "approve", user, ActionInput(body=approval.body), approval)


@router.post("/tickets/{reference}/reject", response_model=TicketOut, responses=TICKET_ERRORS)
async def reject(request: Request, user: ApiUser, reference: str, why: Reason) -> TicketOut:
    return await _act(request, reference, "reject", user, ActionInput(reason=why.reason), why)


@router.post("/tickets/{reference}/reclassify", response_model=TicketOut, responses=TICKET_ERRORS)
async def reclassify(request: Request, user: ApiUser, reference: str, classification: Classification) -> TicketOut:
    """Correct the intents (kept to retrain the model); a new draft is written."""
    return await _act(
        request,
        reference,
        "reclassify",
        user,
        ActionInput(intents=list(classification.intents), primary=classification.primary,
                    discard_edits=classification.discard_edits),
        classification,
    )


@router.post("/tickets/{reference}/merge", response_model=TicketOut, responses=TICKET_ERRORS)
async def merge(request: Request, user: ApiUser, reference: str, merge: Merge) -> TicketOut:
    """Merge this ticket into another; the answer is the ticket kept."""
    await _act(request, reference, "merge", user, ActionInput(into=merge.into, reason=merge.reason), merge)
    return await _detail(request, merge.into)


@router.post("/tickets/{reference}/extend", response_model=TicketOut, responses=TICKET_ERRORS)
async def extend(request: Request, user: ApiUser, reference: str, extension: Extension) -> TicketOut:
    """Extend the deadline by one or two months (GDPR Art. 12(3)), with the reason."""
    return await _act(request, reference, "extend", user,
                      ActionInput(months=extension.months, reason=extension.reason), extension)


@router.post("/tickets/{reference}/fulfil", response_model=TicketOut, responses=TICKET_ERRORS)
async def fulfil(request: Request, user: ApiUser, reference: str, fulfilment: Fulfilment) -> TicketOut:
    """Draft the fulfilment (refused while identity is pending); sent, it stops the clock."""
    return await _act(request, reference, "fulfil", user,
                      ActionInput(note=fulfilment.note, informed=list(fulfilment.informed)), fulfilment)


@router.post("/tickets/{reference}/refuse", response_model=TicketOut, responses=TICKET_ERRORS)
async def refuse(request: Request, user: ApiUser, reference: str, why: Reason) -> TicketOut:
    """Draft a refusal with its reasons, the right to complain to the CNIL and to a judicial remedy (Art. 12(4))."""
    return await _act(request, reference, "refuse", user, ActionInput(reason=why.reason), why)


@router.post("/tickets/{reference}/clarify", response_model=TicketOut, responses=TICKET_ERRORS)
async def clarify(request: Request, user: ApiUser, reference: str, question: Question) -> TicketOut:
    """Draft a question to the requester; once it is sent the clock pauses until they answer."""
    return await _act(request, reference, "clarify", user, ActionInput(note=question.question), question)


@router.post("/tickets/{reference}/verify", response_model=TicketOut, responses=TICKET_ERRORS)
async def verify(request: Request, user: ApiUser, reference: str, verification: Verification) -> TicketOut:
    """Record that staff established the requester's identity, and how."""
    return await _act(request, reference, "verify", user, ActionInput(note=verification.note), verification)


@router.post("/tickets/{reference}/override", response_model=TicketOut, responses=TICKET_ERRORS)
async def override(request: Request, user: ApiAdmin, reference: str, why: Reason) -> TicketOut:
    """Admins: proceed without establishing identity, with the reason (audited)."""
    return await _act(request, reference, "override", user, ActionInput(reason=why.reason), why)


class Assignment(Versioned):
    assignee: str = Field("", max_length=120, description="A console account's name; empty for nobody")


class Note(BaseModel):
    note: str = Field(min_length=1, max_length=10_000, description="Never sent; @name mentions a colleague")


class FreeReply(Versioned):
    body: str = Field(min_length=1, max_length=100_000)
    language: Literal["en", "fr"]


@router.post("/tickets/{reference}/assign", response_model=TicketOut, responses=TICKET_ERRORS)
async def assign(request: Request, user: ApiUser, reference: str, to: Assignment) -> TicketOut:
    return await _act(request, reference, "assign", user, ActionInput(assignee=to.assignee), to)


@router.post("/tickets/{reference}/notes", response_model=TicketOut, responses=TICKET_ERRORS)
async def note(request: Request, user: ApiUser, reference: str, added: Note) -> TicketOut:
    return await _act(request, reference, "note", user, ActionInput(note=added.note), Versioned())


@router.post("/tickets/{reference}/reply", response_model=TicketOut, responses=TICKET_ERRORS)
async def reply(request: Request, user: ApiUser, reference: str, written: FreeReply) -> TicketOut:
    """A reply in the staff's own words, as the new pending draft (approve it to send it)."""
    return await _act(request, reference, "compose", user, ActionInput(body=written.body, language=written.language),
                      written)


@router.post("/tickets/{reference}/reopen", response_model=TicketOut, responses=TICKET_ERRORS)
async def reopen(request: Request, user: ApiUser, reference: str, why: Reason) -> TicketOut:
    """Reopen a closed ticket, with the reason; the deadline is kept (GDPR Art. 12(3))."""
    return await _act(request, reference, "reopen", user, ActionInput(reason=why.reason), why)


@router.get("/suppression", response_model=list[Suppressed])
async def suppression(request: Request, user: ApiUser) -> list[Suppressed]:
    """The addresses that must get no marketing, for the marketing system to sync (GDPR Art. 21(3))."""
    async with console_of(request).db.session() as session:
        return [Suppressed(**entry.to_json()) for entry in await suppression_list(session)]


@router.post("/tickets/{reference}/close", response_model=TicketOut, responses=TICKET_ERRORS)
async def close(request: Request, user: ApiUser, reference: str, why: OptionalReason) -> TicketOut:
    return await _act(request, reference, "close", user, ActionInput(reason=why.reason), why)


@router.get("/events", response_model=EventsOut)
async def events(
    request: Request,
    user: ApiAdmin,
    actor: Annotated[str, Query(max_length=120)] = "",
    kind: Annotated[str, Query(max_length=48)] = "",
    reference: Annotated[str, Query(max_length=32)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> EventsOut:
    """The audit log (admins only), newest first. `since`/`until` are dates, YYYY-MM-DD."""
    console = console_of(request)
    filters = AuditFilters(actor=actor, kind=kind, reference=reference, since=parse_day(since), until=parse_day(until))
    async with console.db.session() as session:
        rows, total = await audit_page(session, filters, console.timezone, page=page)
    return EventsOut(
        total=total, page=page, events=[AuditEventOut.of_ticket(event, reference) for event, reference in rows]
    )
