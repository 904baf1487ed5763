"""The reply gallery in docs/replies/ is what the templates render today, for every kind x intent x language."""

from __future__ import annotations

from pathlib import Path

from intents import LABELS
from replies.gallery import gallery_pages, main, stale_pages, write_gallery
from replies.types import DraftKind


def test_the_committed_gallery_is_up_to_date():
    stale = stale_pages()
    assert stale == [], f"docs/replies is stale ({stale}): run `python -m replies.gallery` and commit the result"


def test_every_kind_page_shows_every_intent_in_both_languages():
    pages = gallery_pages()
    for kind in DraftKind:
        page = pages[f"{kind}.md"]
        for intent in LABELS:
            assert f"\n## {intent}\n" in page
        assert page.count("### English") == len(LABELS) and page.count("### French") == len(LABELS)
        assert "[[STAFF" not in page.replace("[[STAFF: say what went wrong", "").replace(
            "[[STAFF: expliquer ce qui n'a pas fonctionné", "")  # only a complaint needs case knowledge
        assert f"({kind}.md)" in pages["README.md"]


def test_a_changed_or_extra_page_is_reported_stale_and_the_check_fails(tmp_path: Path, monkeypatch):
    write_gallery(tmp_path)
    assert stale_pages(tmp_path) == []
    (tmp_path / "refusal.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "old.md").write_text("a page no longer generated\n", encoding="utf-8")
    assert stale_pages(tmp_path) == ["old.md", "refusal.md"]

    monkeypatch.setattr("replies.gallery.GALLERY_DIR", tmp_path)
    assert main(["--check"]) == 1
    assert main([]) == 0  # regenerates: the edit is undone, the old page removed
    assert main(["--check"]) == 0
    assert not (tmp_path / "old.md").exists()
