"""Real browsers and real servers for the console's end-to-end tests.

`ConsoleThread` runs the console on its own event loop in a thread (for HTTP-level tools such as
schemathesis); `ServeProcess` runs `privacy-assistant serve` as a user would; `chromium()` starts
Debian's headless Chromium through Playwright (never `playwright install`: nothing is downloaded).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.config import Config
from assistant.storage.database import Database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ARTEFACTS = Path(__file__).parent.parent / "artefacts"


def need_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser (Playwright's sync API)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class ConsoleThread:
    """The console app served by uvicorn on a loop of its own, in a daemon thread."""

    def __init__(self, config: Config, seed: Callable[[Database], Awaitable[object]] | None = None) -> None:
        self.config = config
        self.seed = seed
        self.seeded: object = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._console = None
        self._thread = threading.Thread(target=self._run, daemon=True, name="console")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.config.web.port}"

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        from assistant.web.server import start_console

        self._loop = asyncio.get_running_loop()
        db = Database(self.config.database_url)
        try:
            await db.migrate()
            if self.seed is not None:
                self.seeded = await self.seed(db)
            self._console = await start_console(self.config, db)
        except BaseException as error:  # reported to the test thread
            self._error = error
            self._ready.set()
            await db.close()
            return
        self._ready.set()
        await self._console.task
        await db.close()

    def __enter__(self) -> ConsoleThread:
        self._thread.start()
        self._ready.wait(60)
        if self._error is not None:
            raise self._error
        return self

    def __exit__(self, *exc: object) -> None:
        if self._console is not None and self._loop is not None:
            self._console.server.should_exit = True
        self._thread.join(30)


class ServeProcess:
    """`privacy-assistant serve` in a child process with its own config file, stopped with SIGTERM."""

    def __init__(self, config_file: Path, log_file: Path) -> None:
        self.config_file = config_file
        self.log_file = log_file
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ServeProcess:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent.parent)}
        self._log = self.log_file.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant", "--config", str(self.config_file), "serve"],
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
        )
        deadline = time.monotonic() + 120
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if b"privacy-assistant ready" in line:
                return self
            if not line and self.process.poll() is not None:
                break
        raise AssertionError(f"serve did not start: {self.log_file.read_text(errors='replace')[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()


def console_fixture(name: str, seed: Callable[[Database], Awaitable[object]], **sections: dict):
    """A module-scoped fixture: the console on a fresh SQLite file with `seed` run, for a test file's
    browser tests to share (one start per file)."""

    @pytest.fixture(scope="module")
    def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleThread]:
        with seeded_console(tmp_path_factory, name, seed, **sections) as running:
            yield running

    return console


def browser_fixture():
    """A module-scoped fixture: one Chromium for a test file; each test opens contexts (own cookies) in it."""

    @pytest.fixture(scope="module")
    def browser(console: ConsoleThread) -> Iterator[object]:
        with chromium() as started:
            yield started

    return browser


def signed_in_page(browser, base_url: str, name: str, *, width: int = 1366, locale: str = "en-GB"):
    """A browser context of its own (its own cookies), signed in as `name`; confirm boxes accepted."""
    from tests.support.web import PASSWORD

    page = browser.new_context(viewport={"width": width, "height": 900}, locale=locale).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base_url + "/sign-in")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base_url + "/")
    return page


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


DOC_SCREENSHOTS = Path(__file__).parent.parent.parent / "docs" / "screenshots"


def publish_screenshots(*names: str) -> None:
    """Copy artefacts into the documentation only when asked (REFRESH_DOC_SCREENSHOTS=1): a test
    run never rewrites tracked files."""
    if os.environ.get("REFRESH_DOC_SCREENSHOTS") != "1":
        return
    DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(ARTEFACTS / name, DOC_SCREENSHOTS / name)


def save_artefact(source: Path, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTEFACTS / name
    shutil.copyfile(source, target)
    return target


@contextmanager
def seeded_console(tmp_path_factory: pytest.TempPathFactory, name: str,
                   seed: Callable[[Database], Awaitable[object]], **sections: dict) -> Iterator[ConsoleThread]:
    """A console on SQLite in a folder of its own, seeded once, for a module's browser tests."""
    from tests.conftest import make_config
    from tests.support.ports import free_port

    need_chromium()
    folder: Path = tmp_path_factory.mktemp(name)
    web = {"port": free_port(), "secure_cookies": False, **sections.pop("web", {})}
    config = make_config(folder, f"sqlite+aiosqlite:///{folder / 'assistant.db'}", web=web, **sections)
    with ConsoleThread(config, seed) as running:
        yield running
