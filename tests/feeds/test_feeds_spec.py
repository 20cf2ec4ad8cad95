"""Structure of every format against its specification.

RSS 2.0: https://www.rssboard.org/rss-specification (dates RFC 822)
Atom 1.0: RFC 4287 (dates RFC 3339)
JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/ (schema written from it, beside this file)
"""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from feedsupport import NOW, SITE_URL, make_site
from jsonschema import Draft202012Validator
from lxml import etree

from kbpress.feeds import FeedDefinition, feed_set, render_feeds

ATOM_NS = "http://www.w3.org/2005/Atom"
A = {"a": ATOM_NS}
RFC822_RE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0900$"
)
RFC3339_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TAG_URI_RE = re.compile(r"^tag:kb\.example\.jp,\d{4}-\d{2}-\d{2}:[a-z0-9-]+$")
SCHEMA = json.loads((Path(__file__).with_name("jsonfeed-1.1.schema.json")).read_text(encoding="utf-8"))

DEFINITIONS = [
    FeedDefinition(path="topics", title="トピックス", description="すべて"),
    FeedDefinition(path="short", title="要約", full_content=False),
]


@pytest.fixture
def files(site):
    rendered, _ = render_feeds(site, feed_set(site, DEFINITIONS, NOW), NOW, icon="assets/images/favicon.png")
    return rendered


@pytest.fixture
def empty_files(tmp_path):
    site = make_site(tmp_path / "docs", [])
    rendered, _ = render_feeds(site, DEFINITIONS, NOW)
    return rendered


def all_of(files, extension):
    return {path: data for path, data in files.items() if path.endswith("." + extension)}


def assert_rfc822(text: str) -> None:
    assert RFC822_RE.match(text), text
    # The weekday must agree with the date (a locale or formatting slip would not).
    moment = parsedate_to_datetime(text)
    assert text.startswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()])


