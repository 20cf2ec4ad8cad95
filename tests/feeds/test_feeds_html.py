"""Feed HTML: the fast link rewriting agrees with lxml on real Markdown output."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.html
import markdown
import pymdownx.slugs
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpress.feeds.html import absolute_html, absolute_url, feed_html, remove_active_html, remove_forbidden_chars

BASE = "https://kb.example.jp/topics/2025/fake-sms/"
EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences", "pymdownx.tabbed",
]
EXTENSION_CONFIGS = {
    "toc": {"permalink": True, "permalink_title": "この見出しへのリンク", "slugify": pymdownx.slugs.slugify(case="lower")},
    "pymdownx.tabbed": {"alternate_style": True},
}
SOURCE = """\
## 何が起きているか

宅配業者をかたる SMS です。[見分け方](../../../articles/fake-sms/)、[この節](#何が起きているか)、
[外部](https://www.example.org/?a=1&b=2 "公的機関 > 相談")、[メール](mailto:soudan@example.jp)、
[一覧](../../index.html?page=2#top)、[上へ](./)、[兄弟](../vpn-update/)。[^1]

![相談の流れ](../../../images/consultation-flow.png){ width="300" }

!!! warning "注意"
    リンク先の [URL](../../../faq/#sms) を開かないでください。

| 項目 | 内容 |
|---|---|
| 窓口 | [相談窓口](../../../about/#contact) |

<p class='raw'><a href='../../../articles/a/'>単引用符</a> <a href=../../../articles/b/>引用符なし</a>
<img src="../../../images/a.png" srcset="../../../images/a.png 1x, ../../../images/a@2x.png 2x" alt="x"></p>

<div markdown="1">
[md_in_html のリンク](../../../articles/c/)
</div>

```html
<a href="../../not-a-link/">コードの中は書き換えない</a>
```

`<img src="../inline-code.png">`

## 次の見出し { #next }

本文。

[^1]: 脚注の[リンク](../../../articles/d/)です。
"""


def reference(html: str, base: str) -> str:
    """What lxml does: a real parser, headerlinks dropped, links made absolute."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for anchor in root.xpath('//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'):
        anchor.drop_tree()
    root.make_links_absolute(base, resolve_base_href=False)
    for element in root.xpath("//*[@srcset]"):
        element.set(
            "srcset", ", ".join(" ".join([urljoin(base, c.split()[0]), *c.split()[1:]]) for c in element.get("srcset").split(","))
        )
    return root


def shape(root) -> list:
    return [(element.tag, sorted(element.attrib.items()), element.text, element.tail) for element in root.iter()]


def test_rewriting_matches_lxml_on_mkdocs_markdown_output():
    html = markdown.markdown(SOURCE, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    assert 'class="headerlink"' in html and "footnote-ref" in html  # the input has what we strip and keep
    ours = lxml.html.fragment_fromstring(absolute_html(html, BASE), create_parent="div")
    assert shape(ours) == shape(reference(html, BASE))
    text = absolute_html(html, BASE)
    assert "headerlink" not in text
    assert 'href="https://kb.example.jp/articles/fake-sms/"' in text
    assert 'href="https://kb.example.jp/topics/2025/fake-sms/#fn:1"' in text
    assert 'href="https://kb.example.jp/topics/index.html?page=2#top"' in text
    assert "../../not-a-link/" in text and "../inline-code.png" in text  # code stays as written
    assert 'href="https://www.example.org/?a=1&amp;b=2"' in text  # untouched absolute link
    assert "../" not in text.replace("../../not-a-link/", "").replace("../inline-code.png", "")


def test_text_without_links_is_returned_as_is():
    html = "<p>リンクのない本文です。&amp; &lt;b&gt;</p>\n"
    assert absolute_html(html, BASE) == html


def test_headerlink_with_other_classes_and_symbol_markup_is_removed():
    html = '<h2 id="a">見出し<a class="md-link headerlink" href="#a" title="リンク"><span>¶</span></a></h2><p>後</p>'
    assert absolute_html(html, BASE) == '<h2 id="a">見出し</h2><p>後</p>'


def test_forbidden_characters_are_counted_and_removed():
    assert remove_forbidden_chars("a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\tok\n\r") == ("abcdefg\tok\n\r", 6)
    assert remove_forbidden_chars("日本語のテキスト") == ("日本語のテキスト", 0)


SEGMENT = st.sampled_from(["a", "b", "..", ".", "", "c.png", "x y", "%E3%81%82", "日本", "q?x=1", "p;v", "\\\\w"])


@settings(max_examples=300, deadline=None)
@given(
    base_path=st.lists(st.sampled_from(["topics", "2025", "slug", "articles"]), max_size=4),
    segments=st.lists(SEGMENT, min_size=1, max_size=6),
    fragment=st.sampled_from(["", "#x", "#", "#a/b"]),
    directory_base=st.booleans(),
)
def test_fast_path_resolves_like_urljoin(base_path, segments, fragment, directory_base):
    base = "https://kb.example.jp/" + "/".join(base_path) + ("/" if base_path and directory_base else "")
    url = "/".join(segments) + fragment
    if not url.strip():
        return
    assert absolute_url(url, base) == urljoin(base, url.strip())


def test_active_html_is_removed_from_feeds():
    html = (
        '<p onclick="steal()">本文 <a href="javascript:alert(1)">危険</a> <a href="../a/">安全</a></p>\n'
        '<script>alert(1)</script><iframe src="https://evil.example/">フレーム</iframe>\n'
        '<form action="https://evil.example/"><input name="q"></form>'
        '<p>後 <a href=" java&#x09;script:alert(2)" onmouseover="y()">b</a></p>\n'
        '<object data="x.swf"><embed src="x.swf"></object><p>最後</p>'
    )
    cleaned = feed_html(html, BASE)
    for gone in ("script", "iframe", "form", "input", "object", "embed", "onclick", "onmouseover", "javascript", "evil"):
        assert gone not in cleaned.lower(), gone
    for kept in ("本文", "危険", "後", "最後", 'href="https://kb.example.jp/topics/2025/a/"'):
        assert kept in cleaned, kept


def test_harmless_html_skips_the_parser_and_keeps_its_bytes():
    html = markdown.markdown(SOURCE, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    assert remove_active_html(html) is html
