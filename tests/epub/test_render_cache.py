"""The render cache kbpress epub reads: round trip, fingerprint, damage."""

from __future__ import annotations

from kbpress.model import Heading
from kbpress.rendercache import RenderCache, fingerprint, source_digest

TOC = (Heading(1, "title", "題", (Heading(2, "a", "節 A"), Heading(2, "b", "節 B", (Heading(3, "c", "項"),)))),)


def _saved(tmp_path, print_id: str = "fp"):
    cache = RenderCache(tmp_path / "rendered.jsonl", print_id)
    cache.put("articles/a.md", source_digest(b"# A"), "<h1>題</h1><p>本文\n二行目</p>", TOC)
    cache.put("faq.md", source_digest(b"faq"), "<p>FAQ</p>", ())
    cache.save()
    return cache.path


def test_bodies_and_headings_come_back_for_the_same_source(tmp_path):
    path = _saved(tmp_path)
    loaded = RenderCache.load(path, "fp")
    assert len(loaded) == 2
    body = loaded.get("articles/a.md", source_digest(b"# A"))
    assert body.html == "<h1>題</h1><p>本文\n二行目</p>" and body.toc == TOC
    assert loaded.get("articles/a.md", source_digest(b"# A changed")) is None
    assert loaded.get("articles/missing.md", source_digest(b"")) is None


def test_another_fingerprint_reuses_nothing(tmp_path):
    assert len(RenderCache.load(_saved(tmp_path), "other")) == 0


def test_a_damaged_or_missing_file_reuses_nothing(tmp_path):
    path = _saved(tmp_path)
    path.write_bytes(path.read_bytes()[:-20])
    assert len(RenderCache.load(path, "fp")) == 0
    assert len(RenderCache.load(tmp_path / "none.jsonl", "fp")) == 0


def test_same_entries_give_the_same_bytes(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    assert _saved(tmp_path / "one").read_bytes() == _saved(tmp_path / "two").read_bytes()


def test_fingerprint_follows_config_files_and_versions():
    base = fingerprint(b"site_name: x", [("a.md", "a/")], {"mkdocs": "1.6.1"})
    assert base == fingerprint(b"site_name: x", [("a.md", "a/")], {"mkdocs": "1.6.1"})
    assert base != fingerprint(b"site_name: y", [("a.md", "a/")], {"mkdocs": "1.6.1"})
    assert base != fingerprint(b"site_name: x", [("a.md", "b/")], {"mkdocs": "1.6.1"})
    assert base != fingerprint(b"site_name: x", [("a.md", "a/")], {"mkdocs": "1.6.2"})
