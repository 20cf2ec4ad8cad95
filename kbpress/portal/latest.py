"""The home page's "what's new first" block: newest warnings, then newest topics.

Readers open the portal to learn what is current. The block lists the
newest topics of the warning categories (注意喚起 and the like) and the
newest other topics, each with title, date and categories; a topic whose
``ends:`` date has passed (a seminar call, an application period) is
marked 終了 so an expired call never reads as open.

A line ``<!-- kbpress:latest -->`` in the page marks where the block goes.
It is added to the portal page only (EPUBs and feeds never list it).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from ..clock import format_date_ja
from ..model import JST, Kind, Page, Site
from ..urls import relative_url

PLACEHOLDER = "<!-- kbpress:latest -->"
DEFAULT_ALERT_CATEGORIES = ("alert", "vulnerability")
ALERTS_SHOWN = 3
TOPICS_SHOWN = 5


def is_over(page: Page, now: datetime) -> bool:
    """True once the last day (``ends:``) of the topic's event or call has passed, in Japan time."""
    ends = page.meta.ends
    return ends is not None and now.astimezone(JST).date() > ends.astimezone(JST).date()


def ended_notice(page: Page, now: datetime) -> str:
    """A line at the top of a topic whose event or call is over, so no one registers for it."""
    if page.kind is not Kind.TOPIC or not is_over(page, now):
        return ""
    day = format_date_ja(page.meta.ends)
    return f'<p class="kb-ended" data-kb-search-ignore>終了: このお知らせの募集・開催は{day}で終了しました。</p>\n'


def latest_html(site: Site, here: Page, now: datetime, alert_categories: tuple[str, ...]) -> str:
    topics = sorted(
        (p for p in site.pages if p.kind is Kind.TOPIC and p.meta.date is not None and p.meta.date <= now),
        key=lambda p: (-p.meta.date.timestamp(), p.src_path),
    )
    alerts = [p for p in topics if set(p.meta.categories) & set(alert_categories)][:ALERTS_SHOWN]
    others = [p for p in topics if p not in alerts][:TOPICS_SHOWN]
    if not topics:
        return ""
    parts = ['<div class="kb-latest" data-kb-search-ignore>']
    if alerts:
        parts.append(_list("注意喚起", "kb-latest--alerts", alerts, site, here, now))
    if others:
        parts.append(_list("新着トピックス", "kb-latest--topics", others, site, here, now))
    more = relative_url(here.url, "updates/")
    parts.append(f'<p class="kb-latest__more"><a href="{escape(more, quote=True)}">更新情報をすべて見る</a></p>')
    parts.append("</div>")
    return "\n".join(parts)


def _list(title: str, css: str, pages: list[Page], site: Site, here: Page, now: datetime) -> str:
    items = "".join(_item(page, site, here, now) for page in pages)
    return f'<section class="kb-latest__section {css}"><h2>{escape(title)}</h2><ul class="kb-latest__list">{items}</ul></section>'


def _item(page: Page, site: Site, here: Page, now: datetime) -> str:
    href = escape(relative_url(here.url, page.url), quote=True)
    names = [site.categories[slug].name for slug in page.meta.categories if slug in site.categories]
    labels = "".join(f'<span class="kb-latest__category">{escape(name)}</span>' for name in names)
    status = '<span class="kb-latest__over">終了</span>' if is_over(page, now) else ""
    date = f'<time datetime="{page.meta.date.isoformat()}">{format_date_ja(page.meta.date)}</time>'
    return (
        f'<li class="kb-latest__item"><span class="kb-latest__meta">{date}{labels}{status}</span>'
        f'<a class="kb-latest__link" href="{href}">{escape(page.title)}</a></li>'
    )
