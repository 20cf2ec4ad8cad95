"""Prepared chapters reused between builds: same bytes, and a change is never served stale."""

from __future__ import annotations

from kbpress.epub import build, build_volumes, chaptercache
from kbpress.epub.chaptercache import CACHE_FILE


def _volume(rich, out: str, cache_dir) -> bytes:
    (built,) = build_volumes([rich.manifest], rich.site, out_dir=rich.root / out, cache_dir=cache_dir)
    return built.data


def _prepared(monkeypatch) -> list:
    calls = []
    original = build.prepare_chapter

    def counting(page, file_name, appendix=False):
        calls.append(page.src_path)
        return original(page, file_name, appendix)

    monkeypatch.setattr(build, "prepare_chapter", counting)
    return calls


def test_cached_chapters_give_the_same_volume_without_preparing_again(rich, monkeypatch):
    uncached = _volume(rich, "plain", None)
    cache_dir = rich.root / "cache"
    assert _volume(rich, "first", cache_dir) == uncached
    assert (cache_dir / CACHE_FILE).is_file()
    calls = _prepared(monkeypatch)
    assert _volume(rich, "second", cache_dir) == uncached
    assert calls == [], "every chapter came from the cache"


def test_a_changed_page_is_prepared_again(rich, monkeypatch):
    cache_dir = rich.root / "cache"
    _volume(rich, "first", cache_dir)
    page = rich.site.page_by_src("articles/passwords.md")
    page.html += "<p>追加した段落です。</p>"
    calls = _prepared(monkeypatch)
    data = _volume(rich, "second", cache_dir)
    assert calls == ["articles/passwords.md"]
    assert "追加した段落です。".encode() in _chapter_bytes(data)


def test_changed_code_prepares_everything_again(rich, monkeypatch):
    cache_dir = rich.root / "cache"
    _volume(rich, "first", cache_dir)
    monkeypatch.setattr(chaptercache, "code_identity", lambda: "other code")
    calls = _prepared(monkeypatch)
    _volume(rich, "second", cache_dir)
    assert len(calls) == 3


def test_a_damaged_cache_is_ignored(rich):
    cache_dir = rich.root / "cache"
    uncached = _volume(rich, "plain", None)
    _volume(rich, "first", cache_dir)
    path = cache_dir / CACHE_FILE
    path.write_bytes(path.read_bytes()[:-40])
    assert _volume(rich, "second", cache_dir) == uncached


def _chapter_bytes(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".xhtml"))
