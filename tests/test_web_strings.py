"""Interface text lives in one table per language: every key a template or route uses exists in English,
French has every English key (with the same `{fields}`), and the language is the one asked for, else the
browser's, else the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.storage.states import DRAFT_STATUSES
from assistant.web.strings import ENGLISH, STRINGS, choose_language, translator
from assistant.web.ticket_actions import ACTIONS
from assistant.web.ticket_queue import STATUS_CHOICES
from intents import LABELS

WEB = Path(__file__).parent.parent / "assistant" / "web"
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_.]+)["']""")
ROUTE_KEY = re.compile(r"""(?:message_key|error)=["']([a-z_]+\.[a-z_.]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("routes/*.py")]:
        text = path.read_text()
        keys |= set(LITERAL_KEY.findall(text)) | set(ROUTE_KEY.findall(text))
    return keys


def test_every_key_used_by_a_template_or_route_has_english_text() -> None:
    keys = used_keys()
    assert len(keys) > 80  # the scan found the templates
    assert sorted(key for key in keys - set(ENGLISH) if not key.endswith(".")) == []  # "x." ~ value: below


@pytest.mark.parametrize(("prefix", "names"), [
    ("status.", STATUS_CHOICES), ("intent.", LABELS), ("draft.", DRAFT_STATUSES), ("done.", ACTIONS),
])
def test_keys_built_from_values_exist(prefix: str, names: tuple[str, ...]) -> None:
    assert [name for name in names if prefix + name not in ENGLISH] == []


@pytest.mark.parametrize(("asked", "header", "default", "language"), [
    (None, None, "en", "en"), (None, "", "fr", "fr"), (None, "fr-FR,fr;q=0.9", "en", "fr"),
    (None, "de, en;q=0.5", "fr", "en"), (None, "de-CH", "fr", "fr"), ("en", "fr-FR", "fr", "en"),
    ("FR", "en-GB", "en", "fr"), ("de", "en-GB", "fr", "en"),
])
def test_the_language_asked_for_else_the_browsers_else_the_default(
        asked: str | None, header: str | None, default: str, language: str) -> None:
    assert choose_language(asked, header, default=default) == language


FIELD = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("language", sorted(set(STRINGS) - {"en"}))
def test_every_key_has_text_in_every_language_with_the_same_fields(language: str) -> None:
    table = STRINGS[language]
    assert sorted(set(ENGLISH) - set(table)) == []  # untranslated
    assert sorted(set(table) - set(ENGLISH)) == []  # stale
    assert [key for key, text in table.items() if not text.strip()] == []
    assert [key for key in ENGLISH if sorted(FIELD.findall(ENGLISH[key])) != sorted(FIELD.findall(table[key]))] == []


def test_values_are_filled_in_and_an_unknown_key_is_an_error() -> None:
    t = translator("en")
    assert t("queue.page", page=2, pages=9) == "Page 2 of 9"
    with pytest.raises(KeyError):
        t("no.such.key")
