"""The queue page: what is waiting, most urgent first."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from assistant.pipeline.failed import count_failed
from assistant.storage.models import Ticket, utcnow
from assistant.tickets.assignment import present
from assistant.web.access import PageUser, console_of
from assistant.web.pages import render
from assistant.web.ticket_queue import PER_PAGE, STATUS_CHOICES, normalise_filters, queue_page
from intents import LABELS

router = APIRouter(include_in_schema=False)


@router.get("/")
async def queue(
    request: Request,
    user: PageUser,
    status: str = "active",
    intent: str = "",
    language: str = "",
    needs_review: str = "",
    overdue: str = "",
    q: str = "",
    mine: str = "",
    page: int = 1,
) -> Response:
    filters = normalise_filters(
        status=status,
        intent=intent,
        language=language,
        needs_review=bool(needs_review),
        overdue=bool(overdue),
        search=q,
        mine=user.name if mine else "",
    )
    async with console_of(request).db.session() as session:
        result = await queue_page(session, filters, page=page, per_page=PER_PAGE)
        languages = sorted((await session.execute(select(Ticket.language).distinct().limit(50))).scalars())
        others = await present(session, [row.ticket.id for row in result.rows], now=utcnow(), excluding=user.name)
        failed = await count_failed(session)
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
    )
