"""Topic feeds (トピックス): RSS 2.0, Atom 1.0 and JSON Feed 1.1 from the content model.

Plain core: nothing here imports MkDocs. The MkDocs adapter is
``kbpress.plugins.feeds``.

Typical use::

    definitions = load_definitions(project_dir / "feeds", taxonomy)
    feeds = feed_set(site, definitions, now)          # + one feed per category
    files, warnings = render_feeds(site, feeds, now, icon="assets/images/favicon.png")
    write_feeds(files, site.site_dir)
    links = feed_links(site, feeds, page)             # <link rel="alternate"> per page
    markdown = feeds_page_markdown(site, feeds)       # body of docs page feeds.md
    problems = check_feeds(project, site, taxonomy)   # for `kbpress check`
"""

from .build import build_feeds, render_feeds, write_feeds
from .check import check_feeds
from .channel import ATOM, FEEDS_DIR, FORMATS, JSON_FEED, RSS, FeedFormat, feed_file, feed_url
from .definitions import (
    DEFAULT_LIMIT,
    FeedDefinition,
    category_definitions,
    feed_set,
    load_definitions,
    parse_definition,
)
from .discovery import (
    FEEDS_PAGE_DESCRIPTION,
    FEEDS_PAGE_TITLE,
    FeedLink,
    feed_links,
    feeds_page_markdown,
    link_tags,
)
from .items import FeedItem, published_topics, topic_guid

__all__ = [
    "ATOM",
    "DEFAULT_LIMIT",
    "FEEDS_DIR",
    "FEEDS_PAGE_DESCRIPTION",
    "FEEDS_PAGE_TITLE",
    "FORMATS",
    "JSON_FEED",
    "RSS",
    "FeedDefinition",
    "FeedFormat",
    "FeedItem",
    "FeedLink",
    "build_feeds",
    "category_definitions",
    "check_feeds",
    "feed_file",
    "feed_links",
    "feed_set",
    "feed_url",
    "feeds_page_markdown",
    "link_tags",
    "load_definitions",
    "parse_definition",
    "published_topics",
    "render_feeds",
    "topic_guid",
    "write_feeds",
]
