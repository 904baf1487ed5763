"""Rendering pages: the template context every page shares, and dates as staff read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from assistant.storage.models import utcnow
from assistant.web.console import TEMPLATES, Console
from assistant.web.strings import choose_language, translator


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))  # autoescapes .html: requester text is data
    templates.env.trim_blocks = True
    templates.env.lstrip_blocks = True
    return templates


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    console: Console = request.app.state.console
    user = getattr(request.state, "user", None)
    language = console_language(request, console)
    t = translator(language)
    token = getattr(request.state, "session_token", None)
    zone = console.timezone

    def when(value: datetime | str | None, with_time: bool = True) -> str:
        """A date (and time) in the console's zone, the month named in the page's language."""
        if not value:
            return ""
        local = (datetime.fromisoformat(value) if isinstance(value, str) else value).astimezone(zone)
        day = f"{local.day:02d} {t(f'month.{local.month}')} {local.year}"
        return f"{day} {local:%H:%M}" if with_time else day

    def due_words(value: datetime) -> str:
        days = (value.astimezone(zone).date() - utcnow().astimezone(zone).date()).days
        if days > 1:
            return t("due.in_days", days=days)
        if days == 1:
            return t("due.tomorrow")
        if days == 0:
            return t("due.today")
        return t("due.one_day_late") if days == -1 else t("due.days_late", days=-days)

    def intent_name(label: str) -> str:
        try:
            return t(f"intent.{label}")
        except KeyError:
            return label

    base = {
        "intent_name": intent_name,
        "t": t,
        "lang": language,
        "user": user,
        "csrf_token": console.signer.csrf_token("session", token) if token else "",
        "when": when,
        "due_words": due_words,
    }
    return console.templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


def console_language(request: Request, console: Console) -> str:
    """The signed-in person's choice; else their browser's (Accept-Language); else `web.default_language`."""
    user = getattr(request.state, "user", None)
    return choose_language(getattr(user, "console_language", None), request.headers.get("accept-language"),
                           default=console.config.web.default_language)
