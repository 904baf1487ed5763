"""Who can reach what: every route of the console refuses the signed-out, every form needs its CSRF token,
admin pages refuse staff, and repeated failed sign-ins are slowed down and logged."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import update
from starlette.routing import Route

from assistant.storage.models import SignInLimit, utcnow
from assistant.web.app import ROUTERS
from assistant.web.security import SESSION_COOKIE, Throttle
from tests.support.web import add_user, client, console_app, csrf_of, make_ticket, sign_in, signed_in

OPEN_PATHS = {"/sign-in"}


def concrete(path: str, reference: str) -> str:
    return (path.replace("{reference}", reference).replace("{message_id}", "1").replace("{index}", "0")
            .replace("{action}", "close"))


def console_routes() -> list[tuple[str, str]]:
    routes = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, Route) and route.path not in OPEN_PATHS:
                routes += [(method, route.path) for method in sorted(route.methods - {"HEAD"})]
    return routes


async def test_every_page_sends_the_signed_out_to_sign_in_and_every_api_route_answers_401(config, db) -> None:
    app = console_app(config, db)
    reference = await make_ticket(db)
    routes = console_routes()
    paths = {path for _, path in routes}
    assert {"/", "/tickets/{reference}", "/audit", "/audit.csv", "/api/tickets", "/api/events"} <= paths
    async with client(app) as http:
        for method, path in routes:
            response = await http.request(method, concrete(path, reference))
            if path.startswith("/api/") or path == "/openapi.json":  # token routes: no redirect, a 401
                assert response.status_code == 401, (method, path)
                assert response.headers["www-authenticate"] == "Bearer"
            else:
                assert response.status_code == 303, (method, path, response.status_code)
                assert response.headers["location"].startswith("/sign-in"), (method, path)


async def test_a_signed_out_visit_returns_to_the_page_after_signing_in(config, db) -> None:
    app = console_app(config, db)
    reference = await make_ticket(db)
    await add_user(db, "alice")
    async with client(app) as http:
        first = await http.get(f"/tickets/{reference}")
        assert first.headers["location"] == f"/sign-in?next=/tickets/{reference}"
        form = await http.get(first.headers["location"])
        done = await http.post("/sign-in", data={"name": "alice", "password": "correct horse battery staple",
                                                 "csrf_token": csrf_of(form.text), "next": f"/tickets/{reference}"})
        assert done.headers["location"] == f"/tickets/{reference}"


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
async def test_sign_in_never_redirects_off_the_console(config, db, next_path: str) -> None:
    app = console_app(config, db)
    await add_user(db, "alice")
    async with client(app) as http:
        form = await http.get("/sign-in")
        done = await http.post("/sign-in", data={"name": "alice", "password": "correct horse battery staple",
                                                 "csrf_token": csrf_of(form.text), "next": next_path})
        assert done.headers["location"] == "/"


async def test_every_form_post_without_a_valid_csrf_token_is_refused_with_403(config, db) -> None:
    app = console_app(config, db)
    reference = await make_ticket(db)
    async with signed_in(app, db, "alice", "admin") as http:
        posts = [path for method, path in console_routes() if method == "POST" and not path.startswith("/api/")]
        assert "/sign-out" in posts and "/tickets/{reference}/{action}" in posts
        for path in posts:
            for token in (None, "forged"):
                data = {"reason": "x", "body": "changed"} | ({"csrf_token": token} if token else {})
                response = await http.post(concrete(path, reference), data=data)
                assert response.status_code == 403, (path, token)
        page = await http.get(f"/tickets/{reference}")
        assert "Dear Jo" in page.text and "changed" not in page.text  # nothing happened
        assert (await http.get("/")).status_code == 200  # and the session is still alive


async def test_the_sign_in_form_itself_needs_its_csrf_token(config, db) -> None:
    app = console_app(config, db)
    await add_user(db, "alice")
    async with client(app) as http:
        response = await http.post("/sign-in", data={"name": "alice", "password": "correct horse battery staple"})
        assert response.status_code == 403
        assert SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/audit", "/audit.csv"])
async def test_a_staff_account_cannot_reach_admin_pages(config, db, path: str) -> None:
    app = console_app(config, db)
    async with signed_in(app, db, "sam", "staff") as http:
        response = await http.get(path)
        assert response.status_code == 403
        assert "cannot open this page" in response.text
        assert "Audit log" not in (await http.get("/")).text  # not even offered in the menu
    async with signed_in(app, db, "ada", "admin") as http:
        assert (await http.get(path)).status_code == 200


async def test_a_staff_token_cannot_read_the_audit_log_through_the_api(config, db) -> None:
    app = console_app(config, db)
    staff_token = await add_user(db, "sam", "staff", with_token=True)
    admin_token = await add_user(db, "ada", "admin", with_token=True)
    async with client(app) as http:
        assert (await http.get("/api/events", headers={"Authorization": f"Bearer {staff_token}"})).status_code == 403
        assert (await http.get("/api/events", headers={"Authorization": f"Bearer {admin_token}"})).status_code == 200
        assert (await http.get("/api/me", headers={"Authorization": "Bearer pa_not-a-token"})).status_code == 401


async def test_the_session_cookie_is_secure_httponly_and_samesite(config, db) -> None:
    app = console_app(config, db)
    await add_user(db, "alice")
    async with client(app) as http:
        response = await sign_in(http, "alice")
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert re.search(r"(?i); secure", cookie) and re.search(r"(?i); httponly", cookie)
    assert re.search(r"(?i); samesite=lax", cookie)


async def test_signing_out_ends_the_session_even_for_a_copy_of_the_cookie(config, db) -> None:
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as http:
        stolen = http.cookies.get(SESSION_COOKIE)
        page = await http.get("/")
        out = await http.post("/sign-out", data={"csrf_token": csrf_of(page.text)})
        assert out.status_code == 303
    async with client(app) as replay:
        replay.cookies.set(SESSION_COOKIE, stolen, domain="console.test")
        assert (await replay.get("/")).status_code == 303


async def test_a_wrong_password_is_refused_and_logged(config, db, caplog: pytest.LogCaptureFixture) -> None:
    app = console_app(config, db)
    await add_user(db, "alice")
    async with client(app) as http:
        with caplog.at_level(logging.WARNING, logger="assistant.web.security"):
            response = await sign_in(http, "alice", "wrong password")
    assert response.status_code == 401 and "Wrong name or password" in response.text
    assert SESSION_COOKIE not in response.cookies
    assert any("failed sign-in for 'alice' from 203.0.113.9" in r.getMessage() for r in caplog.records)


async def test_repeated_failures_slow_sign_in_down_even_with_the_right_password(config, db, caplog) -> None:
    app = console_app(config, db, throttle=Throttle(free_failures=3, first_wait_seconds=60))
    await add_user(db, "alice")
    async with client(app) as http:
        for _ in range(3):
            assert (await sign_in(http, "alice", "guess")).status_code == 401
        with caplog.at_level(logging.WARNING, logger="assistant.web.routes.auth"):
            blocked = await sign_in(http, "alice")
        assert blocked.status_code == 429
        assert "Too many failed sign-ins. Try again in" in blocked.text
        assert any("refused" in r.getMessage() for r in caplog.records)
        # Once the wait has passed, the right password works again.
        async with db.session() as session, session.begin():
            await session.execute(update(SignInLimit).values(blocked_until=utcnow() - timedelta(seconds=1)))
        assert (await sign_in(http, "alice")).status_code == 303


@pytest.mark.parametrize(("failures", "wait"), [(0, 0), (2, 0), (3, 2), (4, 4), (6, 16), (20, 300)])
def test_the_wait_doubles_after_the_free_failures_and_is_capped(failures: int, wait: int) -> None:
    assert Throttle(free_failures=3, first_wait_seconds=2, max_wait_seconds=300).wait_after(failures, 3) == wait


async def test_pages_forbid_framing_and_inline_scripts(config, db) -> None:
    app = console_app(config, db)
    async with client(app) as http:
        response = await http.get("/sign-in")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
