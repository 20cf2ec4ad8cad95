"""A 1,000-chapter volume comes out complete (its speed is measured by bench/run.py)."""

from __future__ import annotations

from pathlib import Path

from epubfixture import write_docs
from epubsupport import OpenedEpub, article, internal_link_problems, make_site, render
from kbpress.epub import Manifest, Part, render_volume
from kbpress.model import Page

CHAPTERS = 1000

TEMPLATE = """\
# 章 NUMBER

## 概要

情報セキュリティ対策について確認します[^1]。[次の章](../NEXT/#詳細)、[前の章](../PREVIOUS/)、
[ポータル](../../faq/)。

![相談の流れを示す図](../../images/consultation-flow.png)

!!! warning "注意"
    不審なメールの添付ファイルは開かないでください。

| 項目 | 内容 | 優先度 |
|---|---|---|
| バックアップ | 外付けディスク | 高 |
| パスワード | 多要素認証 | 中 |

```text
送信元: unknown@example.com
```

## 詳細

- 手順を確認する
- 記録を残す

[^1]: 脚注です。
"""


def many_pages(count: int) -> list[Page]:
    html, toc = render(TEMPLATE)
    pages = []
    for number in range(count):
        names = {"NUMBER": str(number), "NEXT": f"c{(number + 1) % count:04d}", "PREVIOUS": f"c{(number - 1) % count:04d}"}
        page_html = html
        for placeholder, value in names.items():
            page_html = page_html.replace(placeholder, value)
        page = article(f"articles/c{number:04d}.md", f"章 {number}", "本文")
        page.html, page.toc = page_html, toc
        pages.append(page)
    return pages


def test_thousand_chapter_volume_is_complete(tmp_path: Path):
    """Correctness at the bench's scale; its speed is measured by bench/run.py, not here."""
    write_docs(tmp_path / "docs")
    pages = many_pages(CHAPTERS)
    faq_html, faq_toc = render("# よくある質問\n")
    pages.append(Page("faq.md", "faq/", pages[0].meta, html=faq_html, toc=faq_toc))
    site = make_site(tmp_path / "docs", pages, tmp_path / "site")
    manifest = Manifest(
        path="guidebook/big.yml",
        slug="big",
        title="大きな巻",
        volume=9,
        parts=(Part(None, tuple(page.src_path for page in pages[:CHAPTERS])),),
    )
    built = render_volume(manifest, site)
    (tmp_path / "big.epub").write_bytes(built.data)
    book = OpenedEpub.open(tmp_path / "big.epub")
    assert len(book.spine_files()) == CHAPTERS + 2
    assert internal_link_problems(book) == []
    assert sum(1 for name in book.names if name.startswith("EPUB/media/images/")) == 1
