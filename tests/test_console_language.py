"""The console in English or French, each member of staff's choice: kept on the account (migration 0013),
switched in the page header, and until then the browser's Accept-Language, else `web.default_language`.
Every page rendered in French shows no English interface text."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from assistant.config import ConfigError
from assistant.storage.models import User
from assistant.web.strings import ENGLISH, STRINGS
from tests.conftest import make_config
from tests.support.web import client, console_app, csrf_of, make_ticket, sign_in, signed_in

FRENCH_SENTINELS = ("Se déconnecter", "File des demandes", "Approuver et envoyer", "Chronologie")


def english_left(page: str) -> list[str]:
    """English interface texts (the plain ones, longer than a word) found in a page meant to be French."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = " ".join(text.split())
    return sorted({english for key, english in ENGLISH.items()
                   if "{" not in english and " " in english and english != STRINGS["fr"][key] and english in text})


async def choose(http, language: str, next_path: str = "/"):
    page = (await http.get("/")).text
    return await http.post("/language", data={"csrf_token": csrf_of(page), "language": language, "next": next_path})


async def test_a_choice_in_the_header_is_kept_on_the_account_for_every_browser(config, db) -> None:
    app = console_app(config, db)
    async with signed_in(app, db, "alice") as alice:
        page = (await alice.get("/", headers={"accept-language": "en-GB"})).text
        assert '<html lang="en">' in page and "Sign out" in page
        assert 'name="language" value="fr" lang="fr"' in page  # the switch, labelled in its own language
        moved = await choose(alice, "fr", "/?status=all")
        assert moved.status_code == 303 and moved.headers["location"] == "/?status=all"  # back where it was
        page = (await alice.get("/", headers={"accept-language": "en-GB"})).text
        assert '<html lang="fr">' in page and "Se déconnecter" in page and "Sign out" not in page
    async with client(app) as elsewhere:  # another device, an English browser: the account's choice wins
        await sign_in(elsewhere, "alice")
        assert "File des demandes" in (await elsewhere.get("/", headers={"accept-language": "en"})).text
    async with db.session() as session:
        stored = (await session.execute(select(User.console_language).where(User.name == "alice"))).scalar_one()
    assert stored == "fr"


async def test_before_any_choice_the_browser_decides_then_the_configured_default(tmp_path, database_url, db) -> None:
    french_default = console_app(make_config(tmp_path, database_url, web={"default_language": "fr"}), db)
    async with signed_in(french_default, db, "bob") as bob:
        assert '<html lang="en">' in (await bob.get("/", headers={"accept-language": "en-US,en"})).text
        assert '<html lang="fr">' in (await bob.get("/", headers={"accept-language": "fr-CA"})).text
        assert '<html lang="fr">' in (await bob.get("/", headers={"accept-language": "de-DE"})).text
        assert "Connexion" in (await client(french_default).get("/sign-in")).text  # no header: the default


async def test_a_bad_choice_changes_nothing_and_cannot_redirect_elsewhere(config, db) -> None:
    app = console_app(config, db)
    async with signed_in(app, db, "carol") as carol:
        refused = await choose(carol, "de", "https://evil.example/")
        assert refused.status_code == 303 and refused.headers["location"] == "/"
        assert '<html lang="en">' in (await carol.get("/")).text
        forged = await carol.post("/language", data={"language": "fr"})
        assert forged.status_code == 403  # CSRF-checked like every form
    async with db.session() as session:
        assert (await session.execute(select(User.console_language).where(User.name == "carol"))).scalar_one() is None


async def test_every_page_in_french_shows_no_english_interface_text(config, db) -> None:
    reference = await make_ticket(db, subject="Suppression", language="fr", body="Bonjour,\n\nC'est fait.")
    await make_ticket(db, subject="Effacement", status="open", needs_review=True, due_in_days=-2)
    app = console_app(config, db)
    async with signed_in(app, db, "admin", "admin") as admin:
        await choose(admin, "fr")
        pages = {path: (await admin.get(path)).text for path in
                 ("/", "/?status=all&needs_review=1", f"/tickets/{reference}", "/audit", "/snippets", "/suppression",
                  "/tickets/PRIV-1999-000001")}
    async with client(app) as anonymous:
        pages["/sign-in"] = (await anonymous.get("/sign-in", headers={"accept-language": "fr-FR"})).text
    for path, page in pages.items():
        assert '<html lang="fr">' in page, path
        assert english_left(page) == [], path
    assert all(sentinel in pages[f"/tickets/{reference}"] for sentinel in FRENCH_SENTINELS[:1] + FRENCH_SENTINELS[2:])
    assert FRENCH_SENTINELS[1] in pages["/"]
    assert "nos prestataires" in pages[f"/tickets/{reference}"]  # Art. 19 recipients, in the staff's language
    english_dates = re.compile(r"\d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}")
    assert [path for path, page in pages.items() if english_dates.search(page)] == []  # months in French


def test_an_unknown_default_language_is_a_one_line_error_naming_the_key(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r"web\.default_language must be en or fr, not 'de'"):
        make_config(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'a.db'}", web={"default_language": "de"})
