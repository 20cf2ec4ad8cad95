"""Site-relative URL arithmetic shared by every output."""

from __future__ import annotations

import posixpath


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
