"""The suppression list page: who gets no marketing (GDPR Art. 21(3)), and taking a misread one off."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from assistant.storage.models import utcnow
from assistant.tickets.service import TicketError
from assistant.tickets.suppression import suppression_list, unsuppress
from assistant.web.access import PageUser, console_of
from assistant.web.pages import render

router = APIRouter(include_in_schema=False)


async def _page(request: Request, *, done: str = "", error: str = "", status_code: int = 200) -> Response:
    async with console_of(request).db.session() as session:
        entries = await suppression_list(session)
    rows = [{"address": e.address, "since": e.since, "ticket": e.ticket} for e in entries]
    return render(request, "suppression.html", status_code=status_code, entries=rows,
                  done=done == "unsuppress", error=error)


@router.get("/suppression")
async def show(request: Request, user: PageUser, done: str = "") -> Response:
    return await _page(request, done=done)


@router.post("/suppression/remove")
async def remove(request: Request, user: PageUser) -> Response:
    form = await request.form()
    try:
        async with console_of(request).db.session() as session, session.begin():
            await unsuppress(session, address=str(form.get("address", "")), by=user.name,
                             reason=str(form.get("reason", "")), now=utcnow())
    except TicketError as refused:
        return await _page(request, error=str(refused), status_code=409)
    return RedirectResponse("/suppression?done=unsuppress", status_code=303)
