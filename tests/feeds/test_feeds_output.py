"""What readers get: every feed parsed back with feedparser and checked item by item."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from feedsupport import BUILD_TIME, NOW, PNG_BYTES, SITE_URL, make_site, topic
from lxml import etree

from kbpress.feeds import FeedDefinition, feed_set, render_feeds

TOPICS = FeedDefinition(path="topics", title="知識の保管庫 トピックス", description="すべてのトピックス")
ALERTS = FeedDefinition(path="alerts", title="注意喚起", categories=("alert",))
SUMMARY = FeedDefinition(path="short", title="要約だけ", full_content=False, limit=2)
PUBLISHED_ORDER = ["vpn-update", "seminar-july", "fake-sms", "utc-dated", "ransom-report"]


def render(site, definitions=(TOPICS,), **kwargs):
    files, problems = render_feeds(site, list(definitions), NOW, **kwargs)
    return files, problems


def parse(data: bytes):
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def guid(slug: str, day: str) -> str:
    return f"tag:kb.example.jp,{day}:{slug}"


@pytest.mark.parametrize("extension", ["xml", "atom", "json"])
def test_newest_first_without_drafts_or_future_topics(site, extension):
    files, problems = render(site)
    assert problems == []
    if extension == "json":
        items = json.loads(files["feeds/topics.json"])["items"]
        slugs = [item["url"].rstrip("/").rsplit("/", 1)[1] for item in items]
    else:
        entries = parse(files[f"feeds/topics.{extension}"]).entries
        slugs = [entry.link.rstrip("/").rsplit("/", 1)[1] for entry in entries]
    assert slugs == PUBLISHED_ORDER


@pytest.mark.parametrize("extension", ["xml", "atom"])
def test_items_carry_links_guids_dates_and_categories(site, extension):
    files, _ = render(site)
    parsed = parse(files[f"feeds/topics.{extension}"])
    assert parsed.feed.language == "ja"
    entry = parsed.entries[2]
    assert entry.title == "宅配業者をかたる偽 SMS にご注意ください"
    assert entry.link == SITE_URL + "topics/2025/fake-sms/"
    assert entry.id == guid("fake-sms", "2025-06-12")
    assert entry.summary == "fake-sms の要約です。"
    assert entry.author == "みなと中小企業サイバーセキュリティ支援センター"
    assert [(tag.term, tag.scheme) for tag in entry.tags] == [
        ("注意喚起", SITE_URL + "categories/"),
        ("フィッシング", SITE_URL + "tags/"),
    ]
    assert entry.published_parsed[:6] == (2025, 6, 12, 1, 0, 0)  # 10:00 in Japan; feedparser gives UTC


def test_rss_dates_are_rfc822_in_japan_time_and_match_front_matter(site):
    files, _ = render(site)
    channel = etree.fromstring(files["feeds/topics.xml"]).find("channel")
    expected = {page.meta.slug: page.meta.date for page in site.pages}
    for item in channel.findall("item"):
        slug = item.findtext("link").rstrip("/").rsplit("/", 1)[1]
        text = item.findtext("pubDate")
        assert text.endswith(" +0900"), text
        assert parsedate_to_datetime(text) == expected[slug]
    assert channel.findtext("item/pubDate") == "Sat, 28 Jun 2025 08:00:00 +0900"
    # UTC in the front matter, Japan time in the feed; the GUID uses the Japan date.
    utc_item = channel.findall("item")[3]
    assert utc_item.findtext("pubDate") == "Sun, 01 Jun 2025 09:00:00 +0900"
    assert utc_item.findtext("guid") == guid("utc-dated", "2025-06-01")


def test_atom_dates_are_rfc3339_in_japan_time(site):
    files, _ = render(site)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = etree.fromstring(files["feeds/topics.atom"])
    fake_sms = feed.findall("a:entry", ns)[2]
    assert fake_sms.findtext("a:published", namespaces=ns) == "2025-06-12T10:00:00+09:00"
    assert fake_sms.findtext("a:updated", namespaces=ns) == "2025-06-25T09:30:00+09:00"
    for entry in feed.findall("a:entry", ns):
        assert entry.findtext("a:published", namespaces=ns).endswith("+09:00")


def test_channel_date_is_newest_item_change_not_build_time(site):
    files, _ = render(site)
    # fake-sms was updated on 06-25, after it was published but before vpn-update (06-28).
    assert b"<lastBuildDate>Sat, 28 Jun 2025 08:00:00 +0900</lastBuildDate>" in files["feeds/topics.xml"]
    assert b"<updated>2025-06-28T08:00:00+09:00</updated>" in files["feeds/topics.atom"]
    # The phishing-only feed's newest change is the update of fake-sms, not its publication.
    phishing = FeedDefinition(path="phishing", title="P", tags=("phishing",))
    files, _ = render(site, [phishing])
    assert b"<lastBuildDate>Wed, 25 Jun 2025 09:30:00 +0900</lastBuildDate>" in files["feeds/phishing.xml"]


def test_empty_feed_is_dated_with_the_build_time(tmp_path):
    site = make_site(tmp_path / "docs", [])
    files, _ = render(site)
    parsed = parse(files["feeds/topics.xml"])
    assert parsed.entries == []
    assert b"<lastBuildDate>Mon, 30 Jun 2025 18:00:00 +0900</lastBuildDate>" in files["feeds/topics.xml"]
    assert f"<updated>{BUILD_TIME.isoformat()}</updated>".encode() in files["feeds/topics.atom"]


def test_full_content_has_absolute_links_and_no_permalink_anchors(site):
    files, _ = render(site)
    for extension in ("xml", "atom"):
        entry = parse(files[f"feeds/topics.{extension}"]).entries[0]
        html = entry.content[0].value
        assert 'href="https://kb.example.jp/articles/fake-sms/"' in html
        assert 'href="https://kb.example.jp/topics/2025/vpn-update/#what"' in html
        assert 'src="https://kb.example.jp/images/consultation-flow.png"' in html
        assert 'href="https://www.example.org/?a=1&amp;b=2"' in html
        assert "headerlink" not in html and "¶" not in html
        assert "何が起きているか" in html
        assert "../" not in html


def test_atom_content_is_typed_html(site):
    files, _ = render(site)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    content = etree.fromstring(files["feeds/topics.atom"]).find("a:entry/a:content", ns)
    assert content.get("type") == "html"
    assert content.text.startswith("<h2")


def test_summary_only_feed_has_no_content(site):
    files, _ = render(site, [SUMMARY])
    rss = files["feeds/short.xml"]
    assert b"content:encoded" not in rss
    assert b"<content" not in files["feeds/short.atom"]
    entries = parse(rss).entries
    assert len(entries) == 2  # limit
    assert entries[0].summary == "vpn-update の要約です。"
    item = json.loads(files["feeds/short.json"])["items"][0]
    assert "content_html" not in item and item["content_text"] == "vpn-update の要約です。"


def test_filter_and_limit(site):
    files, _ = render(site, [ALERTS, FeedDefinition(path="two", title="2", limit=2)])
    alerts = [entry.id for entry in parse(files["feeds/alerts.xml"]).entries]
    assert alerts == [
        guid("vpn-update", "2025-06-28"),
        guid("fake-sms", "2025-06-12"),
        guid("utc-dated", "2025-06-01"),
        guid("ransom-report", "2025-05-30"),
    ]
    assert len(parse(files["feeds/two.atom"]).entries) == 2


def test_category_feeds_for_used_categories(site):
    files, _ = render(site, feed_set(site, [TOPICS], NOW))
    assert sorted(path for path in files if path.startswith("feeds/category/")) == [
        f"feeds/category/{slug}.{ext}" for slug in ("alert", "event", "vulnerability") for ext in ("atom", "json", "xml")
    ]
    vulnerability = parse(files["feeds/category/vulnerability.xml"])
    assert [entry.id for entry in vulnerability.entries] == [guid("vpn-update", "2025-06-28")]
    assert vulnerability.feed.link == SITE_URL + "categories/vulnerability/"


def test_image_becomes_enclosure_with_real_length(site):
    files, _ = render(site)
    rss_entry = parse(files["feeds/topics.xml"]).entries[2]
    [enclosure] = rss_entry.enclosures
    assert enclosure.href == SITE_URL + "images/alert.png"
    assert int(enclosure.length) == len(PNG_BYTES)
    assert enclosure.type == "image/png"
    atom_entry = parse(files["feeds/topics.atom"]).entries[2]
    assert [(link.rel, link.href) for link in atom_entry.links] == [
        ("alternate", SITE_URL + "topics/2025/fake-sms/"),
        ("enclosure", SITE_URL + "images/alert.png"),
    ]
    assert int(atom_entry.enclosures[0].length) == len(PNG_BYTES)


def test_missing_image_file_is_a_warning_not_a_crash(tmp_path):
    site = make_site(tmp_path / "docs", [topic("a", NOW.replace(day=1), image="images/gone.png")])
    files, problems = render(site)
    assert b"enclosure" not in files["feeds/topics.xml"]
    [problem] = problems
    assert problem.severity == "warning"
    assert problem.path == "docs/topics/2025/a.md"
    assert "images/gone.png" in problem.message


def test_control_characters_are_removed_with_a_warning(tmp_path):
    body = "<p>貼り付けた\x0b文章\x00です\x08。<a href=\"../x/\">x\x1f</a></p>\x0c"
    site = make_site(tmp_path / "docs", [topic("pasted", NOW.replace(day=1), html=body)])
    files, problems = render(site)
    for extension in ("xml", "atom"):
        assert "貼り付けた文章です。" in parse(files[f"feeds/topics.{extension}"]).entries[0].content[0].value
    [problem] = problems
    assert problem.severity == "warning"
    assert problem.path == "docs/topics/2025/pasted.md"
    assert "5 個" in problem.message and "制御文字" in problem.message


def test_channel_links_and_icon(site):
    files, _ = render(site, icon="assets/images/favicon.png")
    rss = parse(files["feeds/topics.xml"])
    assert rss.feed.link == SITE_URL + "topics/"
    assert rss.feed.image.href == SITE_URL + "assets/images/favicon.png"
    atom = parse(files["feeds/topics.atom"])
    assert atom.feed.icon == SITE_URL + "assets/images/favicon.png"
    self_links = [link.href for link in atom.feed.links if link.rel == "self"]
    assert self_links == [SITE_URL + "feeds/topics.atom"]
    # A definition's own icon wins; an SVG icon is not allowed in RSS <image>.
    own = FeedDefinition(path="own", title="own", icon="https://cdn.example.jp/logo.svg")
    files, _ = render(site, [own], icon="assets/images/favicon.png")
    assert b"https://cdn.example.jp/logo.svg" in files["feeds/own.atom"]
    assert b"<image>" not in files["feeds/own.xml"]
