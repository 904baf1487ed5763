"""What every request handler needs, built once by `create_app` and kept on `app.state.console`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from fastapi.templating import Jinja2Templates

from assistant.config import Config
from assistant.storage.database import Database
from assistant.web.security import CookieSigner, Throttle

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Console:
    config: Config
    db: Database
    signer: CookieSigner
    hasher: PasswordHasher
    throttle: Throttle
    templates: Jinja2Templates
    on_approved: Callable[[], None] | None = None  # wakes the outbox sender in this process

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.config.service.timezone)
