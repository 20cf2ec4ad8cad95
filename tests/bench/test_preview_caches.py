"""The preview speed-ups change nothing but speed.

Under ``mkdocs serve`` the content plugin reuses sources loaded by the
previous rebuild (``SourceCache``) and keeps section pages in files that
are rewritten only when their text changes, so ``--dirty`` rebuilds skip
them. These tests pin what must stay true.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kbpress.content import ContentConfig, SourceCache, iter_markdown_files, load_sources
from kbpress.taxonomy import load_taxonomy

ARTICLE = """\
---
title: {title}
description: 要約です。
category: mail
tags: [phishing]
audience: [従業員]
updated: 2025-09-01
---
## 見出し

本文です。
"""


def _load(project, taxonomy, cache=None):
    docs = project.docs
    return load_sources(iter_markdown_files(docs), docs, project.root, taxonomy, ContentConfig(), cache)


def _by_src(loaded) -> dict:
    return {item.page.src_path: item for item in loaded}


def _bump_mtime(path: Path) -> None:
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_source_cache_gives_the_same_pages_and_rereads_only_changed_files(fixture_project):
    fixture_project.write("docs/articles/a.md", ARTICLE.format(title="一つ目"))
    fixture_project.write("docs/articles/b.md", ARTICLE.format(title="二つ目"))
    taxonomy = load_taxonomy(fixture_project.root / "taxonomy.yml")
    cache = SourceCache()

    plain, plain_problems = _load(fixture_project, taxonomy)
    first, problems = _load(fixture_project, taxonomy, cache)
    assert problems == plain_problems == []
    assert [item.page for item in first] == [item.page for item in plain]

    again, _ = _load(fixture_project, taxonomy, cache)
    assert all(new is old for new, old in zip(again, first)), "unchanged files must not be loaded again"

    changed = fixture_project.write("docs/articles/b.md", ARTICLE.format(title="二つ目 改訂版"))
    _bump_mtime(changed)
    third, _ = _load(fixture_project, taxonomy, cache)
    before, after = _by_src(first), _by_src(third)
    assert after["articles/b.md"].page.title == "二つ目 改訂版"
    assert after["articles/a.md"] is before["articles/a.md"]


def test_source_cache_reports_problems_again_and_forgets_them_when_fixed(fixture_project):
    broken = fixture_project.write("docs/articles/a.md", ARTICLE.format(title="一つ目").replace("category: mail", "category: nothing"))
    taxonomy = load_taxonomy(fixture_project.root / "taxonomy.yml")
    cache = SourceCache()
    assert _load(fixture_project, taxonomy, cache)[1], "the unknown category must be reported"
    assert _load(fixture_project, taxonomy, cache)[1], "and reported again by the next rebuild"
    fixture_project.write("docs/articles/a.md", ARTICLE.format(title="一つ目"))
    _bump_mtime(broken)
    loaded, problems = _load(fixture_project, taxonomy, cache)
    assert problems == [] and _by_src(loaded)["articles/a.md"].page.title == "一つ目"


def test_source_cache_starts_over_when_the_vocabulary_changes(fixture_project):
    fixture_project.write("docs/articles/a.md", ARTICLE.format(title="一つ目"))
    taxonomy = load_taxonomy(fixture_project.root / "taxonomy.yml")
    cache = SourceCache()
    first, _ = _load(fixture_project, taxonomy, cache)
    vocabulary = fixture_project.root / "taxonomy.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("name: フィッシング", "name: フィッシング詐欺"), encoding="utf-8")
    changed_taxonomy = load_taxonomy(vocabulary)
    second, _ = _load(fixture_project, changed_taxonomy, cache)
    before, after = _by_src(first)["articles/a.md"], _by_src(second)["articles/a.md"]
    assert after is not before
    assert after.page == before.page  # same source, same slugs: an equal page, freshly validated


def test_serve_rewrites_section_pages_only_when_their_text_changes(fixture_project, tmp_path):
    from mkdocs.config import load_config

    fixture_project.write("docs/articles/a.md", ARTICLE.format(title="一つ目"))
    config = load_config(config_file=str(fixture_project.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["kbpress"]
    config.plugins._current_plugin = "kbpress"  # as while MkDocs runs the plugin's events
    plugin.on_startup(command="serve", dirty=True)
    try:
        first = plugin._generated_file(config, "tags/index.md", "---\ntitle: タグ\n---\n本文\n")
        source = Path(first.abs_src_path)
        assert first.generated_by is not None and source.read_text(encoding="utf-8").endswith("本文\n")
        written = source.stat().st_mtime_ns
        os.utime(source, ns=(written - 10**9, written - 10**9))
        same = plugin._generated_file(config, "tags/index.md", "---\ntitle: タグ\n---\n本文\n")
        assert same.abs_src_path == first.abs_src_path
        assert source.stat().st_mtime_ns == written - 10**9, "unchanged text must leave the file (and its time) alone"
        plugin._generated_file(config, "tags/index.md", "---\ntitle: タグ\n---\n別の本文\n")
        assert source.read_text(encoding="utf-8").endswith("別の本文\n")
        assert source.stat().st_mtime_ns > written - 10**9
        preview_dir = plugin._preview_sources
    finally:
        plugin.on_shutdown()
    assert not preview_dir.exists(), "the preview files must go with the server"
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


def test_build_keeps_section_pages_in_memory(fixture_project):
    from mkdocs.config import load_config

    config = load_config(config_file=str(fixture_project.root / "mkdocs.yml"))
    plugin = config.plugins["kbpress"]
    config.plugins._current_plugin = "kbpress"
    plugin.on_startup(command="build", dirty=False)
    generated = plugin._generated_file(config, "tags/index.md", "---\ntitle: タグ\n---\n本文\n")
    assert generated.abs_src_path is None and generated.content_string.endswith("本文\n")
    assert plugin._preview_sources is None
