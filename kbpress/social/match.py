"""Is this post on X the one kbpress sent? Matching for reconciliation.

A post whose outcome was lost is recognised only by what kbpress itself
sent: the kind (a quote is never a page announcement; a repost is the
repost of that very post), the exact text and the exact set of links.
X changes a text in known ways only: links become t.co addresses (the
originals are in ``entities.urls``), ``& < >`` become HTML entities, and
the text is Unicode-normalised and trimmed; both sides are brought to that
form before comparing.

A post of ours that is of the same kind and target but not the same
(e.g. the announcement edited on X) is a *near miss*: the record stays
pending for a person to decide, never marked done and never sent again.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

from twitter_text import extract_urls_with_indices

from .plan import POST, QUOTE, REPOST
from .statusurl import parse_status_url

EXACT, NEAR, NONE = "exact", "near", "none"
_PLACEHOLDER = "\u2063"  # marks where a link was; the same on both sides


@dataclass(frozen=True)
class Sent:
    """What kbpress sent (or was about to send), as the pending record keeps it."""

    kind: str
    text: str | None
    target: str | None  # the page URL, or the URL of the quoted / reposted post
    since: datetime  # the pending record's time, less the clock margin

    @property
    def target_id(self) -> str | None:
        return parse_status_url(self.target) if self.target and self.kind != POST else None


def compare(tweet: dict, sent: Sent) -> str:
    """EXACT when ``tweet`` is the post kbpress sent, NEAR when it could be an altered copy, else NONE."""
    if not _in_window(tweet, sent.since):
        return NONE
    references = {(ref.get("type"), str(ref.get("id"))) for ref in _listed(tweet.get("referenced_tweets"))}
    if sent.kind == REPOST:
        return EXACT if ("retweeted", sent.target_id) in references else NONE
    kinds = {kind for kind, _id in references}
    if sent.kind == QUOTE:
        if ("quoted", sent.target_id) not in references or kinds & {"retweeted", "replied_to"}:
            return NONE
        return EXACT if _same_text(tweet, sent.text, drop=sent.target_id) else NEAR
    if kinds:  # a quote, repost or reply is never a page announcement
        return NONE
    if _same_text(tweet, sent.text):
        return EXACT
    return NEAR if sent.target and _url_key(sent.target) in _links(tweet) else NONE


def _in_window(tweet: dict, since: datetime) -> bool:
    created = tweet.get("created_at")
    if not created:
        return True  # the lookup asked X for posts since then already
    moment = _moment(str(created))
    return moment is None or moment >= since


def _moment(text: str) -> datetime | None:
    """X's ``created_at`` in any precision or zone; without a zone it is UTC, as X's clocks are."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")  # the v1.1 spelling
        except ValueError:
            return None  # unreadable: the lookup asked X for posts since then already
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _same_text(tweet: dict, text: str | None, drop: str | None = None) -> bool:
    if text is None:
        return False
    theirs = comparable(_expanded_text(tweet), drop_status=drop)
    return theirs == comparable(text, drop_status=drop)


def comparable(text: str, *, drop_status: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The text with its links taken out, and the links, in the form X keeps them.

    ``drop_status`` removes links to that post (some clients append the quoted
    post's address to a quote's text).
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    links = []
    for url in sorted(extract_urls_with_indices(text), key=lambda url: url["indices"][0], reverse=True):
        start, end = url["indices"]
        if drop_status and parse_status_url(url["url"]) == drop_status:
            text = text[:start] + text[end:]
            continue
        links.append(_url_key(url["url"]))
        text = text[:start] + _PLACEHOLDER + text[end:]
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.strip().split("\n")]
    return "\n".join(lines).strip(), tuple(reversed(links))


def _expanded_text(tweet: dict) -> str:
    """The post's text with each t.co link replaced by the address it stands for."""
    text = html.unescape(str(tweet.get("text") or ""))
    for link in _url_entities(tweet):
        short = str(link.get("url") or "")
        original = str(link.get("unwound_url") or link.get("expanded_url") or "")
        if short and original:
            text = text.replace(short, original)
    return text


def _links(tweet: dict) -> set[str]:
    return {
        _url_key(str(link.get(key)))
        for link in _url_entities(tweet)
        for key in ("expanded_url", "unwound_url")
        if link.get(key)
    }


def _url_entities(tweet: dict) -> list[dict]:
    entities = tweet.get("entities")
    return _listed(entities.get("urls") if isinstance(entities, dict) else None)


def _listed(value) -> list[dict]:
    """The objects of a list in X's answer; anything else (another server's idea of it) is none."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _url_key(url: str) -> str:
    """A link as X may give it back: scheme and a final slash do not matter, nor the host's case."""
    rest = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
    host, slash, path = rest.partition("/")
    return (host.lower() + slash + path).rstrip("/")
