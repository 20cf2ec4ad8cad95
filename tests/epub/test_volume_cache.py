"""Finished volumes reused by the site build while nothing they are made of changed, and never served stale."""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from datetime import timedelta

import pytest

from kbpress.epub import build, build_volumes, volumecache
from kbpress.epub.chaptercache import CACHE_FILE

from epubfixture import SAFE_SVG


@pytest.fixture
def assembled(monkeypatch) -> list:
    """The slugs of the volumes assembled (not taken from the cache), in order."""
    calls = []
    original = build.render_volume

    def counting(manifest, *args, **kwargs):
        calls.append(manifest.slug)
        return original(manifest, *args, **kwargs)

    monkeypatch.setattr(build, "render_volume", counting)
    return calls


def _build(rich, out: str, *, reuse: bool = True, manifest=None):
    (built,) = build_volumes([manifest or rich.manifest], rich.site, out_dir=rich.root / out,
                             cache_dir=rich.root / "cache", reuse=reuse)
    return built


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_an_unchanged_volume_is_reused_with_the_same_bytes_and_warnings(rich, assembled):
    first = _build(rich, "first")
    second = _build(rich, "second")
    assert assembled == ["rich"], "the second build took the volume from the cache"
    assert second.data == first.data
    assert (rich.root / "second" / "rich.epub").read_bytes() == first.data
    assert first.warnings, "the fixture has an image without alt text: a warning to replay"
    assert [str(problem) for problem in second.warnings] == [str(problem) for problem in first.warnings]
    assert [problem.severity for problem in second.warnings] == [problem.severity for problem in first.warnings]


def test_kbpress_epub_always_assembles(rich, assembled):
    _build(rich, "first")
    _build(rich, "second", reuse=False)
    assert assembled == ["rich", "rich"]


def test_a_reused_volume_keeps_its_chapters_in_the_chapter_cache(rich, assembled, monkeypatch):
    _build(rich, "first")
    _build(rich, "second")  # reused: no chapter asked for
    lines = (rich.root / "cache" / CACHE_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3, "the three chapters stay cached for the next change"
    prepared = []
    original = build.prepare_chapter
    monkeypatch.setattr(build, "prepare_chapter", lambda page, *rest: prepared.append(page.src_path) or original(page, *rest))
    rich.site.page_by_src("faq.md").html += "<p>追記です。</p>"
    _build(rich, "third")
    assert prepared == ["faq.md"]


def _changed_page_in_volume(rich):
    rich.site.page_by_src("articles/passwords.md").html += "<p>新しい段落です。</p>"
    return "新しい段落です。".encode()


def _renamed_page_outside_volume(rich):
    outside = [page for page in rich.site.pages if page.src_path not in ("articles/backup.md", "articles/passwords.md", "faq.md")]
    assert outside, "the fixture site has pages outside the volume"
    outside[0].url = "moved/elsewhere/"
    return None


def _changed_image(rich):
    path = rich.root / "docs" / "images" / "ok.svg"
    changed = SAFE_SVG.replace(b"</svg>", b"<desc>changed</desc></svg>")
    assert changed != SAFE_SVG
    path.write_bytes(changed)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    return b"<desc>changed</desc>"


def _later_build_time(rich):
    rich.site.build_time += timedelta(days=1)
    return None


def _changed_code(rich, monkeypatch):
    monkeypatch.setattr(volumecache, "code_identity", lambda: "other code")
    return None


@pytest.mark.parametrize("change", [_changed_page_in_volume, _renamed_page_outside_volume, _changed_image,
                                    _later_build_time, _changed_code])
def test_any_change_it_is_made_of_assembles_it_again(rich, assembled, monkeypatch, change):
    _build(rich, "first")
    arguments = (rich, monkeypatch) if change is _changed_code else (rich,)
    expected = change(*arguments)
    again = _build(rich, "second")
    assert assembled == ["rich", "rich"], change.__name__
    if expected is not None:
        assert any(expected in data for data in _entries(again.data).values()), change.__name__


def test_a_changed_definition_assembles_it_again(rich, assembled):
    _build(rich, "first")
    retitled = dataclasses.replace(rich.manifest, title="改訂した巻の題名")
    again = _build(rich, "second", manifest=retitled)
    assert assembled == ["rich", "rich"]
    assert any("改訂した巻の題名".encode() in data for data in _entries(again.data).values())


def test_an_image_that_appears_where_one_was_missing_assembles_it_again(rich, assembled):
    page = rich.site.page_by_src("articles/passwords.md")
    page.html += '<p><img alt="あとで置く図" src="../../images/later.png"></p>'
    _build(rich, "first")
    (rich.root / "docs" / "images" / "later.png").write_bytes((rich.root / "docs" / "images" / "consultation-flow.png").read_bytes())
    _build(rich, "second")
    assert assembled == ["rich", "rich"]


def test_a_damaged_kept_volume_is_assembled_again(rich, assembled):
    first = _build(rich, "first")
    kept = rich.root / "cache" / volumecache.CACHE_DIR / "rich.epub"
    kept.write_bytes(kept.read_bytes()[:-100])
    again = _build(rich, "second")
    assert assembled == ["rich", "rich"]
    assert again.data == first.data
