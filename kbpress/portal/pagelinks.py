"""No dead ends: previous/next within a section and related pages by shared tags.

Articles follow each other in their category in the order of the
category page (by title); topics follow each other by date across the
archive. Related pages share tags with the page (more shared tags first,
then the same category, then the newest). Portal only: EPUBs and feeds
have their own order.
"""

from __future__ import annotations

import heapq
from collections import Counter
from html import escape
from itertools import chain

from ..model import Kind, Page, Site
from ..urls import relative_url

RELATED_SHOWN = 5


class PageLinks:
    """Neighbours and related pages for every article and topic of one site, computed once."""

    def __init__(self, site: Site):
        self.site = site
        self._neighbours: dict[str, tuple[Page | None, Page | None]] = {}
        articles = sorted(site.pages_of_kind(Kind.ARTICLE), key=lambda p: (p.title, p.src_path))
        by_category: dict[str, list[Page]] = {}
        for page in articles:
            by_category.setdefault(page.meta.category or "", []).append(page)
        for group in by_category.values():
            self._chain(group)
        topics = [p for p in site.pages_of_kind(Kind.TOPIC) if p.meta.date is not None]
        self._chain(sorted(topics, key=lambda p: (p.meta.date.timestamp(), p.src_path)))
        self._by_tag: dict[str, list[str]] = {}  # tag -> source paths
        self._ranked: dict[tuple[tuple[str, ...], frozenset[str], int], list[Page]] = {}
        self._pages: dict[str, Page] = {}
        self._newest_first: dict[str, float] = {}  # what ranks pages sharing as many tags: newest first
        for page in site.pages:
            if page.kind in (Kind.ARTICLE, Kind.TOPIC):
                when = page.meta.last_modified or page.meta.date
                self._pages[page.src_path] = page
                self._newest_first[page.src_path] = -(when.timestamp() if when else 0)
                for tag in page.meta.tags:
                    self._by_tag.setdefault(tag, []).append(page.src_path)

    def _chain(self, pages: list[Page]) -> None:
        for index, page in enumerate(pages):
            previous = pages[index - 1] if index else None
            following = pages[index + 1] if index + 1 < len(pages) else None
            self._neighbours[page.src_path] = (previous, following)

    def neighbours(self, page: Page) -> tuple[Page | None, Page | None]:
        return self._neighbours.get(page.src_path, (None, None))

    def related(self, page: Page, limit: int = RELATED_SHOWN) -> list[Page]:
        # The ranking depends only on the page's tags and categories, which many pages
        # share: rank once per pair (a scan of every page with a shared tag), not once per
        # page, which grew with the square of the site.
        key = (tuple(sorted(page.meta.tags)), frozenset(page.meta.categories), limit)
        ranked = self._ranked.get(key)
        if ranked is None:
            ranked = self._ranked[key] = self._rank(*key)
        return [other for other in ranked if other.src_path != page.src_path][:limit]

    def _rank(self, tags: tuple[str, ...], own: frozenset[str], limit: int) -> list[Page]:
        """The ``limit + 1`` best pages sharing one of ``tags`` (the page asking may be one of them)."""
        shared = Counter(chain.from_iterable(self._by_tag.get(tag, ()) for tag in tags))
        pages, newest_first = self._pages, self._newest_first

        def rank(src: str) -> tuple:
            return (-shared[src], own.isdisjoint(pages[src].meta.categories), newest_first[src], src)

        return [pages[src] for src in heapq.nsmallest(limit + 1, shared, key=rank)]

    def html(self, page: Page) -> str:
        """The pager and the related list for ``page`` ("" for other kinds of page)."""
        if page.kind not in (Kind.ARTICLE, Kind.TOPIC):
            return ""
        return _related_html(page, self.related(page)) + _pager_html(page, *self.neighbours(page))


def _href(here: Page, there: Page) -> str:
    return escape(relative_url(here.url, there.url), quote=True)


def _related_html(page: Page, related: list[Page]) -> str:
    if not related:
        return ""
    items = "".join(f'<li><a href="{_href(page, other)}">{escape(other.title)}</a></li>' for other in related)
    return (
        '<section class="kb-related" aria-labelledby="kb-related-title" data-kb-search-ignore>'
        f'<h2 id="kb-related-title">関連する記事</h2><ul>{items}</ul></section>\n'
    )


def _pager_html(page: Page, previous: Page | None, following: Page | None) -> str:
    if previous is None and following is None:
        return ""
    noun = "記事" if page.kind is Kind.ARTICLE else "トピックス"
    before, after = ("前の", "次の") if page.kind is Kind.ARTICLE else ("前の（古い）", "次の（新しい）")
    links = []
    if previous is not None:
        links.append(_pager_link(page, previous, "prev", before + noun))
    if following is not None:
        links.append(_pager_link(page, following, "next", after + noun))
    return f'<nav class="kb-pager" aria-label="前後の{noun}" data-kb-search-ignore>{"".join(links)}</nav>\n'


def _pager_link(page: Page, other: Page, rel: str, label: str) -> str:
    return (
        f'<a class="kb-pager__link kb-pager__link--{rel}" rel="{rel}" href="{_href(page, other)}">'
        f'<span class="kb-pager__label">{escape(label)}</span>'
        f'<span class="kb-pager__title">{escape(other.title)}</span></a>'
    )
