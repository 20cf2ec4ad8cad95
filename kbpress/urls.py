"""Site-relative URL arithmetic shared by every output."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit


def relative_url(from_url: str, to_url: str) -> str:
    """The relative link from one directory-style site URL to another.

    >>> relative_url("articles/a/", "categories/mail/")
    '../../categories/mail/'
    """
    base = "/" + from_url.lstrip("/")
    base = base if base.endswith("/") else posixpath.dirname(base) + "/"
    target = "/" + to_url.lstrip("/")
    relative = posixpath.relpath(target, base)
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link from one source file to another (both docs-relative)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def resolve_href(page_url: str, href: str) -> str | None:
    """The site-relative URL a link in a page points to, or None if it leaves the site.

    Keeps the fragment: ``resolve_href("articles/a/", "../b/#x") == "articles/b/#x"``.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    if not parts.path:
        return page_url + (f"#{parts.fragment}" if parts.fragment else "")
    joined = posixpath.normpath(posixpath.join("/" + page_url, parts.path))
    if parts.path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    if joined.startswith("/.."):
        return None
    resolved = joined.lstrip("/")
    return resolved + (f"#{parts.fragment}" if parts.fragment else "")
