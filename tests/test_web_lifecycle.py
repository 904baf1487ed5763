"""The console and the API carry a request to its end: stage, clock and identity shown; fulfil, refuse,
verify and the suppression list, each behind a sign-in (and a CSRF token for forms) or an API token."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from assistant.config import Config
from assistant.storage.database import Database
from assistant.storage.models import DraftFile, utcnow
from assistant.tickets.service import get_ticket
from assistant.tickets.suppression import suppress
from tests.support.web import add_user, client, console_app, csrf_of, make_ticket, signed_in


async def set_ticket(db: Database, reference: str, **values: object) -> None:
    async with db.session() as session, session.begin():
        ticket = await get_ticket(session, reference)
        for name, value in values.items():
            setattr(ticket, name, value)


async def test_api_fulfil_waits_for_identity_then_drafts_the_fulfilment(config: Config, db: Database) -> None:
    token = await add_user(db, "robot", "staff", with_token=True)
    admin = await add_user(db, "ada", "admin", with_token=True)
    reference = await make_ticket(db, intents=("access",))
    await set_ticket(db, reference, identity="pending")
    auth = {"Authorization": f"Bearer {token}"}
    async with client(console_app(config, db)) as http:
        refused = await http.post(f"/api/tickets/{reference}/fulfil", json={"note": "export"}, headers=auth)
        assert refused.status_code == 409 and "identity" in refused.json()["detail"]
        staff_override = await http.post(f"/api/tickets/{reference}/override", json={"reason": "x"}, headers=auth)
        assert staff_override.status_code == 403
        verified = await http.post(f"/api/tickets/{reference}/verify", json={"note": "customer number matches"},
                                   headers=auth)
        assert verified.status_code == 200 and verified.json()["identity"] == "verified"
        done = await http.post(f"/api/tickets/{reference}/fulfil", json={"note": "CRM export"}, headers=auth)
        assert done.status_code == 200, done.text
        assert done.json()["drafts"][-1]["kind"] == "fulfilment" and done.json()["stage"] == "new"
        refusal = await http.post(f"/api/tickets/{reference}/refuse", json={"reason": "manifestly unfounded"},
                                  headers={"Authorization": f"Bearer {admin}"})
        assert refusal.status_code == 200 and refusal.json()["drafts"][-1]["kind"] == "refusal"


async def test_api_suppression_list_for_the_marketing_system(config: Config, db: Database) -> None:
    token = await add_user(db, "marketing", "staff", with_token=True)
    reference = await make_ticket(db, intents=("opt_out",))
    async with db.session() as session, session.begin():
        await suppress(session, address=" Jo@Example.com ", ticket=await get_ticket(session, reference),
                       actor="system", why="test", now=utcnow())
    async with client(console_app(config, db)) as http:
        assert (await http.get("/api/suppression")).status_code == 401
        listed = await http.get("/api/suppression", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200
    [entry] = listed.json()
    assert entry["address"] == "jo@example.com" and entry["ticket"] == reference


async def test_console_shows_stage_identity_and_paused_clock_and_fulfils_with_a_file(config: Config,
                                                                                    db: Database) -> None:
    reference = await make_ticket(db, intents=("access",), due_in_days=-3)
    app = console_app(config, db)
    async with signed_in(app, db, "sophie") as http:
        page = await http.get(f"/tickets/{reference}")
        assert 'data-clock="overdue"' in page.text and 'data-stage="new"' in page.text
        await set_ticket(db, reference, identity="pending", stage="awaiting_identity",
                         paused_since=utcnow() - timedelta(days=1))
        page = await http.get(f"/tickets/{reference}")
        assert 'data-clock="paused"' in page.text and 'data-identity="pending"' in page.text
        assert "/fulfil" not in page.text  # no fulfil form before identity is established
        verified = await http.post(f"/tickets/{reference}/verify",
                                   data={"note": "order number matches", "csrf_token": csrf_of(page.text)})
        assert verified.status_code == 303
        page = await http.get(f"/tickets/{reference}")
        assert 'data-identity="verified"' in page.text and 'data-stage="in_progress"' in page.text
        no_token = await http.post(f"/tickets/{reference}/fulfil", data={"note": "x"},
                                   files={"attach": ("data.csv", b"a,b\n", "text/csv")})
        assert no_token.status_code == 403
        fulfilled = await http.post(f"/tickets/{reference}/fulfil",
                                    data={"note": "CRM export", "csrf_token": csrf_of(page.text)},
                                    files={"attach": ("data.csv", b"a,b\n", "text/csv")})
        assert fulfilled.status_code == 303, fulfilled.text
    async with db.session() as session:
        [attached] = (await session.execute(select(DraftFile))).scalars().all()
    assert (attached.filename, attached.data) == ("data.csv", b"a,b\n")


async def test_console_suppression_page_lists_and_takes_off(config: Config, db: Database) -> None:
    async with db.session() as session, session.begin():
        await suppress(session, address="jo@example.com", ticket=None, actor="system", why="test", now=utcnow())
    app = console_app(config, db)
    async with client(app) as anonymous:
        assert (await anonymous.get("/suppression")).status_code in (302, 303, 307)
    async with signed_in(app, db, "sophie") as http:
        page = await http.get("/suppression")
        assert page.status_code == 200 and "jo@example.com" in page.text
        refused = await http.post("/suppression/remove", data={"address": "jo@example.com", "reason": ""
                                                               , "csrf_token": csrf_of(page.text)})
        assert refused.status_code == 409
        removed = await http.post("/suppression/remove", data={"address": "jo@example.com", "reason": "misread",
                                                               "csrf_token": csrf_of(page.text)})
        assert removed.status_code == 303
        assert "jo@example.com" not in (await http.get("/suppression")).text
