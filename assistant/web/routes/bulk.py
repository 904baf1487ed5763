"""Bulk actions from the queue: assign, close as noise, approve clean drafts after a preview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from assistant.tickets.staff_actions import ActionInput
from assistant.web.access import PageUser, console_of
from assistant.web.bulk import BulkAction, Pick, approval_preview, parse_picks, run_bulk
from assistant.web.pages import render
from assistant.web.queue_context import canonical_query, queue_link

router = APIRouter(include_in_schema=False)


@router.post("/queue/bulk")
async def bulk(request: Request, user: PageUser) -> Response:
    """Assign and close as noise act at once; approve shows what would be sent first."""
    form = await request.form()
    queue = canonical_query(str(form.get("queue", "")), user_name=user.name)
    picks = parse_picks([str(value) for value in form.getlist("pick")])
    action = str(form.get("bulk_action", ""))
    if action not in set(BulkAction) or not picks:
        return render(request, "bulk_result.html", status_code=400, outcomes=[], action=action, queue=queue,
                      back=queue_link(queue), problem="bulk.nothing" if not picks else "bulk.unknown")
    if action == BulkAction.APPROVE:
        ready, skipped = await approval_preview(console_of(request), picks)
        return render(request, "bulk_preview.html", ready=ready, skipped=skipped, queue=queue,
                      back=queue_link(queue))
    given = ActionInput(assignee=str(form.get("assignee", "")) if action == BulkAction.ASSIGN else "",
                        reason=str(form.get("reason", "")))
    return await _run(request, user, picks, BulkAction(action), given, queue)


@router.post("/queue/bulk/approve")
async def bulk_approve(request: Request, user: PageUser) -> Response:
    """The previewed replies approved, each at the version the preview showed."""
    form = await request.form()
    queue = canonical_query(str(form.get("queue", "")), user_name=user.name)
    picks = parse_picks([str(value) for value in form.getlist("pick")])
    return await _run(request, user, picks, BulkAction.APPROVE, ActionInput(), queue)


async def _run(request: Request, user: PageUser, picks: list[Pick], action: BulkAction, given: ActionInput,
               queue: str) -> Response:
    outcomes = await run_bulk(console_of(request), user, picks, action=action, given=given)
    return render(request, "bulk_result.html", outcomes=outcomes, action=action, queue=queue,
                  back=queue_link(queue), problem="")
