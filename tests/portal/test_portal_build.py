"""The built portal: link cards and tags on every page, the search index, no third parties."""

from __future__ import annotations

import json
import os
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from cardcheck import assert_budoux_lines, card_lines
from tests.projects import BIN, REPO, BuildResult
from conftest import Preview

pytestmark = pytest.mark.slow

SITE_URL = "https://kb.example.jp/"
META_RE = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')
DRAWN_RE = re.compile(r"新しく描画 (\d+) 枚、キャッシュから (\d+) 枚")

ARTICLE = """\
---
title: {title}
description: 不審なメールの見分け方を紹介します。
category: mail
tags: [phishing]
audience: [従業員]
updated: 2025-09-01
---
本文です。パスワード管理ツールを使いましょう。
"""


def _pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("index.html") if path.relative_to(site).parts[:2] != ("search", "index"))


def _url_of(site: Path, path: Path) -> str:
    relative = path.parent.relative_to(site).as_posix()
    return "" if relative == "." else relative + "/"


def _meta(html: str) -> dict[str, str]:
    return {name: unescape(value) for name, value in META_RE.findall(html)}


def test_every_page_has_link_card_tags_and_a_card(sample_site):
    pages = _pages(sample_site)
    assert len(pages) > 40
    for path in pages:
        url = _url_of(sample_site, path)
        meta = _meta(path.read_text(encoding="utf-8"))
        where = f"/{url}"
        assert meta.get("og:url") == SITE_URL + url, where
        assert meta.get("og:locale") == "ja_JP", where
        assert meta.get("twitter:card") == "summary_large_image", where
        assert meta.get("og:title") and meta.get("og:description"), where
        image = meta.get("og:image", "")
        assert image.startswith(SITE_URL + "assets/cards/"), where
        png = (sample_site / image[len(SITE_URL) :]).read_bytes()
        assert_budoux_lines(meta["og:title"], card_lines(png))


def test_pages_are_japanese(sample_site):
    for path in _pages(sample_site) + [sample_site / "404.html"]:
        assert '<html lang="ja"' in path.read_text(encoding="utf-8"), path


def test_articles_are_indexed_and_list_pages_are_not(sample_site):
    def marked(relative: str) -> bool:
        return "data-kb-search-body" in (sample_site / relative / "index.html").read_text(encoding="utf-8")

    assert marked("articles/backup-basics") and marked("guidebook") and marked("feeds") and marked(".")
    for listing in ("categories", "categories/mail", "tags", "tags/backup", "topics", "topics/2025", "updates", "search"):
        assert not marked(listing), listing
    assert (sample_site / "search" / "index" / "meta.json").is_file()


def test_portal_pages_load_nothing_from_other_sites(sample_site):
    # Loaded resources only: <script src>, stylesheets, images, preconnects.
    loaded = re.compile(r'<(?:script|img|iframe|source)[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preconnect|preload|icon)"[^>]+href="(https?:)?//')
    pages = list(sample_site.rglob("*.html"))
    stylesheets = list(sample_site.rglob("*.css"))
    assert len(pages) >= len(list((REPO / "docs").rglob("*.md"))) and len(stylesheets) >= 2  # Material's and the portal's
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not loaded.search(html), f"{path}: {loaded.search(html).group(0)}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
    for path in stylesheets:
        assert "@import url(http" not in path.read_text(encoding="utf-8"), path


def _enable_portal_plugins(project) -> None:
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - kbpress:\n      taxonomy: taxonomy.yml\n", "  - kbpress:\n      taxonomy: taxonomy.yml\n  - kbpress-search\n  - kbpress-cards:\n      cache_dir: card-cache\n")
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")


def _drawn(result) -> tuple[int, int]:
    match = DRAWN_RE.search(result.output)
    assert match, result.output
    return int(match.group(1)), int(match.group(2))


