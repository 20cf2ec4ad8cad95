"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), written with the json module.

Keys are sorted and Japanese stays readable (no \\u escapes), so one
commit always gives the same bytes. Compact, not indented: only then does
the json module use its C encoder (four times faster on 5,000 items).
"""

from __future__ import annotations

import json
from typing import Any

from .channel import JSON_FEED, Channel
from .items import FeedItem

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed_bytes(channel: Channel) -> bytes:
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": channel.title,
        "home_page_url": channel.home_url,
        "feed_url": channel.urls[JSON_FEED.extension],
        "description": channel.description,
        "language": channel.language,
        "authors": [{"name": channel.author}],
        "items": [_item(channel, item) for item in channel.items],
    }
    if channel.icon_url:
        feed["icon"] = channel.icon_url
        feed["favicon"] = channel.icon_url
    return (json.dumps(feed, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _item(channel: Channel, item: FeedItem) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": channel.author}],
        "tags": [term.name for term in item.categories + item.tags],
    }
    if item.summary:
        entry["summary"] = item.summary
    if channel.full_content and item.content_html:
        entry["content_html"] = item.content_html
    else:
        entry["content_text"] = item.summary or item.title  # an item needs content_html or content_text
    if item.image:
        entry["image"] = item.image.url
        entry["attachments"] = [
            {"url": item.image.url, "mime_type": item.image.media_type, "size_in_bytes": item.image.length}
        ]
    return entry
