"""One ticket: its thread, classification, draft and timeline, and the actions staff take on it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from assistant.mail.mime import attachment_bytes
from assistant.storage.models import Message, utcnow
from assistant.storage.states import DraftStatus
from assistant.tickets.actions import MAX_ATTACHMENT_BYTES, Attachment
from assistant.tickets.clock import first_month_end, is_overdue
from assistant.tickets.service import TicketError, TicketNotFound, current_draft, get_ticket
from assistant.tickets.snippets import REPLY_LANGUAGES
from assistant.tickets.staff_actions import StaleVersion, normalised
from assistant.tickets.versions import LastChange, changes_from_previous, draft_history
from assistant.tickets.views import ticket_detail
from assistant.web.access import PageUser, console_of
from assistant.web.attachment_preview import NoPreview, preview_kind, render_preview
from assistant.web.in_words import entity_words, event_words
from assistant.web.pages import render
from assistant.web.queue_context import QueueContext, pinned, queue_context
from assistant.web.queue_order import Neighbours
from assistant.web.sanitize import MESSAGE_HTML_CSP, message_html_document
from assistant.web.ticket_actions import ACTIONS, OUTCOMES, ActionInput, perform_as
from assistant.web.ticket_context import requester_timeline
from assistant.web.ticket_team import team_context
from intents import LABELS
from replies import find_placeholders
from replies.recipients import recipient_label

router = APIRouter(include_in_schema=False)


async def _ticket_page(
    request: Request,
    reference: str,
    *,
    done: str = "",
    error: str = "",
    status_code: int = 200,
    body: str | None = None,
    stale: LastChange | None = None,
    mine: str | None = None,
    compose_text: str = "",
    snippet: int = 0,
    queue_query: str = "",
    fixed: Neighbours | None = None,
) -> Response:
    async with console_of(request).db.session() as session:
        try:
            ticket = await get_ticket(session, reference, full=True)
        except TicketNotFound:
            return _not_found(request, reference)
        detail = (await ticket_detail(session, ticket)).model_dump()
        around = await queue_context(session, ticket, queue_query, user_name=request.state.user.name, fixed=fixed)
        timeline = await requester_timeline(session, ticket)
        draft = await current_draft(session, ticket)
        history = await draft_history(session, ticket)
    async with console_of(request).db.session() as session:
        team = await team_context(session, ticket.id, user_name=request.state.user.name, now=utcnow())
    compose_text = compose_text or next((s.body for s in team.snippets if s.id == snippet), "")
    full_texts = {m.id: m.body_text or "" for m in ticket.messages}
    for message in detail["messages"]:
        message["full_text"] = full_texts.get(message["id"], "")
    events = list(reversed(detail["events"]))
    shown_body = body if body is not None else (draft.body if draft else "")
    zone_name = console_of(request).config.service.timezone
    return render(
        request,
        "ticket.html",
        status_code=status_code,
        ticket=detail,
        draft=draft,
        body=shown_body,
        placeholders=find_placeholders(shown_body) if draft and draft.status == DraftStatus.PENDING else [],
        html_messages={m.id for m in ticket.messages if m.body_html},
        message_languages={m.id: m.language for m in ticket.messages if m.language},
        labels=LABELS,
        done=done if done in ACTIONS or done in OUTCOMES else "",
        error=error,
        events=events,
        due_at=ticket.due_at,
        received_at=ticket.received_at,
        late=is_overdue(ticket, utcnow()),
        can_extend=not ticket.extended_months and utcnow() <= first_month_end(ticket, zone_name),
        scores=sorted((ticket.scores or {}).items(), key=lambda item: -item[1]),
        entities=ticket.entities or {},
        entity_words=entity_words,
        preview_kind=preview_kind,
        event_words=event_words,
        timeline=timeline,
        stale=stale,
        mine=mine if mine is not None and mine != shown_body else None,
        history=history,
        changes=changes_from_previous(history),
        team=team,
        reply_languages=REPLY_LANGUAGES,
        compose_text=compose_text,
        recipient_label=recipient_label,
        around=around,
    )


def _not_found(request: Request, reference: str) -> Response:
    return render(request, "error.html", status_code=404, message_key="ticket.not_found",
                  values={"reference": reference[:40]})




@router.get("/tickets/{reference}")
async def show(request: Request, user: PageUser, reference: str, done: str = "", snippet: int = 0) -> Response:
    """`snippet` starts a free reply from that snippet (the page's script inserts it without a reload);
    the queue's filters and sort, when given, are kept for "Back to the queue", previous and next."""
    params = dict(request.query_params)
    return await _ticket_page(request, reference, done=done, snippet=snippet, queue_query=request.url.query,
                              fixed=pinned(params))


@router.post("/tickets/{reference}/{action}")
async def act(request: Request, user: PageUser, reference: str, action: str) -> Response:
    if action not in ACTIONS:
        return render(request, "error.html", status_code=404, message_key="error.not_found", values={})
    form = await request.form()
    months, version = str(form.get("months", "0")), str(form.get("version", ""))
    queue_query = str(form.get("queue", ""))
    before = await _neighbours_before(request, user, reference, queue_query) if "queue" in form else None
    try:
        given = ActionInput(
            body=str(form["body"]) if "body" in form else None,
            reason=str(form.get("reason", "")),
            intents=[str(value) for value in form.getlist("intents")],
            primary=str(form.get("primary", "")),
            into=str(form.get("into", "")),
            months=int(months) if months.isdigit() else 0,
            note=str(form.get("note", "")),
            informed=[str(value) for value in form.getlist("informed")],
            attachments=[await _uploaded(item) for item in form.getlist("attach")
                         if isinstance(item, UploadFile) and item.filename],
            version=int(version) if version.isdigit() else None,
            assignee=str(form.get("assignee", "")),
            language=str(form.get("language", "")),
            discard_edits=form.get("discard_edits") == "1",
        )
        outcome = await perform_as(console_of(request), user, reference=reference, action=action, given=given)
    except TicketNotFound:
        return _not_found(request, reference)
    except StaleVersion as stale:  # their text in the editor, ours beside it to merge: nothing lost
        return await _ticket_page(request, reference, error=str(stale), status_code=409, stale=stale.change,
                                  mine=_normalised_form_body(form), queue_query=queue_query)
    except TicketError as refused:
        typed = str(form["body"]) if "body" in form else None
        if action == "compose":  # the free reply's text goes back into its own box, not the draft's
            return await _ticket_page(request, reference, error=str(refused), status_code=409,
                                      compose_text=typed or "", queue_query=queue_query)
        return await _ticket_page(request, reference, error=str(refused), status_code=409, body=typed,
                                  queue_query=queue_query)
    if before is None:
        target = given.into.strip().upper() if action == "merge" else reference
        return RedirectResponse(f"/tickets/{target}?done={outcome}", status_code=303)
    return RedirectResponse(_after_action(action, reference, given, outcome, before), status_code=303)


async def _neighbours_before(request: Request, user: PageUser, reference: str, queue_query: str) -> QueueContext | None:
    """The ticket's place in the queue before the action moves it (approving takes it out of "awaiting")."""
    async with console_of(request).db.session() as session:
        try:
            ticket = await get_ticket(session, reference)
        except TicketNotFound:
            return None
        return await queue_context(session, ticket, queue_query, user_name=user.name)


def _after_action(action: str, reference: str, given: ActionInput, outcome: str, before: QueueContext) -> str:
    if action == "merge":
        return before.ticket_link(given.into.strip().upper(), done=outcome)
    around = before.neighbours
    return before.ticket_link(reference, done=outcome, prev=around.previous or "", next=around.next or "")


def _normalised_form_body(form) -> str | None:
    return normalised(str(form["body"])) if "body" in form else None


async def _uploaded(item: UploadFile) -> Attachment:
    """A file staff attached to a fulfilment, refused (one sentence) when too large to mail."""
    data = await item.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise TicketError(f"{item.filename} is larger than {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB")
    return Attachment(item.filename or "attachment", item.content_type or "application/octet-stream", data)


async def _message_of(request: Request, reference: str, message_id: int) -> Message | None:
    async with console_of(request).db.session() as session:
        try:
            ticket = await get_ticket(session, reference)
        except TicketNotFound:
            return None
        return (
            await session.execute(select(Message).where(Message.id == message_id, Message.ticket_id == ticket.id))
        ).scalar_one_or_none()


@router.get("/tickets/{reference}/messages/{message_id}/html")
async def message_html(request: Request, user: PageUser, reference: str, message_id: int) -> Response:
    """The HTML part, sanitised, for `<iframe sandbox="">` only: its own CSP lets it load nothing."""
    message = await _message_of(request, reference, message_id)
    if message is None or not message.body_html:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        message_html_document(message.body_html),
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": MESSAGE_HTML_CSP + "; frame-ancestors 'self'",
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "no-store",
        },
    )


