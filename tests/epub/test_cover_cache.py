"""Generated covers are drawn once and read back while their text is unchanged."""

from __future__ import annotations

import pytest

from kbpress.epub import cover
from kbpress.epub.cover import CoverText, cached_cover, render_cover

TEXT = CoverText("従業員のための情報セキュリティ入門", 1, "メール・パスワード・端末の基本", "支援センター")


def test_a_cached_cover_is_read_back_not_redrawn(tmp_path, monkeypatch):
    first = cached_cover(TEXT, tmp_path)
    assert first == render_cover(TEXT) and len(list(tmp_path.glob("*.png"))) == 1

    def no_drawing(text):
        raise AssertionError("drawn again")

    monkeypatch.setattr(cover, "render_cover", no_drawing)
    assert cached_cover(TEXT, tmp_path) == first


def test_other_text_or_code_gets_its_own_cover(tmp_path, monkeypatch):
    cached_cover(TEXT, tmp_path)
    cached_cover(CoverText(TEXT.title, 2, TEXT.subtitle, TEXT.organisation), tmp_path)
    monkeypatch.setattr(cover, "code_identity", lambda: "other code")
    cached_cover(TEXT, tmp_path)
    assert len(list(tmp_path.glob("*.png"))) == 3


@pytest.mark.parametrize("make_unusable", ["file", "empty"])
def test_an_unusable_cache_still_gives_the_cover(tmp_path, make_unusable):
    if make_unusable == "file":
        blocked = tmp_path / "covers"
        blocked.write_text("a file where the cache folder must go", encoding="utf-8")
        assert cached_cover(TEXT, blocked) == render_cover(TEXT)
    else:
        cached_cover(TEXT, tmp_path)
        (entry,) = tmp_path.glob("*.png")
        entry.write_bytes(b"")
        assert cached_cover(TEXT, tmp_path) == render_cover(TEXT)
