"""Feed items: which topics a feed carries and what each item says.

An item is prepared once per build and shared by every feed and format
that carries its topic, so the HTML of a page is rewritten only once.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

from ..model import JST, KbpressError, Kind, Page, Problem, Site, Term, is_published
from .definitions import FeedDefinition
from .html import feed_html, remove_forbidden_chars

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
}


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int  # bytes
    media_type: str


@dataclass(frozen=True)
class FeedItem:
    id: str  # tag: URI, unchanged when the title or text is edited
    url: str  # absolute
    title: str
    summary: str
    content_html: str  # absolute links, no permalink anchors
    published: datetime  # JST
    updated: datetime  # JST
    categories: tuple[Term, ...]
    tags: tuple[Term, ...]
    image: Enclosure | None


def published_topics(site: Site, now: datetime) -> list[Page]:
    """Published topics, newest first (ties broken by URL so the order never wobbles)."""
    topics = [page for page in site.pages_of_kind(Kind.TOPIC) if page.meta.date and is_published(page.meta, now)]
    return sorted(topics, key=lambda page: (-page.meta.date.timestamp(), page.url))


def select_topics(topics: list[Page], definition: FeedDefinition) -> list[Page]:
    """The newest topics ``definition`` carries, at most its limit."""
    chosen = []
    for page in topics:
        if definition.matches(page.meta):
            chosen.append(page)
            if len(chosen) == definition.limit:
                break
    return chosen


def site_host(site: Site) -> str:
    host = urlsplit(site.url).hostname
    if not host:
        raise KbpressError(Problem("mkdocs.yml", "site_url に公開先の URL (例: https://kb.example.jp/) を書いてください。フィードには絶対 URL が必要です"))
    return host


def topic_guid(host: str, page: Page) -> str:
    """tag:<host>,<date>:<slug> (RFC 4151): built from what never changes once published."""
    return f"tag:{host},{jst(page.meta.date):%Y-%m-%d}:{page.meta.slug}"


def jst(moment: datetime) -> datetime:
    """The moment in Japan time, to the second."""
    return moment.astimezone(JST).replace(microsecond=0)


def prepare_items(
    site: Site, pages: list[Page], with_content: set[str] | None = None
) -> tuple[dict[str, FeedItem], list[Problem]]:
    """Items by source path for ``pages``, and warnings about what had to be changed.

    Only pages whose source path is in ``with_content`` (all when None) get
    their HTML rewritten: summary-only feeds never pay for it.
    """
    host = site_host(site)
    items: dict[str, FeedItem] = {}
    problems: list[Problem] = []
    for page in pages:
        if page.src_path not in items:
            content = with_content is None or page.src_path in with_content
            items[page.src_path] = _item(site, host, page, content, problems)
    return items, problems


def _item(site: Site, host: str, page: Page, with_content: bool, problems: list[Problem]) -> FeedItem:
    shown = shown_path(site, page.src_path)
    title, removed_title = remove_forbidden_chars(page.title)
    summary, removed_summary = remove_forbidden_chars(page.meta.description)
    html, removed_html = remove_forbidden_chars(page.html) if with_content else ("", 0)
    removed = removed_title + removed_summary + removed_html
    if removed:
        problems.append(
            Problem(
                shown,
                f"フィードに使えない制御文字が {removed} 個あったため取り除きました。"
                "ほかの文書から貼り付けた箇所を確かめ、見えない文字を削除してください",
                severity="warning",
            )
        )
    url = site.absolute_url(page.url)
    meta = page.meta
    return FeedItem(
        id=topic_guid(host, page),
        url=url,
        title=title,
        summary=summary,
        content_html=feed_html(html, url) if html else "",
        published=jst(meta.date),
        updated=jst(meta.last_modified),
        categories=tuple(site.categories[slug] for slug in meta.categories if slug in site.categories),
        tags=tuple(site.tags[slug] for slug in meta.tags if slug in site.tags),
        image=_enclosure(site, page, shown, problems),
    )


def _enclosure(site: Site, page: Page, shown: str, problems: list[Problem]) -> Enclosure | None:
    image = page.meta.image
    if not image:
        return None
    try:
        length = os.path.getsize(os.path.join(site.docs_dir, *image.split("/")))
    except OSError:
        problems.append(
            Problem(shown, f"image '{image}' が見つからないため、フィードに画像を付けませんでした。docs/ 内のパスを確かめてください", severity="warning")
        )
        return None
    media_type = IMAGE_TYPES.get(posixpath.splitext(image)[1].lower(), "application/octet-stream")
    return Enclosure(url=site.absolute_url(quote(image)), length=length, media_type=media_type)


def shown_path(site: Site, src_path: str) -> str:
    """A source path as the user knows it: docs/topics/2025/x.md."""
    return posixpath.join(os.path.basename(os.path.normpath(site.docs_dir)), src_path)


def newest_update(items: list[FeedItem], fallback: datetime) -> datetime:
    """A feed's own date: its newest item's last change, never the build time unless empty."""
    return max((item.updated for item in items), default=jst(fallback))
