"""One byte of kbpress's code misses every cache; a change outside the package misses none.

The caches (rendered bodies, prepared chapters, covers, link cards, the
search dictionary) key on
:func:`kbpress.codeidentity.code_identity`. Here the identity is computed
over a copy of the package, so one byte of it can be changed.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from kbpress import codeidentity
from kbpress.cards import CardCache, CardContent
from kbpress.epub import build, build_volumes, cover
from kbpress.plugins import rendering
from kbpress.search import dictionary

CARD = CardContent("取引先を名乗る請求書メールに注意", "テスト保管庫", "テスト支援センター", ("トピックス",))
# The runs of letters and digits the search index collects from its pages (word_chunks).
PAGE_WORDS = Counter({"不審なメールの添付ファイルは開かない": 3, "個人情報の漏えいに注意": 2, "VPN": 2, "取扱い": 1})
CACHES = ("render", "chapters", "cover", "volume", "card", "dictionary")


@pytest.fixture
def code(tmp_path, monkeypatch) -> Path:
    """A copy of the kbpress package (with a README beside it) that the identity is computed from."""
    copy = tmp_path / "code" / "kbpress"
    shutil.copytree(codeidentity.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (copy.parent / "README.md").write_text("# kbpress\n", encoding="utf-8")
    monkeypatch.setattr(codeidentity, "PACKAGE_DIR", copy)
    codeidentity.forget()
    yield copy
    codeidentity.forget()


class Caches:
    """Every cache of a project, filled once, then asked what it still holds."""

    def __init__(self, rich, fixture_project, monkeypatch):
        self.rich, self.monkeypatch = rich, monkeypatch
        self.cache_dir = rich.root / "cache"
        self.config = load_config(str(fixture_project.root / "mkdocs.yml"))
        self.files = get_files(self.config)
        assert len(self.files.documentation_pages()) == 1  # the fixture project's home page

    def fill(self) -> None:
        build_volumes([self.rich.manifest], self.rich.site, out_dir=self.rich.root / "out", cache_dir=self.cache_dir,
                      reuse=True)
        assert CardCache(self.cache_dir / "cards").card(CARD) is not None
        rendered = rendering.empty_cache(self.config, self.files, self.cache_dir)
        rendered.put("index.md", "digest", "<p>ようこそ。</p>", ())
        rendered.save()
        dictionary.cached_dictionary(PAGE_WORDS, (), self.cache_dir / "search")

    def hits(self) -> dict[str, bool]:
        """Which caches serve this project now (nothing is drawn, prepared or rendered to find out)."""
        prepared, drawn, looked_up, assembled = [], [], [], []
        with self.monkeypatch.context() as patch:
            original_prepare, original_cover = build.prepare_chapter, cover.render_cover
            original_render = build.render_volume
            patch.setattr(build, "render_volume", lambda manifest, *rest:
                          assembled.append(manifest) or original_render(manifest, *rest))
            original_dictionary = dictionary.build_dictionary
            patch.setattr(build, "prepare_chapter", lambda page, file_name, appendix=False:
                          prepared.append(page) or original_prepare(page, file_name, appendix))
            patch.setattr(cover, "render_cover", lambda text: drawn.append(text) or original_cover(text))
            patch.setattr(dictionary, "build_dictionary", lambda runs, rules:
                          looked_up.append(runs) or original_dictionary(runs, rules))
            build_volumes([self.rich.manifest], self.rich.site, out_dir=self.rich.root / "kept", cache_dir=self.cache_dir,
                          reuse=True)
            volume_kept = not assembled
            if volume_kept:  # the finished volume was kept: ask the chapters and the cover directly
                build_volumes([self.rich.manifest], self.rich.site, out_dir=self.rich.root / "again",
                              cache_dir=self.cache_dir)
            dictionary.cached_dictionary(PAGE_WORDS, (), self.cache_dir / "search")
        chapters = len(self.rich.manifest.sources)
        assert chapters == 3 and len(prepared) in (0, chapters) and len(drawn) in (0, 1) and len(looked_up) in (0, 1)
        rendered = rendering.load_cache(self.config, self.files, self.cache_dir)
        return {
            "render": len(rendered) == 1,
            "chapters": not prepared,
            "cover": not drawn,
            "volume": volume_kept,
            "card": CardCache(self.cache_dir / "cards").card(CARD, draw=False) is not None,
            "dictionary": not looked_up,
        }


def test_one_changed_byte_of_kbpress_misses_every_cache_and_a_readme_misses_none(code, rich, fixture_project, monkeypatch):
    caches = Caches(rich, fixture_project, monkeypatch)
    caches.fill()
    first = codeidentity.code_identity()
    assert caches.hits() == dict.fromkeys(CACHES, True)

    readme = code.parent / "README.md"
    readme.write_text("# kbpress\n\nAn unrelated change.\n", encoding="utf-8")
    codeidentity.forget()
    assert codeidentity.code_identity() == first
    assert caches.hits() == dict.fromkeys(CACHES, True)

    # A module no cache's own code imports: the identity is of the whole package.
    module = code / "feeds" / "jsonfeed.py"
    data = bytearray(module.read_bytes())
    position = data.index(b"JSON")
    data[position + 2] = ord("o")
    module.write_bytes(bytes(data))
    codeidentity.forget()
    assert codeidentity.code_identity() != first
    assert caches.hits() == dict.fromkeys(CACHES, False)


def test_a_template_or_asset_is_code_too(code):
    first = codeidentity.code_identity()
    templates = sorted((code / "templates").rglob("*.html"))
    assets = sorted((code / "assets").rglob("*.css"))
    assert templates and assets
    for changed in (templates[0], assets[0]):
        changed.write_bytes(changed.read_bytes() + b"\n")
        codeidentity.forget()
        assert codeidentity.code_identity() != first
        first = codeidentity.code_identity()


def test_no_cache_keeps_a_hand_bumped_version():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in codeidentity.PACKAGE_DIR.rglob("*.py"))
    for retired in ("RENDERER_VERSION", "COVER_VERSION", "SHAPING_MODULES"):
        assert retired not in sources, retired
    for cache_module in ("rendercache.py", "epub/chaptercache.py", "epub/cover.py", "epub/volumecache.py", "cards/cache.py",
                         "search/dictionary.py"):
        assert "_VERSION" not in (codeidentity.PACKAGE_DIR / cache_module).read_text(encoding="utf-8"), cache_module
