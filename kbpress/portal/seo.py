"""What search engines read: sitemap dates, robots.txt and JSON-LD structured data.

- ``<lastmod>`` is the page's own date (updated, else published); a list
  page takes the newest date of the pages it lists; pages with no date
  get none rather than the build date.
- ``robots.txt`` allows everything and names the sitemap.
- JSON-LD: ``Article`` for articles, ``NewsArticle`` for topics (dates
  and publisher), ``FAQPage`` for FAQ pages (each ``##`` heading a
  question), ``BreadcrumbList`` wherever the page has ancestors.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime

from ..indexes import CATEGORIES_INDEX, TAGS_INDEX, TOPICS_INDEX, UPDATES_PAGE, category_src, tag_src, year_src
from ..model import Kind, Page, Site

_H2_RE = re.compile(r"<h2\b[^>]*>(.*?)</h2>", re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_PERMALINK_RE = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


def lastmod_by_src(site: Site) -> dict[str, datetime]:
    """The date each page last changed, for the sitemap (pages without one are left out)."""
    dated = [p for p in site.pages if not p.generated and p.meta.last_modified is not None]
    result = {p.src_path: p.meta.last_modified for p in dated}

    def newest(pages) -> None | datetime:
        dates = [p.meta.last_modified for p in pages]
        return max(dates) if dates else None

    topics = [p for p in dated if p.kind is Kind.TOPIC]
    groups: dict[str, list[Page]] = {UPDATES_PAGE: dated, TOPICS_INDEX: topics, CATEGORIES_INDEX: dated, TAGS_INDEX: dated}
    for page in dated:
        for slug in page.meta.categories:
            groups.setdefault(category_src(slug), []).append(page)
        for slug in page.meta.tags:
            groups.setdefault(tag_src(slug), []).append(page)
        if page.kind is Kind.TOPIC:
            groups.setdefault(year_src(page.meta.date.year), []).append(page)
    for src, pages in groups.items():
        when = newest(pages)
        if when is not None and site.page_by_src(src) is not None:
            result[src] = when
    return result


def robots_txt(site: Site) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute_url('sitemap.xml')}\n"


def _organisation(site: Site) -> dict:
    return {"@type": "Organization", "name": site.organisation, "url": site.url}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG_RE.sub(" ", _PERMALINK_RE.sub("", fragment))).split())


def _article(page: Page, site: Site) -> dict:
    meta = page.meta
    data = {
        "@type": "NewsArticle" if page.kind is Kind.TOPIC else "Article",
        "headline": meta.title,
        "description": meta.description,
        "inLanguage": "ja",
        "url": site.absolute_url(page.url),
        "mainEntityOfPage": site.absolute_url(page.url),
        "author": _organisation(site),
        "publisher": _organisation(site),
    }
    if meta.published is not None:
        data["datePublished"] = meta.published.isoformat()
    if meta.last_modified is not None:
        data["dateModified"] = meta.last_modified.isoformat()
    return data


def faq_entries(body_html: str) -> list[tuple[str, str]]:
    """(question, answer text) for each ``<h2>`` of an FAQ page and the text up to the next one."""
    parts = _H2_RE.split(body_html)
    # re.split with a group: [before, h2, after, h2, after, ...]
    return [(_text(parts[i]), _text(parts[i + 1])) for i in range(1, len(parts) - 1, 2) if _text(parts[i])]


def _faq(page: Page) -> dict | None:
    entries = [(q, a) for q, a in faq_entries(page.html) if a]
    if not entries:
        return None
    return {
        "@type": "FAQPage",
        "inLanguage": "ja",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in entries
        ],
    }


def _breadcrumbs(trail: list[tuple[str, str]], site: Site) -> dict | None:
    """``trail``: (name, site-relative URL) from the home page to the page itself."""
    if len(trail) < 2:
        return None
    items = [
        {"@type": "ListItem", "position": i, "name": name, "item": site.absolute_url(url)}
        for i, (name, url) in enumerate(trail, start=1)
    ]
    return {"@type": "BreadcrumbList", "itemListElement": items}


def structured_data(page: Page, site: Site, trail: list[tuple[str, str]]) -> list[dict]:
    """The JSON-LD objects for one page (each with its own ``@context``)."""
    found: list[dict | None] = []
    if page.kind in (Kind.ARTICLE, Kind.TOPIC):
        found.append(_article(page, site))
    elif page.kind is Kind.FAQ:
        found.append(_faq(page))
    elif page.url == "":
        found.append({"@type": "WebSite", "name": site.name, "url": site.url, "inLanguage": "ja", "publisher": _organisation(site)})
    found.append(_breadcrumbs(trail, site))
    return [{"@context": "https://schema.org", **item} for item in found if item]


def script_tags(objects: list[dict]) -> str:
    """``<script type="application/ld+json">`` elements; ``</`` escaped so text never ends the script."""
    tags = []
    for item in objects:
        text = json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        tags.append(f'<script type="application/ld+json">{text}</script>')
    return "\n".join(tags)
