"""What a link card says about a page: title, labels, site and organisation.

Derived from the content model only, so the card of a page changes
exactly when something printed on it changes (the cache key is computed
from this object).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import format_date_ja
from ..model import Kind, Page, Site

KIND_LABELS = {Kind.ARTICLE: "解説記事", Kind.TOPIC: "トピックス", Kind.FAQ: "よくある質問"}
MAX_LABELS = 3


@dataclass(frozen=True)
class CardContent:
    """The text printed on one card."""

    title: str
    site_name: str
    organisation: str = ""
    labels: tuple[str, ...] = ()  # kind and category names, drawn as pills
    date: str = ""  # a topic's publication date, in Japanese form
    subtitle: str = ""  # the home page shows the site description


def card_content(page: Page, site: Site) -> CardContent:
    """The card of a page of the knowledge base."""
    if page.url == "":
        return CardContent(
            title=site.name, site_name=site.name, organisation=site.organisation, subtitle=site.description
        )
    labels = [KIND_LABELS[page.kind]] if page.kind in KIND_LABELS else []
    labels += [site.categories[slug].name for slug in page.meta.categories if slug in site.categories]
    date = format_date_ja(page.meta.date) if page.kind is Kind.TOPIC and page.meta.date else ""
    return CardContent(
        title=page.title,
        site_name=site.name,
        organisation=site.organisation,
        labels=tuple(labels[:MAX_LABELS]),
        date=date,
    )


def plain_card_content(title: str, site: Site) -> CardContent:
    """The card of a page outside the content model (e.g. the search page)."""
    return CardContent(title=title or site.name, site_name=site.name, organisation=site.organisation)


def card_url(page_url: str) -> str:
    """Where a page's card is published, relative to the site root.

    Pages have unique directory URLs, so mirroring them under one folder
    cannot collide: "articles/x/" -> "assets/cards/articles/x/card.png".
    """
    return f"assets/cards/{page_url.lstrip('/')}card.png"