@router.get("/tickets/{reference}/messages/{message_id}/attachments/{index}")
async def attachment(request: Request, user: PageUser, reference: str, message_id: int, index: int) -> Response:
    """Always a download, never shown inline: a requester's file must not run in the console's origin."""
    found = await _attachment_of(request, reference, message_id, index)
    if found is None:
        return Response("not found", status_code=404, media_type="text/plain")
    recorded, data = found
    filename = str(recorded.get("filename") or f"attachment-{index + 1}")
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    from urllib.parse import quote

    return Response(
        data,
        media_type="application/octet-stream",
        headers={
            # RFC 6266: attachment, with the UTF-8 name in filename* (RFC 8187) and an ASCII fallback.
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


async def _attachment_of(request: Request, reference: str, message_id: int, index: int) -> tuple[dict, bytes] | None:
    """An attachment's record (name, declared type) and its bytes, as the parser stored the message."""
    message = await _message_of(request, reference, message_id)
    if message is None or not 0 <= index < len(message.attachments or []):
        return None
    recorded = message.attachments[index]
    data = attachment_bytes(message.raw, index, content_type=str(recorded.get("content_type", "")),
                            filename=recorded.get("filename"))
    return None if data is None else (recorded, data)


@router.get("/tickets/{reference}/messages/{message_id}/attachments/{index}/preview")
async def attachment_preview(request: Request, user: PageUser, reference: str, message_id: int,
                             index: int) -> Response:
    """The attachment redrawn as a PNG on the server (images, PDF pages): pixels only, nothing active."""
    found = await _attachment_of(request, reference, message_id, index)
    kind = preview_kind(str(found[0].get("content_type", "")), found[0].get("filename")) if found else None
    if found is None or kind is None:
        return Response("no preview for this file", status_code=404, media_type="text/plain")
    try:
        png = await run_in_threadpool(render_preview, found[1], kind)  # CPU work off the event loop
    except NoPreview as refused:
        return Response(f"no preview: {refused}; download the file instead", status_code=422,
                        media_type="text/plain")
    return Response(png, media_type="image/png", headers={
        "Content-Disposition": 'inline; filename="preview.png"',
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    })
