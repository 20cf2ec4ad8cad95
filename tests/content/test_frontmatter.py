"""Every front matter rule, one row each: the message names the line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpress.content import ContentConfig, load_page, page_url
from kbpress.model import JST, Kind
from kbpress.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")

ARTICLE = """\
---
title: 不審なメールの見分け方
description: 要約です。
category: mail
tags: [phishing]
audience: [従業員]
updated: 2025-09-01
---
## 本文
"""

TOPIC = """\
---
title: 偽SMSに注意
date: 2025-06-12T10:00:00+09:00
slug: fake-sms
categories: [alert]
summary: 宅配業者をかたるSMSが増えています。
---
本文
"""


def load(text: str, src: str = "articles/a.md"):
    return load_page(text.encode("utf-8"), src, f"docs/{src}", TAXONOMY, ContentConfig())


def test_valid_article_becomes_the_model():
    loaded, problems = load(ARTICLE)
    assert problems == []
    meta = loaded.page.meta
    assert meta.kind is Kind.ARTICLE
    assert meta.categories == ("mail",)
    assert meta.audience == ("従業員",)
    assert meta.updated.tzinfo is not None and meta.updated.utcoffset().total_seconds() == 9 * 3600
    assert loaded.page.url == "articles/a/"
    assert loaded.source.body_first_line == 9


def test_valid_topic_gets_a_year_url_and_jst_date():
    loaded, problems = load(TOPIC, "topics/2025/x.md")
    assert problems == []
    assert loaded.page.url == "topics/2025/fake-sms/"
    assert loaded.page.meta.date.isoformat() == "2025-06-12T10:00:00+09:00"


def test_names_of_terms_are_accepted_as_well_as_slugs():
    loaded, problems = load(ARTICLE.replace("category: mail", "category: メール・フィッシング対策"))
    assert problems == [] and loaded.page.meta.category == "mail"


def test_date_without_timezone_is_taken_as_japan_time():
    loaded, problems = load(TOPIC.replace("+09:00", ""), "topics/2025/x.md")
    assert problems == []
    assert loaded.page.meta.date.tzinfo is JST
    assert loaded.page.meta.date.hour == 10


def test_utf8_bom_and_crlf_are_accepted():
    raw = ("\ufeff" + ARTICLE).replace("\n", "\r\n").encode("utf-8")
    loaded, problems = load_page(raw, "articles/a.md", "docs/articles/a.md", TAXONOMY, ContentConfig())
    assert problems == [] and loaded.page.title == "不審なメールの見分け方"


# (case, transform of the valid source, src path, expected line, words the message must contain)
CASES = [
    ("unknown key", lambda t: t.replace("tags:", "colour: red\ntags:"), 5, ["未知のキー", "colour"]),
    ("missing title", lambda t: t.replace("title: 不審なメールの見分け方\n", ""), 1, ["必須のキー", "title"]),
    ("blank title", lambda t: t.replace("title: 不審なメールの見分け方", "title: '  '"), 1, ["必須のキー", "title"]),
    ("control character in title", lambda t: t.replace("title: 不審なメールの見分け方", 'title: "見分け方\\e"'), 2, ["制御文字"]),
    ("missing description", lambda t: t.replace("description: 要約です。\n", ""), 1, ["description"]),
    ("wrong type for tags", lambda t: t.replace("tags: [phishing]", "tags: phishing"), 5, ["リスト"]),
    ("wrong type for title", lambda t: t.replace("title: 不審なメールの見分け方", "title: [a, b]"), 2, ["文字列"]),
    ("unknown tag", lambda t: t.replace("[phishing]", "[nosuchtag]"), 5, ["nosuchtag", "taxonomy.yml"]),
    ("unknown category", lambda t: t.replace("category: mail", "category: cooking"), 4, ["cooking", "taxonomy.yml"]),
    ("unknown audience", lambda t: t.replace("[従業員]", "[学生]"), 6, ["学生", "経営者"]),
    ("impossible date", lambda t: t.replace("2025-09-01", "2026-02-30"), 7, ["存在しない日付"]),
    ("unreadable date", lambda t: t.replace("2025-09-01", "きのう"), 7, ["日時として読めません"]),
    ("title with html", lambda t: t.replace("見分け方", "<script>alert(1)</script>"), 2, ["HTML タグ"]),
    ("not a mapping", lambda t: "---\n- a\n- b\n---\n本文\n", 1, ["マッピング"]),
    ("malformed yaml", lambda t: t.replace("tags: [phishing]", "tags: [phishing"), 6, ["YAML"]),
    ("tab indentation", lambda t: t.replace("tags: [phishing]", "tags:\n\t- phishing"), 6, ["タブ"]),
    ("missing closing line", lambda t: t.replace("---\n##", "##"), 1, ["---"]),
    ("no front matter", lambda t: "## 本文だけ\n", 1, ["front matter"]),
    ("empty file", lambda t: "", 1, ["空"]),
    ("unknown type", lambda t: t.replace("title:", "type: blog\ntitle:"), 2, ["article / topic"]),
    ("social not a mapping", lambda t: t.replace("tags:", "social: yes\ntags:"), 5, ["social"]),
]


@pytest.mark.parametrize("case,transform,line,words", CASES, ids=[case[0] for case in CASES])
def test_article_rule(case, transform, line, words):
    loaded, problems = load(transform(ARTICLE))
    assert loaded is None
    assert problems, case
    first = problems[0]
    assert first.path == "docs/articles/a.md"
    assert first.line == line, str(first)
    for word in words:
        assert word in first.message, str(first)


TOPIC_CASES = [
    ("slug not ascii", lambda t: t.replace("slug: fake-sms", "slug: 偽SMS"), 4, ["slug", "半角英小文字"]),
    ("missing slug", lambda t: t.replace("slug: fake-sms\n", ""), 1, ["slug"]),
    ("date without time", lambda t: t.replace("2025-06-12T10:00:00+09:00", "2025-06-12"), 3, ["時刻"]),
    ("categories as string", lambda t: t.replace("[alert]", "alert"), 5, ["リスト"]),
    ("source not a url", lambda t: t.replace("summary:", "source: example\nsummary:"), 6, ["https://"]),
    ("draft not a bool", lambda t: t.replace("summary:", "draft: maybe\nsummary:"), 6, ["true か false"]),
    ("image outside docs", lambda t: t.replace("summary:", "image: ../../../x.png\nsummary:"), 6, ["docs/ の外"]),
    ("article key on a topic", lambda t: t.replace("summary:", "audience: [従業員]\nsummary:"), 6, ["未知のキー", "audience"]),
]


@pytest.mark.parametrize("case,transform,line,words", TOPIC_CASES, ids=[case[0] for case in TOPIC_CASES])
def test_topic_rule(case, transform, line, words):
    loaded, problems = load(transform(TOPIC), "topics/2025/x.md")
    assert loaded is None, case
    first = problems[0]
    assert first.line == line, str(first)
    for word in words:
        assert word in first.message, str(first)


def test_shift_jis_is_named_not_decoded():
    raw = ARTICLE.encode("cp932")
    loaded, problems = load_page(raw, "articles/a.md", "docs/articles/a.md", TAXONOMY, ContentConfig())
    assert loaded is None
    assert "Shift_JIS" in problems[0].message and "UTF-8" in problems[0].message
    assert problems[0].line == 2  # the first line with a non-ASCII byte


def test_japanese_and_spaced_file_names_get_ascii_urls():
    loaded, _ = load(ARTICLE, "articles/メールの見分け方.md")
    assert loaded.page.url.isascii() and loaded.page.url.startswith("articles/p-")
    loaded, _ = load(ARTICLE, "articles/Mail Basics.md")
    assert loaded.page.url == "articles/mail-basics/"
    loaded, _ = load("---\ntitle: 概要\n---\n本文\n", "ガイド/概要.md")
    assert loaded.page.url.isascii()


def test_page_url_of_plain_pages():
    loaded, _ = load("---\ntitle: ホーム\n---\n", "index.md")
    assert loaded.page.url == ""
    loaded, _ = load("---\ntitle: 執筆ガイド\n---\n", "authoring/index.md")
    assert loaded.page.url == "authoring/"
    assert page_url("faq.md", loaded.page.meta) == "faq/"


def test_a_topic_may_name_the_last_day_of_its_event_and_an_article_may_not():
    loaded, problems = load(TOPIC.replace("slug: fake-sms\n", "slug: fake-sms\nends: 2025-07-31\n"), "topics/2025/x.md")
    assert problems == []
    ends = loaded.page.meta.ends
    assert (ends.year, ends.month, ends.day) == (2025, 7, 31) and ends.utcoffset().total_seconds() == 9 * 3600
    _, problems = load(TOPIC.replace("slug: fake-sms\n", "slug: fake-sms\nends: 7月末\n"), "topics/2025/x.md")
    assert problems and "ends" in str(problems[0])
    _, problems = load(ARTICLE.replace("updated:", "ends: 2025-07-31\nupdated:"))
    assert problems and "未知のキー 'ends'" in str(problems[0])
