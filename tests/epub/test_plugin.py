"""The MkDocs adapter: real `mkdocs build` runs of a small fixture project."""

from __future__ import annotations

import re
import shutil

import pytest

from epubsupport import NS, OpenedEpub, internal_link_problems
from tests.projects import mkdocs_yml

pytestmark = pytest.mark.slow

MKDOCS = mkdocs_yml(nav=("ホーム: index.md", "ガイドブック追補資料: guidebook.md"), plugins="  - kbpress-epub{options}\n",
                    features=False)

BACKUP = """\
---
title: バックアップの基本
description: データを失わないための基本です。
category: data
audience: [従業員]
updated: 2025-06-12
---
## 3-2-1 ルール

コピーを 3 つ持ちます[^1]。[多要素認証](passwords.md#多要素認証)、[ホーム](../index.md)、[窓口](../contact.md)。

![相談の流れを示す図](../images/consultation-flow.png)

??? tip "補足"
    クラウドも使えます。

=== "Windows"
    ファイル履歴。

=== "macOS"
    Time Machine。

[^1]: 脚注です。
"""

PASSWORDS = """\
---
title: パスワード管理
description: パスワードの管理です。
category: account
audience: [従業員]
updated: 2025-05-01
---
## 多要素認証

[バックアップへ](backup.md#3-2-1-ルール)

```python
print("2 段階")
```
"""


def setup_project(project, options: str = "", basics: str | None = None) -> None:
    project.write("mkdocs.yml", MKDOCS.format(options=options))
    project.write("docs/index.md", "---\ntitle: ホーム\n---\nようこそ。\n")
    project.write("docs/contact.md", "---\ntitle: 相談窓口\n---\n平日に開いています。\n")
    project.write("docs/articles/backup.md", BACKUP)
    project.write("docs/articles/passwords.md", PASSWORDS)
    shutil.copytree(_images(), project.docs / "images")
    project.write(
        "guidebook/basics.yml",
        basics
        or """\
        title: 情報セキュリティの基本
        subtitle: はじめの一歩
        volume: 1
        chapters:
          - part: 第1部 データ
            chapters:
              - articles/backup.md
          - articles/passwords.md
        """,
    )
    project.write(
        "guidebook/vertical.yml",
        """\
        title: 縦書きで読む基本
        volume: 2
        writing_mode: vertical
        chapters: [articles/passwords.md]
        appendix: [contact.md]
        """,
    )


def _images():
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "docs" / "images"


def test_build_writes_volumes_and_a_download_page_with_sizes(fixture_project):
    setup_project(fixture_project)
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    guidebook = fixture_project.site / "guidebook"
    assert sorted(p.name for p in guidebook.iterdir()) == ["basics.epub", "index.html", "vertical.epub"]
    page = (guidebook / "index.html").read_text(encoding="utf-8")
    for slug, title in (("basics", "第1巻 情報セキュリティの基本"), ("vertical", "第2巻 縦書きで読む基本")):
        size = (guidebook / f"{slug}.epub").stat().st_size
        assert f'<a href="{slug}.epub" type="application/epub+zip">{title.split(" ", 1)[1]}</a>' in page
        shown = re.search(rf'data-kbpress-epub-size="{slug}">、(\d+) KB<', page)
        assert shown and int(shown.group(1)) == round(size / 1000)
        assert title in page
    assert "更新日: 2025年6月12日" in page
    assert "guidebook/basics.epub を作りました" in result.output


def test_built_volumes_follow_their_manifests(fixture_project):
    # EPUBCheck runs on the sample site's volumes (test_sample_volumes), built the same way.
    setup_project(fixture_project)
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    basics = OpenedEpub.open(fixture_project.site / "guidebook/basics.epub")
    assert basics.page_titles() == ["バックアップの基本", "パスワード管理"]
    assert internal_link_problems(basics) == []
    chapter = basics.entries["EPUB/text/ch0001.xhtml"].decode()
    assert 'href="ch0002.xhtml#' in chapter and 'href="https://kb.example.jp/contact/"' in chapter
    assert 'href="https://kb.example.jp/"' in chapter and "headerlink" not in chapter
    vertical = OpenedEpub.open(fixture_project.site / "guidebook/vertical.epub")
    assert vertical.page_titles() == ["パスワード管理", "相談窓口"]
    assert vertical.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"


def test_two_builds_give_byte_identical_volumes(fixture_project, tmp_path):
    setup_project(fixture_project)
    assert fixture_project.build().returncode == 0
    first = {p.name: p.read_bytes() for p in (fixture_project.site / "guidebook").glob("*.epub")}
    assert fixture_project.build().returncode == 0
    second = {p.name: p.read_bytes() for p in (fixture_project.site / "guidebook").glob("*.epub")}
    assert first.keys() == {"basics.epub", "vertical.epub"} and first == second


def test_broken_manifest_stops_the_build_and_keeps_the_previous_site(fixture_project):
    setup_project(fixture_project)
    assert fixture_project.build().returncode == 0
    before = (fixture_project.site / "guidebook/basics.epub").read_bytes()
    fixture_project.write(
        "guidebook/basics.yml",
        """\
        title: 情報セキュリティの基本
        volume: 1
        chapters:
          - articles/backup.md
          - articles/typo.md
        """,
    )
    result = fixture_project.build()
    assert result.returncode != 0
    assert "guidebook/basics.yml:3: chapters: docs/articles/typo.md がありません" in result.output
    assert (fixture_project.site / "guidebook/basics.epub").read_bytes() == before
    leftovers = [p.name for p in fixture_project.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_image_without_alt_text_is_a_warning_naming_page_and_manifest(fixture_project):
    setup_project(fixture_project)
    fixture_project.write("docs/articles/passwords.md", PASSWORDS + "\n![](../images/incident-flow.png)\n")
    result = fixture_project.run("mkdocs", "build")  # not strict: the warning alone is checked
    assert result.returncode == 0, result.output
    assert re.search(
        r"WARNING.*docs/articles/passwords\.md: 画像 images/incident-flow\.png に代替テキストがありません.*guidebook/basics\.yml",
        result.output,
    ), result.output


def test_disabled_plugin_builds_no_volumes(fixture_project):
    setup_project(fixture_project, options=":\n      enabled: false")
    fixture_project.write("docs/guidebook.md", "---\ntitle: ガイドブック\n---\n準備中です。\n")
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    assert not list((fixture_project.site / "guidebook").glob("*.epub"))


def test_a_docs_page_named_guidebook_is_refused(fixture_project):
    setup_project(fixture_project)
    fixture_project.write("docs/guidebook.md", "---\ntitle: 手書き\n---\n本文。\n")
    result = fixture_project.build()
    assert result.returncode != 0
    assert "docs/guidebook.md: このページはガイドブックの定義から自動で作られます" in result.output


def test_other_guidebook_dir_option(fixture_project):
    setup_project(fixture_project, options=":\n      guidebook_dir: books")
    shutil.move(fixture_project.root / "guidebook", fixture_project.root / "books")
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    assert (fixture_project.site / "guidebook/basics.epub").is_file()



def test_kbpress_check_reports_manifest_problems_without_building(fixture_project):
    setup_project(fixture_project)
    fixture_project.write("guidebook/vertical.yml", "title: 縦書き\nvolume: 2\nchapters: []\nbogus: 1\n")
    result = fixture_project.check()
    assert result.returncode == 1, result.output
    assert "guidebook/vertical.yml:3: chapters: ページの一覧" in result.output
    assert "guidebook/vertical.yml:4: bogus: 未知のキーです" in result.output
    assert not fixture_project.site.exists()
