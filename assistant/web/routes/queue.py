"""The queue page: what is waiting, most urgent first (or sorted by a column), filters kept in every link."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from assistant.pipeline.failed import count_failed
from assistant.storage.models import Ticket, utcnow
from assistant.tickets.assignment import present
from assistant.web.access import PageUser, console_of
from assistant.web.pages import render
from assistant.web.queue_context import canonical_query, queue_link
from assistant.web.queue_order import SortColumn
from assistant.web.saved_views import MAX_VIEWS, REFUSALS, ViewRefused, delete_view, save_view, views_of
from assistant.web.ticket_queue import PER_PAGE, STATUS_CHOICES, QueueFilters, filters_from_query, queue_page
from assistant.web.ticket_team import colleague_names
from intents import LABELS

router = APIRouter(include_in_schema=False)
SORTABLE = (SortColumn.DUE, SortColumn.RECEIVED, SortColumn.STATUS, SortColumn.SUBJECT)


def sort_links(filters: QueueFilters) -> dict[str, tuple[str, str]]:
    """For each sortable column: the link that sorts by it (again: the other way) and its aria-sort."""
    query = filters.as_query()
    links = {}
    for column in SORTABLE:
        state = "ascending" if filters.sort == column else "descending" if filters.sort == f"-{column}" else "none"
        wanted = f"-{column}" if state == "ascending" else str(column)
        links[str(column)] = ("/?" + urlencode({**query, "sort": wanted}), state)
    return links


@router.get("/")
async def queue(request: Request, user: PageUser, page: int = 1, view_error: str = "") -> Response:
    filters = filters_from_query(request.query_params, user_name=user.name)
    async with console_of(request).db.session() as session:
        views = await views_of(session, user.name)
        result = await queue_page(session, filters, page=page, per_page=PER_PAGE)
        languages = sorted((await session.execute(select(Ticket.language).distinct().limit(50))).scalars())
        others = await present(session, [row.ticket.id for row in result.rows], now=utcnow(), excluding=user.name)
        failed = await count_failed(session)
        colleagues = await colleague_names(session)
    query = filters.as_query()

    def page_link(number: int) -> str:
        return "/?" + urlencode({**query, "page": number})

    return render(
        request,
        "queue.html",
        result=result,
        filters=filters,
        labels=LABELS,
        statuses=STATUS_CHOICES,
        languages=languages,
        page_link=page_link,
        others=others,
        failed=failed,
        queue_query=urlencode(query),
        sort_links=sort_links(filters),
        colleagues=colleagues,
        views=views,
        view_error=view_error if view_error in REFUSALS else "",
        max_views=MAX_VIEWS,
    )


@router.post("/views")
async def save(request: Request, user: PageUser) -> Response:
    """The queue as it is now, saved under a name of the person's choosing."""
    form = await request.form()
    query = canonical_query(str(form.get("queue", "")), user_name=user.name)
    try:
        async with console_of(request).db.session() as session, session.begin():
            await save_view(session, owner=user.name, name=str(form.get("name", "")), query=query)
    except ViewRefused as refused:
        return RedirectResponse(queue_link(urlencode({**dict(parse_qsl(query)), "view_error": refused.key})),
                                status_code=303)
    return RedirectResponse(queue_link(query), status_code=303)


@router.post("/views/{view_id}/delete")
async def delete(request: Request, user: PageUser, view_id: int) -> Response:
    form = await request.form()
    async with console_of(request).db.session() as session, session.begin():
        await delete_view(session, owner=user.name, view_id=view_id)
    return RedirectResponse(queue_link(canonical_query(str(form.get("queue", "")), user_name=user.name)),
                            status_code=303)