def test_a_second_build_redraws_no_card(fixture_project):
    _enable_portal_plugins(fixture_project)
    fixture_project.write("docs/articles/first.md", ARTICLE.format(title="不審なメールの見分け方"))
    fixture_project.write("docs/articles/second.md", ARTICLE.format(title="パスワード管理ツールの選び方"))
    first = fixture_project.build()
    assert first.returncode == 0, first.output
    drawn, reused = _drawn(first)
    assert drawn > 3 and reused == 0
    second = fixture_project.build()
    assert second.returncode == 0, second.output
    assert _drawn(second) == (0, drawn)
    stats = json.loads((fixture_project.root / "card-cache" / "last-build.json").read_text())
    assert stats["drawn"] == 0 and stats["reused"] == drawn
    fixture_project.write("docs/articles/second.md", ARTICLE.format(title="パスワード管理ツールの選び方と使い方"))
    third = fixture_project.build()
    assert _drawn(third) == (1, drawn - 1), "only the retitled page is redrawn"
    assert (fixture_project.site / "assets" / "cards" / "articles" / "second" / "card.png").is_file()
    assert "検索インデックス" in third.output


def test_previews_skip_new_cards_and_the_search_index(fixture_project):
    _enable_portal_plugins(fixture_project)
    fixture_project.write("docs/articles/first.md", ARTICLE.format(title="不審なメールの見分け方"))
    with Preview(fixture_project.root) as preview:
        search_page = preview.get("search/")
        article = preview.get("articles/first/")
    output = preview.output
    assert "描画を省きました" in output and "検索インデックスを作りません" in output
    assert "プレビュー (mkdocs serve) では検索インデックスを作らない" in search_page
    meta = _meta(article)
    assert "og:image" not in meta and meta["og:title"] == "不審なメールの見分け方"
    assert not (fixture_project.root / "card-cache").exists() or not list((fixture_project.root / "card-cache").glob("*.png"))


def test_a_site_large_enough_for_workers_builds_the_same_index_and_cards_either_way(fixture_project):
    """320 pages on two CPUs: the cold build's one worker draws every card and builds the search
    index (pages first), so the build process does neither; the warm build reuses the cards and
    the worker only indexes. Both indexes must be the same bytes."""
    _enable_portal_plugins(fixture_project)
    for number in range(320):
        fixture_project.write(f"docs/articles/a{number:03d}.md",
                              ARTICLE.format(title=f"記事{number:03d} 固有語{number:03d}ばん"))
    cold = _build_on_two_cpus(fixture_project)
    assert cold.returncode == 0, cold.stdout + cold.stderr
    cold = BuildResult(cold.returncode, cold.stdout, cold.stderr)
    assert "ワーカー 1/1: リンクカード・検索インデックス" in cold.output, cold.output
    assert "ワーカープロセスで作成" in cold.output, "the index is not built in the build process"
    drawn, reused = _drawn(cold)
    assert drawn > 320 and reused == 0
    index = fixture_project.site / "search" / "index"
    first = {path.relative_to(index): path.read_bytes() for path in sorted(index.rglob("*.json"))}
    warm = fixture_project.build()
    assert warm.returncode == 0, warm.output
    assert _drawn(warm) == (0, drawn)
    assert "ワーカープロセスで作成" in warm.output
    second = {path.relative_to(index): path.read_bytes() for path in sorted(index.rglob("*.json"))}
    assert second == first
    meta = json.loads(first[Path("meta.json")])
    assert meta["pages"] >= 320
    for number in (0, 159, 319):
        card = fixture_project.site / "assets" / "cards" / "articles" / f"a{number:03d}" / "card.png"
        assert card.is_file() and card.stat().st_size > 0
    titles = {json.loads(data)["title"] for path, data in first.items() if path.parts[0] == "d"}
    assert {f"記事{number:03d} 固有語{number:03d}ばん" for number in range(320)} <= titles


def _build_on_two_cpus(project) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` allowed on (at most) two CPUs, as on the machines kbpress is measured on."""
    cpus = sorted(os.sched_getaffinity(0))[:2]
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=project.root, capture_output=True, text=True,
                          timeout=600, preexec_fn=lambda: os.sched_setaffinity(0, cpus))


def test_home_page_names_the_site_once_and_pages_after_their_title(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "<title>知識の保管庫</title>" in home
    assert re.search(r"<h1[^>]*>知識の保管庫", home), "the home page's heading is the site's name, not the nav label"
    article = (sample_site / "articles" / "backup-basics" / "index.html").read_text(encoding="utf-8")
    assert "<title>バックアップの基本 - 知識の保管庫</title>" in article