def check_rss(path: str, data: bytes) -> None:
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    [channel] = root.findall("channel")
    for required in ("title", "link", "description"):
        assert len(channel.findall(required)) == 1, required
        assert channel.findtext(required).strip(), required
    home = channel.findtext("link")
    assert home.startswith(SITE_URL)
    [self_link] = channel.findall(f"{{{ATOM_NS}}}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == SITE_URL + path
    assert self_link.get("type") == "application/rss+xml"
    assert channel.findtext("language") == "ja"
    assert_rfc822(channel.findtext("lastBuildDate"))
    image = channel.find("image")
    if image is not None:
        assert image.findtext("link") == home and image.findtext("title") == channel.findtext("title")
        assert image.findtext("url").endswith((".png", ".gif", ".jpg", ".jpeg"))
    guids = []
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        assert item.findtext("link").startswith(SITE_URL)
        [guid] = item.findall("guid")
        assert guid.get("isPermaLink") == "false"
        assert TAG_URI_RE.match(guid.text), guid.text
        guids.append(guid.text)
        assert_rfc822(item.findtext("pubDate"))
        assert item.findall("author") == []  # RSS <author> must be an e-mail address
        for category in item.findall("category"):
            assert category.get("domain", "").startswith(SITE_URL)
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url").startswith(SITE_URL)
            assert enclosure.get("length").isdigit()
            assert "/" in enclosure.get("type")
        assert len(item.findall("enclosure")) <= 1
    assert len(guids) == len(set(guids))


def check_atom(path: str, data: bytes) -> None:
    feed = etree.fromstring(data)
    assert feed.tag == f"{{{ATOM_NS}}}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    for required in ("id", "title", "updated"):
        assert len(feed.findall(f"a:{required}", A)) == 1, required
    assert RFC3339_RE.match(feed.findtext("a:updated", namespaces=A))
    feed_has_author = feed.find("a:author/a:name", A) is not None
    links = feed.findall("a:link", A)
    assert [link.get("href") for link in links if link.get("rel") == "self"] == [SITE_URL + path]
    check_alternates(links)
    ids = []
    for entry in feed.findall("a:entry", A):
        for required in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{required}", A)) == 1, required
        ids.append(entry.findtext("a:id", namespaces=A))
        assert TAG_URI_RE.match(ids[-1])
        for date in ("updated", "published"):
            assert RFC3339_RE.match(entry.findtext(f"a:{date}", namespaces=A))
        assert feed_has_author or entry.find("a:author/a:name", A) is not None
        entry_links = entry.findall("a:link", A)
        check_alternates(entry_links)
        content = entry.find("a:content", A)
        # RFC 4287 4.1.1.1: without content an entry needs an alternate link.
        assert content is not None or any(link.get("rel", "alternate") == "alternate" for link in entry_links)
        if content is not None:
            assert content.get("type") == "html"
            assert entry.find("a:summary", A) is not None
        for link in entry_links:
            if link.get("rel") == "enclosure":
                assert link.get("length").isdigit() and link.get("type")
        for category in entry.findall("a:category", A):
            assert category.get("term") and category.get("scheme").startswith(SITE_URL)
    assert len(ids) == len(set(ids))


def check_alternates(links) -> None:
    """RFC 4287 4.1.1: at most one alternate link per type and hreflang."""
    keys = [(link.get("type"), link.get("hreflang")) for link in links if link.get("rel", "alternate") == "alternate"]
    assert len(keys) == len(set(keys)), keys


def test_rss_feeds_follow_rss_2_0(files, empty_files):
    assert len(all_of(files, "xml")) == 5  # two defined, three categories
    assert len(all_of(empty_files, "xml")) == 2  # two defined, no category has a topic
    for path, data in {**all_of(files, "xml"), **all_of(empty_files, "xml")}.items():
        check_rss(path, data)


def test_atom_feeds_follow_rfc_4287(files, empty_files):
    assert (len(all_of(files, "atom")), len(all_of(empty_files, "atom"))) == (5, 2)
    for path, data in {**all_of(files, "atom"), **all_of(empty_files, "atom")}.items():
        check_atom(path, data)


def test_json_feeds_match_the_json_feed_1_1_schema(files, empty_files):
    Draft202012Validator.check_schema(SCHEMA)
    validator = Draft202012Validator(SCHEMA)
    assert (len(all_of(files, "json")), len(all_of(empty_files, "json"))) == (5, 2)
    for path, data in {**all_of(files, "json"), **all_of(empty_files, "json")}.items():
        feed = json.loads(data)
        errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(feed)]
        assert errors == [], path
        assert feed["feed_url"] == SITE_URL + path
        for item in feed["items"]:
            assert item["date_published"].endswith("+09:00")
            assert TAG_URI_RE.match(item["id"])


def test_schema_catches_broken_json_feeds():
    """The schema is strict enough to be worth trusting."""
    validator = Draft202012Validator(SCHEMA)
    good = {"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1", "content_text": "x"}]}
    assert validator.is_valid(good)
    broken = [
        {**good, "version": "https://jsonfeed.org/version/1"},
        {**good, "items": [{"id": "1"}]},  # no content
        {**good, "items": [{"id": "1", "content_text": "x", "date_published": "12 Jun 2025"}]},
        {**good, "items": [{"id": "1", "content_text": "x", "attachments": [{"url": "https://x/a.png"}]}]},
        {**good, "authors": [{}]},
        {**good, "titel": "typo"},
        {key: value for key, value in good.items() if key != "title"},
    ]
    for feed in broken:
        assert not validator.is_valid(feed), feed
    assert validator.is_valid({**good, "_kbpress": {"anything": True}})  # extensions are allowed


def test_feeds_are_utf8_with_readable_japanese(files):
    assert len(files) == 15  # five feeds, three formats each
    for path, data in files.items():
        text = data.decode("utf-8")
        assert "&#" not in text.split("<item>")[0] and "\\u30" not in text, path
