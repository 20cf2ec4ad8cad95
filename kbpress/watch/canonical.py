"""One address per article: what candidates are recognised again by.

The same news reaches us as ``https://www.ipa.go.jp/x.html?utm_source=rss``
from a feed, ``...?fbclid=...`` from a bookmark and ``mobile.twitter.com``
from a list; dedup must see one page. Tracking parameters are dropped
(never other parameters: ``?id=123`` can be the article itself), host and
scheme lower-cased, the fragment removed, and X posts reduced to their id.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..social.statusurl import parse_status_url

_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "_hsenc", "_hsmi", "ref_src", "ref_url", "cmpid", "s_cid", "spm",
}
_X_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "m.twitter.com", "x.com", "www.x.com", "mobile.x.com"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The canonical form of ``url``; anything that is not http(s) is returned stripped."""
    url = url.strip()
    status_id = parse_status_url(url)
    if status_id is not None:
        return status_url(url, status_id)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if host in _X_HOSTS:
        host = "x.com"
    if parts.port and parts.port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(name)]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query, doseq=True), ""))


def status_url(url: str, status_id: str) -> str:
    """An X post as ``https://x.com/<account>/status/<id>``: no tracking query, no mobile host."""
    match = re.match(r"^https?://[^/]+/([A-Za-z0-9_]{1,15})/status", url.strip(), re.IGNORECASE)
    account = match.group(1) if match and match.group(1).lower() not in ("i", "web") else "i/web"
    return f"https://x.com/{account}/status/{status_id}"


def dedup_keys(url: str) -> set[str]:
    """What makes two candidates the same: the canonical URL, and for X posts the post id too."""
    keys = {canonical_url(url)}
    status_id = parse_status_url(url.strip())
    if status_id is not None:
        keys.add(f"x-status:{status_id}")
    return keys


def candidate_id(url: str) -> str:
    """A short stable id for typing on the command line: 10 hex digits of the canonical URL's hash."""
    status_id = parse_status_url(url.strip())
    key = f"x-status:{status_id}" if status_id else canonical_url(url)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(_TRACKING_PREFIXES) or lowered in _TRACKING_NAMES
