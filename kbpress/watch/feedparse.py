"""Reading a fetched feed, whatever its format: RSS 1.0 (RDF), RSS 2.0, Atom or JSON Feed.

The format is detected from the content, not the URL or Content-Type
(Japanese government sites serve RDF as text/html and RSS as
application/octet-stream). XML goes to feedparser, which honours the
encoding declared in the prolog (Shift_JIS and EUC-JP feeds are still
common); JSON Feed is read here (feedparser 6.0 does not know it).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import feedparser

from ..model import JST

SUMMARY_CHARS = 120
_BLOCK_TAG_RE = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|hr)\b[^>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


class FeedError(ValueError):
    """Not a feed we can read; the message says what was found instead."""


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    published: datetime | None  # JST
    summary: str


@dataclass(frozen=True)
class ParsedFeed:
    items: list[FeedItem]
    note: str | None = None  # a recoverable problem worth telling the specialist


def parse_feed(body: bytes, content_type: str = "") -> ParsedFeed:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return ParsedFeed(_json_feed(body))
    if _looks_like_html(head):
        raise FeedError("フィードではなく HTML のページが返りました。サイトのフィード (RSS) の URL を書いてください")
    return _xml_feed(body, content_type)


def _looks_like_html(head: bytes) -> bool:
    lowered = head.lower()
    return lowered.startswith((b"<!doctype html", b"<html")) or (b"<html" in lowered and b"<rss" not in lowered and b"<feed" not in lowered and b"<rdf" not in lowered)


def _xml_feed(body: bytes, content_type: str) -> ParsedFeed:
    # Only a declared charset is passed on: a bare "text/xml" would make feedparser assume US-ASCII (RFC 3023)
    # and ignore the encoding the prolog declares.
    headers = {"content-type": content_type} if "charset=" in content_type.lower() else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    damaged = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride)
    if damaged and _truncated(body):
        # The loose parser would return the last item cut in half (a link to nowhere).
        raise FeedError("フィードが途中で切れています (最後まで届いていません)。時間をおいても続くならサイトに知らせてください")
    if not parsed.entries and (damaged or not parsed.get("version")):
        reason = _bozo_reason(parsed)
        raise FeedError(f"フィードとして読めません{reason}。URL がフィードを指しているか、サイト側で壊れていないか確かめてください")
    items = [item for item in (_xml_item(entry) for entry in parsed.entries) if item is not None]
    # Loose parsing recovers items from a slightly broken feed: keep them, but say so.
    note = f"フィードの書式に誤りがあります{_bozo_reason(parsed)}。読み取れた {len(items)} 件を取り込みました" if damaged else None
    return ParsedFeed(items, note)


def _truncated(body: bytes) -> bool:
    """No closing root element at the end: the answer stopped mid-document."""
    tail = body.rstrip()[-64:]
    return not any(end in tail for end in (b"</rss>", b"</feed>", b"RDF>"))


def _bozo_reason(parsed) -> str:
    error = parsed.get("bozo_exception")
    if error is None:
        return ""
    message = str(getattr(error, "getMessage", lambda: error)())
    return f" ({message[:120]})"


def _xml_item(entry) -> FeedItem | None:
    url = (entry.get("link") or "").strip()
    if not url.startswith(("http://", "https://")):
        return None
    moment = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    published = datetime(*moment[:6], tzinfo=timezone.utc).astimezone(JST) if moment else None
    summary = entry.get("summary") or ""
    return FeedItem(_plain(entry.get("title") or url), url, published, shorten(_plain(summary)))


def _json_feed(body: bytes) -> list[FeedItem]:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"JSON Feed として読めません ({type(error).__name__})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedError("JSON は返りましたが JSON Feed ではありません (version が https://jsonfeed.org/version/ で始まりません)")
    items = []
    for entry in data.get("items") or []:
        if not isinstance(entry, dict):
            continue
        url = str(entry.get("url") or entry.get("external_url") or "").strip()
        if not url.startswith(("http://", "https://")):
            continue
        text = entry.get("summary") or entry.get("content_text") or _plain(str(entry.get("content_html") or ""))
        title = _plain(str(entry.get("title") or "")) or shorten(_plain(str(text))) or url
        items.append(FeedItem(title, url, _iso_time(entry.get("date_published") or entry.get("date_modified")), shorten(_plain(str(text)))))
    return items


def _iso_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(JST)


def _plain(text: str) -> str:
    """Markup removed (blocks apart, inline markup joined), entities decoded, all white space one space."""
    return _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", text)))).strip()


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
