"""Tabbed blocks and admonitions in feed items, as a reader's sanitiser leaves them.

Feed readers drop classes, styles and form controls; feedparser's
sanitiser does what they do. A tab set must arrive as its labels as
headings, each followed by its own panel; an admonition's title as a bold
line before its text.
"""

from __future__ import annotations

import re
from datetime import datetime

import feedparser
import markdown
import pymdownx.slugs
import pytest
from feedsupport import JST, NOW, make_site, topic

from kbpress.feeds import FeedDefinition, render_feeds
from kbpress.feeds.html import flatten_widgets_html

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.highlight",
              "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist"]
CONFIGS = {
    "toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")},
    "pymdownx.tabbed": {"alternate_style": True},
}

SETTINGS_BY_DEVICE = """\
更新の確認方法は端末によって違います。

### 更新の確認

=== "Windows 11"

    1. スタートメニューから「設定」を開きます。
    2. 「Windows Update」を選び、**更新プログラムのチェック** を押します。

=== "macOS"

    アップルメニューの「システム設定」→「一般」→「ソフトウェアアップデート」を開きます。

    ```console
    $ softwareupdate --list
    ```

=== "iPhone / iPad"

    「設定」→「一般」→「ソフトウェアアップデート」を開きます。

!!! warning
    更新の途中で電源を切らないでください。

??? tip "社内での周知のしかた"
    - [x] 朝礼で伝える
    - [ ] 掲示板に貼る

最後の段落です。
"""

NESTED_AT_TOP = """\
=== "個人で使う場合"

    === "スマートフォン"

        画面ロックを設定します。

    === "パソコン"

        ディスクの暗号化を有効にします。

=== "会社で貸与する場合"

    管理者の指示に従ってください。
"""


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)


def sanitised_entry_html(tmp_path, body_html: str) -> str:
    page = topic("update-howto", datetime(2025, 6, 20, 10, 0, tzinfo=JST), html=body_html)
    site = make_site(tmp_path / "docs", [page])
    files, problems = render_feeds(site, [FeedDefinition(path="topics", title="トピックス")], NOW)
    assert problems == []
    parsed = feedparser.parse(files["feeds/topics.atom"])
    assert parsed.bozo == 0 and len(parsed.entries) == 1
    return parsed.entries[0].content[0].value


def test_tab_labels_become_headings_each_followed_by_its_panel(tmp_path):
    html = sanitised_entry_html(tmp_path, rendered(SETTINGS_BY_DEVICE))
    for control in ("<input", "<label", "radio", "tabbed-labels"):
        assert control not in html
    headings = re.findall(r"<h(\d)[^>]*>(.*?)</h\1>", html, re.DOTALL)
    assert [(level, re.sub(r"<[^>]+>", "", text)) for level, text in headings] == [
        ("3", "更新の確認"), ("4", "Windows 11"), ("4", "macOS"), ("4", "iPhone / iPad"),
    ]
    order = [html.index(marker) for marker in (
        ">Windows 11<", "Windows Update", ">macOS<", "softwareupdate", ">iPhone / iPad<", "「設定」→「一般」",
    )]
    assert order == sorted(order)  # each panel right after its own label


def test_admonitions_keep_a_bold_title_before_their_text(tmp_path):
    html = sanitised_entry_html(tmp_path, rendered(SETTINGS_BY_DEVICE))
    assert "<strong>注意</strong>" in html  # the English default title in Japanese, as in the EPUB
    assert html.index("<strong>注意</strong>") < html.index("電源を切らないでください")
    assert "<strong>社内での周知のしかた</strong>" in html
    assert "<details" not in html and "<summary" not in html
    assert "☑" in html and "☐" in html  # task boxes survive the sanitiser as characters
    assert html.rstrip().endswith("最後の段落です。</p>")


def test_nested_tabs_at_the_top_of_an_item_get_nested_heading_levels(tmp_path):
    html = sanitised_entry_html(tmp_path, rendered(NESTED_AT_TOP))
    headings = [(level, text) for level, text in re.findall(r"<h(\d)[^>]*>(.*?)</h\1>", html)]
    assert headings == [
        ("2", "個人で使う場合"), ("3", "スマートフォン"), ("3", "パソコン"), ("2", "会社で貸与する場合"),
    ]
    assert html.index("画面ロック") < html.index(">パソコン<") < html.index("ディスクの暗号化") < html.index(">会社で")


@pytest.mark.parametrize("body", [
    "<p>タブも注意書きもない本文です。</p>\n",
    '<p>コード <code>class="admonition"</code> を含む本文。</p>',
])
def test_html_without_widgets_is_returned_unchanged(body):
    assert flatten_widgets_html(body) == body


ADMONITIONS_ONLY = """\
パスワードは使い回さないでください。

!!! danger
    同じパスワードを複数のサービスで使うと、一つの漏えいで全部が危険になります。

!!! note "覚え方"
    パスワード管理ソフトを使えば、覚えるのは一つだけです。

!!! tip ""
    タイトルのない囲みです。
"""


def test_admonitions_without_tabs_get_the_same_bold_titles_without_parsing_the_page(tmp_path):
    html = sanitised_entry_html(tmp_path, rendered(ADMONITIONS_ONLY))
    assert html.index("<strong>危険</strong>") < html.index("一つの漏えい")
    assert html.index("<strong>覚え方</strong>") < html.index("覚えるのは一つだけ")
    assert "タイトルのない囲みです。" in html and "<strong></strong>" not in html
    with_tabs = rendered(ADMONITIONS_ONLY + '\n=== "A"\n\n    a\n')
    fast = flatten_widgets_html(rendered(ADMONITIONS_ONLY))
    parsed = flatten_widgets_html(with_tabs)
    for title in ("<strong>危険</strong>", "<strong>覚え方</strong>"):
        assert title in fast and title in parsed
