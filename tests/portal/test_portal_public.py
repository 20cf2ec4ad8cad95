"""The public site as readers and search engines get it: nothing internal, Japanese only,
contacts as links, honest sitemap dates, robots.txt and valid structured data."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from conftest import Preview

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

SITE_URL = "https://kb.example.jp/"
LD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
HREF_RE = re.compile(r'href="([^"]+)"')

# Strings Material for MkDocs, MkDocs and Python-Markdown show readers in English.
ENGLISH_THEME_STRINGS = (
    "Made with", "Material for MkDocs", "Jump back to footnote", "Back to top", "Not found", "404 -",
    "Skip to content", "Copy to clipboard", "Table of contents", "Initializing search", "Type to start searching",
    "Previous", "Next", "Footer", "Navigation", "Header", "Search", "Share", "Last update", "Created",
    "Permanent link", "Edit this page", "Cookie consent", "Was this page helpful",
)
# Text a reader sees or hears: element text and the attributes screen readers and tooltips use.
VISIBLE_ATTRS_RE = re.compile(r'\s(?:title|aria-label|alt|placeholder|value)="([^"]*)"')
HIDDEN_RE = re.compile(r"<(script|style|code|pre|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]+>")


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _reader_text(html: str) -> str:
    body = HIDDEN_RE.sub(" ", html)
    attributes = " ".join(VISIBLE_ATTRS_RE.findall(body))
    head_title = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    return unescape(TAG_RE.sub(" ", body) + " " + attributes + " " + (head_title.group(1) if head_title else ""))


# -- 1. internal pages -----------------------------------------------------------------------


def test_the_authoring_guide_is_nowhere_in_the_public_site(sample_site):
    guide_pages = sorted((REPO / "docs" / "authoring").glob("*.md"))
    assert len(guide_pages) >= 5
    assert not (sample_site / "authoring").exists()
    assert "authoring" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    search_docs = list((sample_site / "search" / "index" / "d").glob("*.json"))
    assert len(search_docs) > 30
    assert not [d.name for d in search_docs if "authoring/" in json.loads(d.read_text(encoding="utf-8"))["url"]]
    for feed in (sample_site / "feeds").glob("*.*"):
        assert "/authoring/" not in feed.read_text(encoding="utf-8"), feed.name
    pages = _html_pages(sample_site)
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "執筆ガイド" not in html and not [h for h in HREF_RE.findall(html) if "authoring/" in h], page


# -- 9. Japanese everywhere -------------------------------------------------------------------------


def test_no_english_theme_string_on_any_page(sample_site):
    pages = _html_pages(sample_site)
    assert len(pages) > 40
    found = {}
    for page in pages:
        text = _reader_text(page.read_text(encoding="utf-8"))
        hits = [s for s in ENGLISH_THEME_STRINGS if re.search(rf"(?<![A-Za-z]){re.escape(s)}(?![a-z])", text)]
        if hits:
            found[page.relative_to(sample_site).as_posix()] = hits
    assert not found, found


def test_footnote_back_links_speak_japanese(sample_site):
    html = (sample_site / "articles" / "quick-list" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'class="footnote-backref"[^>]*title="([^"]+)"', html) + re.findall(
        r'title="([^"]+)"[^>]*class="footnote-backref"', html
    )
    assert titles and all(title.startswith("本文の注") for title in titles), titles


# -- 3. contacts as data -------------------------------------------------------------------------------


def test_contacts_are_tap_to_call_on_the_quick_list_home_and_every_footer(sample_site):
    quick = (sample_site / "articles" / "quick-list" / "index.html").read_text(encoding="utf-8")
    for href in ("tel:188", "tel:%239110", "tel:03-0000-0000", "mailto:soudan@example.jp"):
        assert f'href="{href}"' in quick, href
    assert quick.count('class="kb-contacts kb-contacts--emergency"') == 1
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:03-0000-0000"' in home.split('class="md-footer')[0], "the desk is on the home page itself"
    pages = _html_pages(sample_site)
    assert len(pages) > 40
    for page in pages:
        footer = page.read_text(encoding="utf-8").split('class="md-footer', 1)[-1]
        assert 'href="tel:03-0000-0000"' in footer and 'href="mailto:soudan@example.jp"' in footer, page


def test_the_desk_number_is_written_once_in_the_sources():
    public = [p for p in (REPO / "docs").rglob("*.md") if "authoring" not in p.parts]
    assert len(public) > 30
    assert not [p.name for p in public if "03-0000-0000" in p.read_text(encoding="utf-8")]
    assert "03-0000-0000" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


# -- 2. home -------------------------------------------------------------------------------------------------


def test_home_puts_current_warnings_first_and_every_audience_in_view(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    article = home[home.index("<article") :]
    latest = article.index('class="kb-latest"')
    assert latest < article.index('id="立場別の入り口"') < article.index('id="相談窓口"')
    alerts = article[latest : article.index("新着トピックス", latest)]
    dates = re.findall(r'<time datetime="([^"]+)"', alerts)
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    seminar = article.index("秋の情報セキュリティセミナー参加者を募集します")
    assert "終了" in article[seminar - 300 : seminar], "the expired call is marked"
    assert "tabbed-set" not in article, "audiences are not hidden behind tabs"
    for audience in ("経営者の方", "管理者・担当者の方", "従業員の方"):
        assert f">{audience}<" in article, audience


def test_an_expired_call_says_so_on_its_own_page(sample_site):
    html = (sample_site / "topics" / "2026" / "autumn-seminar-2026" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-ended"' in html and "2026年10月16日で終了しました" in html
    still_open = (sample_site / "topics" / "2026" / "expert-support-2026" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-ended"' not in still_open


# -- 5. navigation ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, crumbs", [
    ("categories/mail/index.html", ["ホーム", "解説記事"]),
    ("tags/backup/index.html", ["ホーム", "タグ一覧"]),
    ("topics/2025/index.html", ["ホーム", "トピックス"]),
])
def test_list_pages_have_breadcrumbs(sample_site, path, crumbs):
    html = (sample_site / path).read_text(encoding="utf-8")
    path_nav = html[html.index('<nav class="md-path"') : html.index("</nav>", html.index('<nav class="md-path"'))]
    names = [" ".join(TAG_RE.sub(" ", item).split()) for item in re.findall(r'class="md-path__link"[^>]*>(.*?)</a>', path_nav, re.DOTALL)]
    assert names[: len(crumbs)] == crumbs


def test_articles_and_topics_lead_on(sample_site):
    for path in ("articles/backup-basics/index.html", "topics/2025/fake-delivery-sms-2025-06/index.html"):
        html = (sample_site / path).read_text(encoding="utf-8")
        assert "関連する記事" in html and 'class="kb-pager"' in html, path
        related = html[html.index('class="kb-related"') : html.index("</section>", html.index('class="kb-related"'))]
        for href in HREF_RE.findall(related):
            target = (sample_site / path).parent / href / "index.html"
            assert target.resolve().is_file(), (path, href)


# -- 10. SEO ------------------------------------------------------------------------------------------------------


def test_sitemap_dates_come_from_the_pages_and_robots_names_the_sitemap(sample_site):
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(sample_site / "sitemap.xml").getroot().findall("s:url", ns)
    assert len(urls) > 40
    dates = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in urls}
    assert dates[SITE_URL + "articles/backup-basics/"] == "2025-03-03"
    assert dates[SITE_URL + "topics/2025/fake-delivery-sms-2025-06/"] == "2025-06-13", "updated, not published"
    assert dates[SITE_URL + "topics/2025/vpn-vulnerability-2025-07/"] == "2025-07-14"
    assert len(set(d for d in dates.values() if d)) > 10, "not one build date everywhere"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates.values() if d)


# The schema.org vocabulary for the types kbpress writes: each type's properties
# (its own and inherited from CreativeWork/Thing), and the value type expected.
SCHEMA_ORG = {
    "Article": {"headline": str, "description": str, "inLanguage": str, "url": str, "mainEntityOfPage": str,
                "author": "Organization", "publisher": "Organization", "datePublished": "Date", "dateModified": "Date"},
    "Organization": {"name": str, "url": str},
    "FAQPage": {"inLanguage": str, "mainEntity": "Question"},
    "Question": {"name": str, "acceptedAnswer": "Answer"},
    "Answer": {"text": str},
    "BreadcrumbList": {"itemListElement": "ListItem"},
    "ListItem": {"position": int, "name": str, "item": str},
    "WebSite": {"name": str, "url": str, "inLanguage": str, "publisher": "Organization"},
}
SCHEMA_ORG["NewsArticle"] = SCHEMA_ORG["Article"]
REQUIRED = {
    "Article": {"headline", "datePublished", "publisher", "author"},
    "NewsArticle": {"headline", "datePublished", "dateModified", "publisher", "author"},
    "FAQPage": {"mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
}


def _check(value, expected, where: str, site: Path) -> None:
    if expected is str:
        assert isinstance(value, str) and value.strip(), where
    elif expected is int:
        assert isinstance(value, int), where
    elif expected == "Date":
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00", value), where
    else:
        for item in value if isinstance(value, list) else [value]:
            _validate(item, where, site, expected)


def _validate(obj: dict, where: str, site: Path, expected_type: str | None = None) -> None:
    kind = obj["@type"]
    assert kind in SCHEMA_ORG, f"{where}: {kind} is not a schema.org type written here"
    if expected_type:
        assert kind == expected_type or (expected_type == "Article" and kind == "NewsArticle"), where
    missing = REQUIRED.get(kind, set()) - set(obj)
    assert not missing, f"{where}: {kind} lacks {missing}"
    for name, value in obj.items():
        if name.startswith("@"):
            continue
        assert name in SCHEMA_ORG[kind], f"{where}: {kind} has no property {name}"
        _check(value, SCHEMA_ORG[kind][name], f"{where} {kind}.{name}", site)
        if name in ("url", "item", "mainEntityOfPage"):
            assert value.startswith(SITE_URL), f"{where}: {value}"
            target = site / value[len(SITE_URL) :] / "index.html"
            assert target.is_file(), f"{where}: {value} is not a page of the site"


def test_structured_data_is_valid_schema_org(sample_site):
    pages = [p for p in sample_site.rglob("index.html") if "search" not in p.relative_to(sample_site).parts[:1]]
    assert len(pages) > 40
    counts: dict[str, int] = {}
    for page in pages:
        where = page.relative_to(sample_site).as_posix()
        for raw in LD_RE.findall(page.read_text(encoding="utf-8")):
            data = json.loads(raw)
            assert data["@context"] == "https://schema.org", where
            _validate(data, where, sample_site)
            counts[data["@type"]] = counts.get(data["@type"], 0) + 1
            if data["@type"] == "BreadcrumbList":
                positions = [item["position"] for item in data["itemListElement"]]
                assert positions == list(range(1, len(positions) + 1)), where
                assert data["itemListElement"][-1]["item"] == SITE_URL + ("" if where == "index.html" else where[: -len("index.html")])
    articles = len(list((REPO / "docs" / "articles").glob("*.md")))
    topics = len(list((sample_site / "topics").glob("*/*/index.html")))
    assert counts.get("Article") == articles and counts.get("NewsArticle") == topics and topics > 5
    assert counts.get("FAQPage") == 1 and counts.get("WebSite") == 1
    assert counts.get("BreadcrumbList", 0) >= articles + topics
    faq = json.loads(LD_RE.findall((sample_site / "faq" / "index.html").read_text(encoding="utf-8"))[0])
    questions = faq["mainEntity"]
    assert len(questions) >= 8 and all(q["name"].endswith(("？", "。")) for q in questions)


# -- 7. 404 --------------------------------------------------------------------------------------------------------


def test_the_not_found_page_is_japanese_and_leads_somewhere(sample_site):
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "<title>ページが見つかりません - 知識の保管庫</title>" in html
    assert '<meta property="og:title" content="ページが見つかりません - 知識の保管庫">' in html
    assert '<meta name="robots" content="noindex">' in html
    content = html[html.index("<article") :]
    assert 'action="/search/"' in content and 'name="q"' in content
    assert 'href="/"' in content
    categories = re.findall(r'href="/categories/([a-z-]+)/"', content)
    assert len(categories) >= 5


# -- internal folders in a fresh project: build, serve, and a link that would break ----------------

GUIDE = """\
---
title: {title}
---
編集者向けの手順です。[トップ](../index.md)
"""


def test_any_page_added_to_an_internal_folder_stays_out_of_the_build_and_shows_in_previews(fixture_project):
    fixture_project.write("docs/authoring/index.md", GUIDE.format(title="編集の手引き"))
    fixture_project.write("docs/authoring/screenshots-howto.md", GUIDE.format(title="画面写真の撮り方"))
    fixture_project.write("docs/authoring/sub/checklist.md", GUIDE.format(title="公開前の確認"))
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    built = [p.relative_to(fixture_project.site).as_posix() for p in fixture_project.site.rglob("*") if p.is_file()]
    assert "index.html" in built
    assert not [path for path in built if path.startswith("authoring") or "screenshots-howto" in path]
    with Preview(fixture_project.root) as preview:
        page = preview.get("authoring/sub/checklist/")
        home = preview.get("")
    assert "公開前の確認" in page
    nav = home[home.index('md-nav--primary') :]
    assert "編集の手引き" in nav, "previews list the guide in the menu"


def test_a_public_page_linking_into_an_internal_folder_fails_the_build(fixture_project):
    fixture_project.write("docs/authoring/index.md", GUIDE.format(title="編集の手引き"))
    fixture_project.write("docs/about.md", "---\ntitle: 概要\n---\n[手引き](authoring/index.md)\n")
    result = fixture_project.build()
    assert result.returncode != 0
    assert "about.md" in result.output and "authoring/index.md" in result.output
