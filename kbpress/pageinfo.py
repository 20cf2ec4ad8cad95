"""The small information block shown under a page title on the portal.

Category, tags, audience and dates in Japanese form. Kept out of the
rendered page HTML that EPUBs and feeds consume: the portal adds it.
"""

from __future__ import annotations

from html import escape

from .clock import format_date_ja
from .indexes import category_src, tag_src
from .model import Kind, Page, Site
from .urls import relative_url


def term_url(src_path: str) -> str:
    """The directory URL of a generated term page (categories/mail/index.md -> categories/mail/)."""
    return src_path[: -len("index.md")]


def page_info_html(page: Page, site: Site) -> str:
    """An HTML ``<dl>`` describing the page, or "" for kinds that have none."""
    meta = page.meta
    rows: list[tuple[str, str]] = []
    if page.kind is Kind.TOPIC and meta.date:
        rows.append(("公開日", _time(meta.date, with_time=True)))
    if meta.updated and page.kind in (Kind.ARTICLE, Kind.TOPIC):
        rows.append(("最終更新", _time(meta.updated, with_time=False)))
    if meta.categories:
        rows.append(("カテゴリ", _links(page, site, [(site.categories[s].name, category_src(s)) for s in meta.categories])))
    if meta.tags:
        rows.append(("タグ", _links(page, site, [(site.tags[s].name, tag_src(s)) for s in meta.tags])))
    if meta.audience:
        rows.append(("対象", escape("・".join(meta.audience))))
    if meta.source_url:
        url = escape(meta.source_url, quote=True)
        rows.append(("情報源", f'<a href="{url}" rel="noopener">{escape(meta.source_url)}</a>'))
    if not rows:
        return ""
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="kb-page-info">{body}</dl>\n'


def _time(moment, *, with_time: bool) -> str:
    return f'<time datetime="{moment.isoformat()}">{format_date_ja(moment, with_time=with_time)}</time>'


def _links(page: Page, site: Site, items: list[tuple[str, str]]) -> str:
    links = [
        f'<a href="{escape(relative_url(page.url, term_url(src)), quote=True)}">{escape(name)}</a>' for name, src in items
    ]
    return "、".join(links)
