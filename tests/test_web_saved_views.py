"""Saved views, on both databases: a named filter set and sort saved from the queue, listed in each
person's queue header only, replaced by saving under the same name, deletable by its owner only."""

from __future__ import annotations

import html
import re

from tests.support.web import console_app, csrf_of, make_ticket, signed_in

VIEW = re.compile(r'<li data-view="([^"]+)"><a href="([^"]+)"')


async def views_on(http) -> dict[str, str]:
    page = (await http.get("/")).text
    return {html.unescape(name): html.unescape(link) for name, link in VIEW.findall(page)}


async def test_a_saved_view_is_listed_for_its_owner_and_opens_the_same_queue(config, db) -> None:
    french = await make_ticket(db, language="fr", subject="suppression")
    await make_ticket(db, language="en", subject="deletion")
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        page = (await alice.get("/?language=fr&sort=-due")).text
        assert 'name="queue" value="language=fr&amp;sort=-due"' in page
        saved = await alice.post("/views", data={"csrf_token": csrf_of(page), "name": "  French,  latest due ",
                                                 "queue": "language=fr&sort=-due&evil=<script>"})
        assert saved.status_code == 303 and saved.headers["location"] == "/?language=fr&sort=-due"
        assert await views_on(alice) == {"French, latest due": "/?language=fr&sort=-due"}
        opened = (await alice.get("/?language=fr&sort=-due")).text
        assert re.findall(r'data-reference="([^"]+)"', opened) == [french]
        assert 'aria-current="true">French, latest due</a>' in opened
        assert await views_on(bob) == {}  # each person sees their own
        again = await alice.post("/views", data={"csrf_token": csrf_of(opened), "name": "French, latest due",
                                                 "queue": "language=fr&needs_review=1"})
        assert again.status_code == 303
        assert await views_on(alice) == {"French, latest due": "/?language=fr&needs_review=1"}  # replaced


async def test_only_the_owner_deletes_a_view_and_a_nameless_one_is_refused(config, db) -> None:
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice, signed_in(app, db, "bob") as bob:
        page = (await alice.get("/")).text
        await alice.post("/views", data={"csrf_token": csrf_of(page), "name": "Overdue", "queue": "overdue=1"})
        view_id = re.search(r'action="/views/(\d+)/delete"', (await alice.get("/")).text).group(1)
        bob_page = (await bob.get("/")).text
        await bob.post(f"/views/{view_id}/delete", data={"csrf_token": csrf_of(bob_page)})
        assert list(await views_on(alice)) == ["Overdue"]  # not bob's to delete
        nameless = await alice.post("/views", data={"csrf_token": csrf_of(page), "name": "  ", "queue": "overdue=1"})
        assert nameless.headers["location"] == "/?overdue=1&view_error=views.no_name"
        refused = (await alice.get(nameless.headers["location"])).text
        assert "Give the view a name." in refused
        forged = (await alice.get("/?view_error=Call+us+now+at+555")).text
        assert "Call us now" not in forged  # only known refusals are shown
        gone = await alice.post(f"/views/{view_id}/delete", data={"csrf_token": csrf_of(page), "queue": "overdue=1"})
        assert gone.headers["location"] == "/?overdue=1" and await views_on(alice) == {}
