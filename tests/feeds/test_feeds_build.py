"""The kbpress-feeds plugin in a real `mkdocs build --strict` of a small project."""

from __future__ import annotations

import json
import re

import feedparser
import pytest

pytestmark = pytest.mark.slow

FEEDS_PLUGIN = """\
  - kbpress-feeds:
      feeds_dir: feeds
"""

TOPIC = """\
---
title: {title}
date: {date}
slug: {slug}
categories: [{categories}]
summary: {title}の要約です。
{extra}---
## 何が起きているか

[相談窓口](../../about.md#contact)に連絡してください。[前の注意喚起](../2025/older.md)も参考になります。

![流れ](../../images/flow.png)
"""

ABOUT = """\
---
title: 支援センターについて
---
## 相談窓口 {#contact}

電話でどうぞ。
"""


def add_topic(project, name, title, date, slug, categories="alert", extra=""):
    text = TOPIC.format(title=title, date=date, slug=slug, categories=categories, extra=extra)
    project.write(f"docs/topics/{date[:4]}/{name}.md", text)


@pytest.fixture
def project(fixture_project):
    fixture_project.write("mkdocs.yml", (fixture_project.root / "mkdocs.yml").read_text(encoding="utf-8") + FEEDS_PLUGIN)
    fixture_project.write("docs/about.md", ABOUT)
    fixture_project.write_bytes("docs/images/flow.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    fixture_project.write("feeds/topics.yml", "title: テスト トピックス\ndescription: すべてのトピックス\nlimit: 10\n")
    fixture_project.write("feeds/alerts.yml", "title: テスト 注意喚起\ncategories: [alert]\ncontent: summary\n")
    add_topic(fixture_project, "older", "古い注意喚起", "2025-06-12T10:00:00+09:00", "older-alert",
              extra="image: ../../images/flow.png\n")
    add_topic(fixture_project, "seminar", "セミナーのお知らせ", "2026-03-01T14:00:00+09:00", "seminar-2026", categories="event",
              extra="updated: 2026-03-05\n")
    add_topic(fixture_project, "draft", "下書き", "2026-04-01T10:00:00+09:00", "draft-topic", extra="draft: true\n")
    # KBPRESS_NOW is 2026-11-01 in the tests: this one is not published yet.
    add_topic(fixture_project, "future", "予約投稿", "2026-12-24T10:00:00+09:00", "future-topic")
    return fixture_project


def read_feeds(site):
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted((site / "feeds").rglob("*")) if path.is_file()}


def test_mkdocs_build_writes_parsable_feeds_with_absolute_links(project):
    result = project.build()
    assert result.returncode == 0, result.output
    files = read_feeds(project.site)
    assert set(files) >= {
        f"feeds/{name}.{ext}"
        for name in ("topics", "alerts", "category/alert", "category/event")
        for ext in ("xml", "atom", "json")
    }
    assert "feeds/index.html" in files  # the portal's feeds page lives at /feeds/
    assert not any("category/mail" in path for path in files)  # no published topic in that category

    parsed = feedparser.parse(files["feeds/topics.xml"])
    assert parsed.bozo == 0
    assert [entry.link for entry in parsed.entries] == [
        "https://kb.example.jp/topics/2026/seminar-2026/",
        "https://kb.example.jp/topics/2025/older-alert/",
    ]
    assert [entry.id for entry in parsed.entries] == [
        "tag:kb.example.jp,2026-03-01:seminar-2026",
        "tag:kb.example.jp,2025-06-12:older-alert",
    ]
    html = parsed.entries[1].content[0].value
    assert 'href="https://kb.example.jp/about/#contact"' in html
    assert 'href="https://kb.example.jp/topics/2025/older-alert/"' in html  # ../2025/older.md is the page itself
    assert 'src="https://kb.example.jp/images/flow.png"' in html
    assert "headerlink" not in html and 'href="../' not in html
    assert parsed.entries[1].enclosures[0].length == "208"
    assert b"<pubDate>Thu, 12 Jun 2025 10:00:00 +0900</pubDate>" in files["feeds/topics.xml"]
    assert b"<lastBuildDate>Thu, 05 Mar 2026 00:00:00 +0900</lastBuildDate>" in files["feeds/topics.xml"]
    assert len(files) >= 13  # four feeds in three formats and the feeds page
    for path, data in files.items():
        assert b"draft-topic" not in data and b"future-topic" not in data, path

    atom = feedparser.parse(files["feeds/category/alert.atom"])
    assert atom.bozo == 0 and [entry.title for entry in atom.entries] == ["古い注意喚起"]
    alerts = json.loads(files["feeds/alerts.json"])
    assert [item["title"] for item in alerts["items"]] == ["古い注意喚起"]
    assert "content_html" not in alerts["items"][0]


def test_pages_announce_their_feeds(project):
    assert project.build().returncode == 0
    home = (project.site / "index.html").read_text(encoding="utf-8")
    head = home.split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml" title="テスト トピックス (RSS)" href="https://kb.example.jp/feeds/topics.xml">' in head
    assert "feeds/category/" not in head
    topic = (project.site / "topics/2025/older-alert/index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'href="https://kb.example.jp/feeds/category/alert.atom"' in topic
    category = (project.site / "categories/event/index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'href="https://kb.example.jp/feeds/category/event.json"' in category
    feeds_page = (project.site / "feeds/index.html").read_text(encoding="utf-8")
    assert "購読のしかた" in feeds_page
    assert 'href="https://kb.example.jp/feeds/category/event.xml"' in feeds_page
    assert len(re.findall(r'rel="alternate" type="application/(?:rss\+xml|atom\+xml|feed\+json)"', home)) == 6


def test_two_builds_give_byte_identical_feeds(project):
    assert project.build().returncode == 0
    first = read_feeds(project.site)
    assert project.build().returncode == 0
    second = read_feeds(project.site)
    first.pop("feeds/index.html")
    second.pop("feeds/index.html")
    assert first == second and len(first) == 12


def test_bad_definition_stops_the_build_naming_file_and_key(project):
    project.write("feeds/alerts.yml", "title: 注意喚起\ncategories: [alert, no-such-category]\nlimit: 0\n")
    result = project.build()
    assert result.returncode != 0
    assert "feeds/alerts.yml:2:" in result.output and "no-such-category" in result.output
    assert "feeds/alerts.yml:3:" in result.output and "limit" in result.output
    assert not (project.site / "feeds").exists()


def test_control_characters_fail_strict_build_with_the_file_named(project):
    project.write("docs/topics/2026/pasted.md", TOPIC.format(
        title="貼り付け", date="2026-05-01T10:00:00+09:00", slug="pasted", categories="alert", extra=""
    ).replace("電話", "電\x08話").replace("連絡してください", "連絡\x0bしてください"))
    result = project.build()
    assert result.returncode != 0  # a warning fails --strict
    assert "docs/topics/2026/pasted.md" in result.output and "制御文字" in result.output
    relaxed = project.run("mkdocs", "build")
    assert relaxed.returncode == 0, relaxed.output
    data = (project.site / "feeds/topics.xml").read_bytes()
    assert feedparser.parse(data).bozo == 0
    assert "連絡してください".encode() in data


def test_kbpress_check_reports_bad_definitions(project):
    assert project.check().returncode == 0
    project.write("feeds/alerts.yml", "title: 注意喚起\nlimt: 5\n")
    result = project.check()
    assert result.returncode == 1
    assert "feeds/alerts.yml:2: 未知のキー 'limt' です" in result.output
