"""The bad-input matrix: one row per input a specialist can produce.

Every row builds a copy of a project whose previous site is already in
place and asserts the exit status, a message naming the file (and line)
with a fix, no traceback, and — for failures — the previous site untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.projects import FixtureProject, article, new_project, topic
from tests.hardening.matrixsupport import Row, edit, run_row, site_has, site_lacks, write

ARTICLE = article("不審なメールの見分け方", description="要約です。", body="## 見分け方\n\n本文です。[手順](after.md#手順)\n")
AFTER = article("開いてしまったら", description="要約です。", category="incident", tags=None, updated="2025-09-02",
                body="## 手順\n\n本文です。\n")
TOPIC = topic("偽SMSに注意", summary="宅配業者をかたるSMSが増えています。")


def symlink_outside(project: FixtureProject) -> None:
    outside = project.root.parent / "outside.md"
    outside.write_text(AFTER.replace("開いてしまったら", "外のファイル"), encoding="utf-8")
    os.symlink(outside, project.docs / "articles/linked.md")


def huge_page(project: FixtureProject) -> None:
    paragraph = "不審なメールは添付ファイルを開く前に送信元を確かめます。" * 20 + "\n\n"
    body = "".join(f"## 節{n}\n\n{paragraph}" for n in range(3000))
    project.write("docs/articles/huge.md", AFTER.replace("開いてしまったら", "とても長い記事").replace("## 手順\n\n本文です。\n", body))
    assert (project.docs / "articles/huge.md").stat().st_size > 5_000_000


def ascii_urls_only(project: FixtureProject) -> None:
    names = [p.relative_to(project.site).as_posix() for p in project.site.rglob("*")]
    assert all(name.isascii() for name in names), [n for n in names if not n.isascii()]
    assert any("p-" in name for name in names)


A = "docs/articles/good.md"
CONTENT_ROWS = [
    Row("malformed yaml", edit(A, "tags: [phishing]", "tags: [phishing"), "error", (f"{A}:6:", "YAML")),
    Row("front matter not a mapping", write(A, "---\n- a\n- b\n---\n本文\n"), "error", (f"{A}:1:", "マッピング")),
    Row("missing closing line", write(A, ARTICLE.replace("---\n##", "##")), "error", (f"{A}:1:", "---")),
    Row("tab indentation", edit(A, "tags: [phishing]", "tags:\n\t- phishing"), "error", (f"{A}:6:", "タブ")),
    Row("unknown key", edit(A, "tags:", "colour: red\ntags:"), "error", (f"{A}:5:", "未知のキー 'colour'")),
    Row("wrong type", edit(A, "tags: [phishing]", "tags: 3"), "error", (f"{A}:5:", "リスト")),
    Row("missing required field", edit(A, "description: 要約です。\n", ""), "error", (f"{A}:1:", "description")),
    Row("impossible date", edit(A, "2025-09-01", "2026-02-30"), "error", (f"{A}:7:", "存在しない日付")),
    Row("date without timezone is JST", write("docs/topics/2025/a.md", TOPIC.replace("+09:00", "")), "accept",
        check=site_has("topics/2025/fake-sms/index.html")),
    Row("future date is not published", write("docs/topics/2030/a.md", TOPIC.replace("2025-06-12", "2030-06-12")),
        "accept", check=site_lacks("topics/2030/fake-sms/index.html")),
    Row("duplicate slug", lambda p: (write("docs/topics/2025/a.md", TOPIC)(p), write("docs/topics/2025/b.md", TOPIC)(p)),
        "error", ("docs/topics/2025/b.md:1:", "重複")),
    Row("unknown tag", edit(A, "[phishing]", "[nosuchtag]"), "error", (f"{A}:5:", "nosuchtag", "taxonomy.yml")),
    Row("unknown category", edit(A, "category: mail", "category: cooking"), "error", (f"{A}:4:", "cooking")),
    Row("unknown audience", edit(A, "[従業員]", "[お客様]"), "error", (f"{A}:6:", "お客様")),
    Row("title containing script", edit(A, "見分け方\n", "<script>alert(1)</script>\n"), "error", (f"{A}:2:", "HTML タグ")),
    Row("shift_jis file", write(A, ARTICLE.encode("cp932")), "error", (f"{A}:2:", "Shift_JIS", "UTF-8")),
    Row("euc-jp file", write(A, ARTICLE.encode("euc_jp")), "error", (f"{A}:", "UTF-8")),
    Row("bom and crlf accepted", write(A, ("\ufeff" + ARTICLE).replace("\n", "\r\n").encode("utf-8")), "accept",
        check=site_has("articles/good/index.html")),
    Row("empty file", write(A, ""), "error", (f"{A}:1:", "空")),
    Row("no front matter", write(A, "## 本文だけ\n"), "error", (f"{A}:1:", "front matter")),
    Row("five megabyte page", huge_page, "accept", check=site_has("articles/huge/index.html")),
    Row("japanese file name", write("docs/articles/メールの基本.md", AFTER.replace("開いてしまったら", "基本")), "accept",
        check=ascii_urls_only),
    Row("spaced file name", write("docs/articles/Mail Basics.md", AFTER.replace("開いてしまったら", "基本")), "accept",
        check=site_has("articles/mail-basics/index.html")),
    Row("symlink outside docs", symlink_outside, "error", ("docs/articles/linked.md", "シンボリックリンク")),
    Row("broken internal link", edit(A, "after.md#手順", "gone.md"), "warning", ("articles/good.md", "gone.md")),
    Row("broken anchor", edit(A, "after.md#手順", "after.md#ない"), "warning", ("articles/good.md", "ない")),
    Row("missing image", edit(A, "本文です。", "![図](../images/none.png)"), "warning", ("articles/good.md", "none.png")),
    Row("image without alt", lambda p: (write("docs/images/flow.png", b"\x89PNG\r\n\x1a\n")(p),
                                        edit(A, "本文です。", "![](../images/flow.png)")(p)),
        "warning", (f"{A}:11:", "代替テキスト")),
    Row("raw script", edit(A, "本文です。", "<script>alert(1)</script>"), "warning", (f"{A}:11:", "<script>")),
    Row("raw iframe", edit(A, "本文です。", '<iframe src="https://example.jp/"></iframe>'), "warning", (f"{A}:11:", "<iframe>")),
    Row("event handler attribute", edit(A, "本文です。", '<p onclick="x()">押す</p>'), "warning", (f"{A}:11:", "on* 属性")),
    Row("javascript url", edit(A, "本文です。", '<a href="javascript:alert(1)">押す</a>'), "warning", (f"{A}:11:", "javascript:")),
    Row("script shown as inline code is fine", edit(A, "本文です。", "`<script>` と `onclick=` は書かないでください。"), "accept",
        check=site_has("articles/good/index.html")),
    Row("control characters", edit(A, "本文です。", "本文\x0bです\x1f。"), "warning", (f"{A}:11:", "制御文字")),
    Row("attack examples in code are content",
        edit(A, "本文です。", "`<img src=x onerror=alert(1)>` と `\x0b` は例です。\n\n```html\n<script>alert(1)</script>\n"
             '<a href="javascript:steal()">x</a>\n```\n\n'),
        "accept", check=site_has("articles/good/index.html")),
    Row("the same live link twice, each at its line",
        edit(A, "本文です。", '<a href="javascript:a()">1</a>\n\n`<a href="javascript:a()">` は例です。\n\n<a href="javascript:a()">2</a>'),
        "warning", (f"{A}:11: javascript: URL", f"{A}:15: javascript: URL")),
    Row("table right under a paragraph", edit(A, "本文です。", "本文です。\n| 項目 | 内容 |\n| --- | --- |\n| a | b |"), "warning",
        (f"{A}:13:", "空行")),
    Row("key written twice", edit(A, "description: 要約です。", "description: 要約です。\ntitle: 別の題"), "error",
        (f"{A}:4:", "2 行目と 4 行目")),
    Row("very long line", edit(A, "本文です。", "長い行。" * 20000), "accept", check=site_has("articles/good/index.html")),
    Row("deep nesting", edit(A, "本文です。", "\n".join("    " * n + "- 入れ子" for n in range(40)) + "\n\n" + "> " * 60 + "引用"),
        "accept", check=site_has("articles/good/index.html")),
    Row("taxonomy file missing", lambda p: (p.root / "taxonomy.yml").unlink(), "error", ("taxonomy.yml", "語彙ファイル")),
    Row("unknown plugin option", edit("mkdocs.yml", "taxonomy: taxonomy.yml", "taxonomy: taxonomy.yml\n      colour: red"),
        "error", ("colour",)),
]


@pytest.fixture(scope="module")
def built_template(tmp_path_factory) -> Path:
    """A valid project with its site already built: each row starts from a copy."""
    root = tmp_path_factory.mktemp("template") / "project"
    project = new_project(root, pages={"articles/good.md": ARTICLE, "articles/after.md": AFTER})
    result = project.build()
    assert result.returncode == 0, result.output
    return root


@pytest.mark.parametrize("row", CONTENT_ROWS, ids=[row.name for row in CONTENT_ROWS])
def test_content_row(row, built_template, tmp_path):
    run_row(row, built_template, tmp_path)
