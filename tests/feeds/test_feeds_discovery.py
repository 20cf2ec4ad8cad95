"""Autodiscovery links and the portal's feeds page."""

from __future__ import annotations

import markdown
from feedsupport import NOW, SITE_URL, make_site, topic

from kbpress.feeds import FeedDefinition, feed_links, feed_set, feeds_page_markdown, link_tags
from kbpress.model import Kind, Page, PageMeta

DEFINITIONS = [
    FeedDefinition(path="topics", title="知識の保管庫 トピックス", description="すべてのトピックスです。", limit=30),
    FeedDefinition(path="alerts", title="注意喚起 | 急ぎ", description="*急ぎ* の [お知らせ]", categories=("alert",), full_content=False),
]


def plain_page(src_path: str, url: str, *, generated: bool = False) -> Page:
    return Page(src_path=src_path, url=url, meta=PageMeta(kind=Kind.PAGE, title="ページ"), generated=generated)


def test_every_page_announces_the_defined_feeds(site):
    feeds = feed_set(site, DEFINITIONS, NOW)
    links = feed_links(site, feeds, plain_page("about.md", "about/"))
    assert [(link.media_type, link.url) for link in links[:3]] == [
        ("application/rss+xml", SITE_URL + "feeds/topics.xml"),
        ("application/atom+xml", SITE_URL + "feeds/topics.atom"),
        ("application/feed+json", SITE_URL + "feeds/topics.json"),
    ]
    assert [link.href for link in links[:3]] == ["../feeds/topics.xml", "../feeds/topics.atom", "../feeds/topics.json"]
    assert len(links) == 6  # no category feed on an ordinary page
    assert links[0].title == "知識の保管庫 トピックス (RSS)"
    assert [link.href for link in feed_links(site, feeds, None)][:1] == ["feeds/topics.xml"]


def test_topic_pages_add_their_categories_feeds(site):
    feeds = feed_set(site, DEFINITIONS, NOW)
    vpn = next(page for page in site.pages if page.meta.slug == "vpn-update")  # alert and vulnerability
    urls = [link.url for link in feed_links(site, feeds, vpn)]
    assert SITE_URL + "feeds/category/vulnerability.xml" in urls
    assert SITE_URL + "feeds/category/alert.json" in urls
    assert SITE_URL + "feeds/category/event.xml" not in urls
    hrefs = [link.href for link in feed_links(site, feeds, vpn)]
    assert "../../../feeds/category/vulnerability.atom" in hrefs


def test_category_pages_add_their_feed(site):
    feeds = feed_set(site, DEFINITIONS, NOW)
    category_page = plain_page("categories/event/index.md", "categories/event/", generated=True)
    urls = [link.url for link in feed_links(site, feeds, category_page)]
    assert urls[-3:] == [SITE_URL + f"feeds/category/event.{ext}" for ext in ("xml", "atom", "json")]
    assert len(urls) == 9


def test_link_tags_are_escaped_html(site):
    feeds = feed_set(site, DEFINITIONS, NOW)
    html = link_tags(feed_links(site, feeds, None))
    assert '<link rel="alternate" type="application/rss+xml" title="知識の保管庫 トピックス (RSS)" href="https://kb.example.jp/feeds/topics.xml">' in html
    assert 'title="注意喚起 | 急ぎ (Atom)"' in html
    relative = link_tags(feed_links(site, feeds, plain_page("a/b.md", "a/b/")), absolute=False)
    assert 'href="../../feeds/topics.xml"' in relative
    quoted = link_tags(feed_links(site, [FeedDefinition(path="q", title='"引用" <b>')], None))
    assert 'title="&quot;引用&quot; &lt;b&gt; (RSS)"' in quoted


def test_feeds_page_lists_every_feed_in_every_format(site):
    feeds = feed_set(site, DEFINITIONS, NOW)
    text = feeds_page_markdown(site, feeds)
    assert "## 購読のしかた" in text and "フィードリーダー" in text
    html = markdown.markdown(text, extensions=["tables"])
    for feed in feeds:
        for extension in ("xml", "atom", "json"):
            assert f'href="{SITE_URL}feeds/{feed.path}.{extension}"' in html, (feed.path, extension)
    # One table row per feed: the title's pipe and Markdown characters stay literal.
    assert html.count("<tr>") == 2 + 2 + 3  # two header rows, two defined feeds, three category feeds
    assert "注意喚起 | 急ぎ" in html and "*急ぎ* の [お知らせ]" in html
    assert "最大 30 件、本文つき" in text and "要約のみ" in text
    assert "分野別のフィード" in text


def test_feeds_page_without_feeds(tmp_path):
    site = make_site(tmp_path / "docs", [topic("a", NOW.replace(day=1))])
    text = feeds_page_markdown(site, [])
    assert "現在配信しているフィードはありません" in text
    assert "| フィード |" not in text
