"""Nested tags (``a/b``) are shown as a tree on the tag list; flat vocabularies look as before."""

from __future__ import annotations

from datetime import datetime

from kbpress.indexes import TAGS_INDEX, generated_pages
from kbpress.model import JST, Kind, Page, PageMeta, Site, Term


def _tags_markdown(tags: list[Term], pages: list[Page]) -> list[str]:
    site = Site("s", "https://kb.example.jp/", "", "o", "/d", "/s", datetime(2026, 1, 1, tzinfo=JST), tags={t.slug: t for t in tags})
    page = next(p for p in generated_pages(site, pages) if p.src_path == TAGS_INDEX)
    return [line for line in page.markdown.splitlines() if line.lstrip().startswith("- ")]


def test_children_sit_under_their_parent_with_their_own_name():
    tags = [Term("mail-spoof", "メール/なりすまし"), Term("password", "パスワード"), Term("mail", "メール"),
            Term("lw", "LifeWork"), Term("lw-share", "LifeWork/知の共有化"), Term("lw-share-x", "LifeWork/知の共有化/事例")]
    note = Page("a.md", "docs/a/", PageMeta(kind=Kind.ARTICLE, title="a", tags=("lw", "lw-share", "password")))
    assert _tags_markdown(tags, [note]) == [
        "- [パスワード](password/index.md)（1件）",
        "- [メール](mail/index.md)（0件）",
        "    - [なりすまし](mail-spoof/index.md)（0件）",
        "- [LifeWork](lw/index.md)（1件）",
        "    - [知の共有化](lw-share/index.md)（1件）",
        "        - [事例](lw-share-x/index.md)（0件）",
    ]


def test_a_nested_name_without_its_parent_stays_whole_at_the_top():
    assert _tags_markdown([Term("x", "相談/電話"), Term("y", "フィッシング")], []) == [
        "- [相談/電話](x/index.md)（0件）",
        "- [フィッシング](y/index.md)（0件）",
    ]
