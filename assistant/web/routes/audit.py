"""The audit log, for admins: every event, filterable, exportable as CSV."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from assistant.web.access import AdminPageUser, console_of
from assistant.web.audit_log import (
    PER_PAGE,
    AuditFilters,
    audit_page,
    csv_lines,
    event_actors,
    event_kinds,
    parse_day,
)
from assistant.web.pages import render

router = APIRouter(include_in_schema=False)


def _filters(actor: str, kind: str, reference: str, since: str, until: str) -> AuditFilters:
    return AuditFilters(
        actor=actor.strip()[:120],
        kind=kind.strip()[:48],
        reference=reference.strip()[:32],
        since=parse_day(since),
        until=parse_day(until),
    )


@router.get("/audit")
async def audit(
    request: Request,
    user: AdminPageUser,
    actor: str = "",
    kind: str = "",
    reference: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> Response:
    console = console_of(request)
    filters = _filters(actor, kind, reference, since, until)
    async with console.db.session() as session:
        rows, total = await audit_page(session, filters, console.timezone, page=page)
        kinds, actors = await event_kinds(session), await event_actors(session)
    pages = max(1, -(-total // PER_PAGE))
    query = filters.as_query()
    return render(
        request,
        "audit.html",
        rows=rows,
        total=total,
        page=max(1, page),
        pages=pages,
        filters=filters,
        kinds=kinds,
        actors=actors,
        export_link="/audit.csv?" + urlencode(query),
        page_link=lambda number: "/audit?" + urlencode({**query, "page": number}),
    )


@router.get("/audit.csv")
async def audit_csv(
    request: Request,
    user: AdminPageUser,
    actor: str = "",
    kind: str = "",
    reference: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    console = console_of(request)
    filters = _filters(actor, kind, reference, since, until)

    async def lines():
        async with console.db.session() as session:
            async for chunk in csv_lines(session, filters, console.timezone):
                yield chunk

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )
