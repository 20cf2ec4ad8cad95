"""What a feed says about itself, the same for its three formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from ..indexes import CATEGORIES_INDEX, TAGS_INDEX
from ..language import DEFAULT_LANGUAGE
from ..model import Site
from ..pageinfo import term_url
from .definitions import FeedDefinition
from .items import FeedItem, newest_update

FEEDS_DIR = "feeds"  # under the site root


@dataclass(frozen=True)
class FeedFormat:
    extension: str
    media_type: str
    label: str


RSS = FeedFormat("xml", "application/rss+xml", "RSS")
ATOM = FeedFormat("atom", "application/atom+xml", "Atom")
JSON_FEED = FeedFormat("json", "application/feed+json", "JSON Feed")
FORMATS = (RSS, ATOM, JSON_FEED)

# Raster formats only: RSS 2.0 <image> allows GIF, JPEG and PNG.
_RSS_IMAGE_SUFFIXES = (".png", ".gif", ".jpg", ".jpeg")


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    home_url: str  # the portal page the feed mirrors
    urls: dict[str, str]  # extension -> absolute URL of the feed file
    author: str
    updated: datetime  # newest item's last change (build time when empty)
    icon_url: str | None
    category_scheme: str  # URL of the category list: RSS domain, Atom scheme
    tag_scheme: str
    full_content: bool
    items: list[FeedItem]
    language: str = DEFAULT_LANGUAGE

    @property
    def rss_image_url(self) -> str | None:
        if self.icon_url and self.icon_url.lower().split("?")[0].endswith(_RSS_IMAGE_SUFFIXES):
            return self.icon_url
        return None


def feed_file(definition: FeedDefinition, feed_format: FeedFormat) -> str:
    """Site-relative path of one output file: feeds/topics.xml."""
    return f"{FEEDS_DIR}/{definition.path}.{feed_format.extension}"


def feed_url(site: Site, definition: FeedDefinition, feed_format: FeedFormat) -> str:
    return site.absolute_url(feed_file(definition, feed_format))


def icon_url(site: Site, icon: str | None) -> str | None:
    """An icon option (site-relative path or URL) as an absolute URL."""
    if not icon:
        return None
    if icon.startswith(("https://", "http://")):
        return icon
    return site.absolute_url(quote(icon.lstrip("/")))


def make_channel(site: Site, definition: FeedDefinition, items: list[FeedItem], default_icon: str | None) -> Channel:
    return Channel(
        title=definition.title,
        description=definition.description or site.description or definition.title,
        home_url=site.absolute_url(definition.home),
        urls={feed_format.extension: feed_url(site, definition, feed_format) for feed_format in FORMATS},
        author=site.organisation,
        updated=newest_update(items, site.build_time),
        icon_url=icon_url(site, definition.icon or default_icon),
        category_scheme=site.absolute_url(term_url(CATEGORIES_INDEX)),
        tag_scheme=site.absolute_url(term_url(TAGS_INDEX)),
        full_content=definition.full_content,
        items=items,
        language=definition.language,
    )
