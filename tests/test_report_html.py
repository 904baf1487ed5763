"""The report mail as a manager receives it: MIME structure, and the HTML rendered in headless Chromium.

The screenshot is kept as `tests/artefacts/report.png` for a person to look at.
"""

from __future__ import annotations

import asyncio
import base64
import re
import shutil
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from assistant.config import Config, parse_config
from assistant.reports.mailing import build_report_mail, queue_report
from assistant.reports.weeks import parse_week
from assistant.storage.database import Database
from assistant.storage.models import OutboxItem, ReportRun
from tests.test_report import SECRET_NAME, SECRET_SUBJECT, seed_reference_weeks

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
ARTEFACTS = Path(__file__).parent / "artefacts"
W47 = parse_week("2026-W47", "Europe/Paris")


def report_config(tmp_path: Path, database_url: str) -> Config:
    return parse_config({"database": {"url": database_url},
                         "reports": {"recipients": ["dpo@sodepac.com", "managers@sodepac.com"]}}, base_dir=tmp_path)


async def _seeded_mail(tmp_path: Path) -> bytes:
    config = report_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'report.db'}")
    db = Database(config.database_url)
    try:
        await db.migrate()
        await seed_reference_weeks(db)
        message, _ = await build_report_mail(db, config, W47)
        return bytes(message)
    finally:
        await db.close()


def html_with_inline_chart(mail: EmailMessage) -> tuple[str, str]:
    """The HTML part with its cid: image swapped for a data: URI (a browser cannot fetch cid:), and the cid."""
    html_part = mail.get_body(preferencelist=("html",))
    html = html_part.get_content()
    images = {part["Content-ID"].strip("<>"): part.get_content() for part in mail.walk()
              if part.get_content_type() == "image/png"}
    (cid,) = re.findall(r'src="cid:([^"]+)"', html)
    assert cid in images, "the HTML refers to a cid: that no image part carries"
    return html.replace(f"cid:{cid}", "data:image/png;base64," + base64.b64encode(images[cid]).decode()), cid


def test_report_mail_is_html_with_its_chart_and_a_text_alternative(tmp_path: Path) -> None:
    mail = message_from_bytes(asyncio.run(_seeded_mail(tmp_path)), policy=policy.default)
    assert mail.get_content_type() == "multipart/alternative"
    plain, related = mail.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    assert [part.get_content_type() for part in related.get_payload()] == ["text/html", "image/png"]
    assert related.get_payload()[1].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert mail["Auto-Submitted"] == "auto-generated"  # RFC 3834: nobody should answer it
    assert re.fullmatch(r"<[^@\s]+@sodepac\.com>", mail["Message-ID"])
    assert [address.addr_spec for address in mail["To"].addresses] == ["dpo@sodepac.com", "managers@sodepac.com"]
    assert mail["Subject"] == "Privacy inbox weekly report, 2026-W47 (16\u201322 November 2026)"
    assert "Requests opened          7" in plain.get_content()
    html, _ = html_with_inline_chart(mail)
    assert "<script" not in html.lower()
    everything = plain.get_content() + html
    assert SECRET_NAME not in everything and SECRET_SUBJECT not in everything


async def test_report_send_claims_the_week_once(tmp_path: Path, database_url: str) -> None:
    from tests.support.cli import cli

    db = Database(database_url)
    await db.migrate()
    try:
        await seed_reference_weeks(db)
    finally:
        await db.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "{database_url}"\n[reports]\nrecipients = ["dpo@sodepac.com"]\n')
    first = await asyncio.to_thread(cli, config, "report", "--week", "2026-W47", "--send")
    assert first.returncode == 0, first.stderr.decode()
    assert b"queued the report for 2026-W47 to dpo@sodepac.com" in first.stdout
    second = await asyncio.to_thread(cli, config, "report", "--week", "2026-W47", "--send")
    assert second.returncode == 1
    assert b"already queued" in second.stderr
    db = Database(database_url)
    try:
        async with db.session() as session:
            runs = (await session.execute(select(ReportRun))).scalars().all()
            items = (await session.execute(select(OutboxItem).where(OutboxItem.kind == "report"))).scalars().all()
    finally:
        await db.close()
    assert [run.week for run in runs] == ["2026-W47"]
    assert len(items) == 1 and items[0].state == "queued" and runs[0].outbox_id == items[0].id
    assert items[0].recipients == ["dpo@sodepac.com"]


async def test_queue_report_refuses_without_recipients(tmp_path: Path) -> None:
    config = parse_config({"database": {"url": f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"}}, base_dir=tmp_path)
    db = Database(config.database_url)
    await db.migrate()
    try:
        with pytest.raises(ValueError, match="no \\[reports\\] recipients"):
            await queue_report(db, config, W47)
    finally:
        await db.close()


@pytest.mark.browser
def test_report_html_renders_in_chromium(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): the HTML was not rendered")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    mail = message_from_bytes(asyncio.run(_seeded_mail(tmp_path)), policy=policy.default)
    html, _ = html_with_inline_chart(mail)
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 760, "height": 900}, java_script_enabled=False)
            page.set_content(html, wait_until="load")
            page.screenshot(path=str(ARTEFACTS / "report.png"), full_page=True)
            text = page.inner_text("body")
            image = page.locator("img").first.bounding_box()
        finally:
            browser.close()
    assert "Weekly report, 2026-W47" in text
    assert "16\u201322 November 2026" in text
    assert image is not None and image["width"] >= 560 and image["height"] > 300  # the chart loaded, full width
    assert (ARTEFACTS / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("reports", "week", "why"), [
    ("", "2026-W47", b"no [reports] recipients in the config"),
    ('recipients = ["dpo@sodepac.com"]', "2999-W01", b"2999-W01 has not ended yet"),
])
def test_report_send_is_refused_with_a_reason(tmp_path: Path, reports: str, week: str, why: bytes) -> None:
    from tests.support.cli import cli

    config = tmp_path / "config.toml"
    config.write_text(f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "a.db"}"\n[reports]\n{reports}\n')
    result = cli(config, "report", "--week", week, "--send")
    assert result.returncode == 1
    assert why in result.stderr
