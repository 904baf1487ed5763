"""Failed messages in the console (issue 16): what the pipeline could not process, and a retry.

Until now only `privacy-assistant messages list|retry` showed them, so a request stuck in a
failed step waited unseen while its one-month deadline ran (GDPR Art. 12(3)). The retry is the
CLI's own (`pipeline.failed.requeue_failed`); the pipeline worker is woken to take them up.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from assistant.pipeline.failed import failed_messages, requeue_failed
from assistant.web.access import PageUser, console_of
from assistant.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/messages/failed")
async def show(request: Request, user: PageUser, retried: int | None = None) -> Response:
    async with console_of(request).db.session() as session:
        messages = await failed_messages(session)
    return render(request, "failed.html", messages=messages, retried=retried)


@router.post("/messages/failed/retry")
async def retry(request: Request, user: PageUser) -> Response:
    """One message (`message` = its number) or, without it, every failed message."""
    form = await request.form()
    chosen = str(form.get("message", "")).strip()
    ids = [int(chosen)] if chosen.isdigit() else None
    async with console_of(request).db.session() as session, session.begin():
        queued = await requeue_failed(session, ids=ids, actor=user.name)
    wake_pipeline = getattr(request.app.state, "wake_pipeline", None)
    if queued and wake_pipeline is not None:
        wake_pipeline()
    return RedirectResponse(f"/messages/failed?retried={queued}", status_code=303)
