"""Working as a team: presence reports from an open ticket page, and the admins' snippet list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from assistant.storage.models import utcnow
from assistant.tickets.assignment import Activity, mark_present
from assistant.tickets.service import TicketError, TicketNotFound, get_ticket
from assistant.tickets.snippets import REPLY_LANGUAGES, delete_snippet, list_snippets, save_snippet
from assistant.web.access import AdminPageUser, PageUser, console_of
from assistant.web.pages import render

router = APIRouter(include_in_schema=False)


@router.post("/tickets/{reference}/presence")
async def presence(request: Request, user: PageUser, reference: str) -> Response:
    """The page's script reports typing here (CSRF-checked like any form); 204, nothing to show."""
    form = await request.form()
    activity = Activity.EDITING if form.get("activity") == Activity.EDITING else Activity.VIEWING
    async with console_of(request).db.session() as session, session.begin():
        try:
            ticket = await get_ticket(session, reference)
        except TicketNotFound:
            return Response(status_code=404)
        await mark_present(session, ticket_id=ticket.id, name=user.name, activity=activity, now=utcnow())
    return Response(status_code=204)


async def _snippets_page(request: Request, *, error: str = "", done: str = "", status_code: int = 200,
                         typed: dict[str, str] | None = None) -> Response:
    async with console_of(request).db.session() as session:
        snippets = await list_snippets(session)
    return render(request, "snippets.html", status_code=status_code, snippets=snippets, error=error, done=done,
                  languages=REPLY_LANGUAGES, typed=typed or {})


@router.get("/snippets")
async def snippets(request: Request, user: AdminPageUser, done: str = "") -> Response:
    return await _snippets_page(request, done=done if done in ("saved", "deleted") else "")


@router.post("/snippets")
async def save(request: Request, user: AdminPageUser) -> Response:
    """Adds a snippet, or changes the one `id` names; `delete` removes it."""
    form = await request.form()
    raw_id = str(form.get("id", ""))
    snippet_id = int(raw_id) if raw_id.isdigit() else None
    typed = {key: str(form.get(key, "")) for key in ("name", "language", "body")}
    try:
        async with console_of(request).db.session() as session, session.begin():
            if form.get("delete") and snippet_id is not None:
                await delete_snippet(session, snippet_id)
            else:
                await save_snippet(session, name=typed["name"], language=typed["language"], body=typed["body"],
                                   by=user.name, snippet_id=snippet_id)
    except TicketError as refused:
        return await _snippets_page(request, error=str(refused), status_code=409, typed=typed)
    return RedirectResponse("/snippets?done=" + ("deleted" if form.get("delete") else "saved"), status_code=303)
