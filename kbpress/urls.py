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
    relative = _relpath(target, base)
    if relative == ".":
        return "./"
    return relative + "/" if target.endswith("/") and not relative.endswith("/") else relative


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath`` for absolute paths; site URLs are already normal, so its normalising is skipped.

    Every page links to a dozen others, and relpath's normalising was most of the time.
    """
    if "//" in target or "//" in base or "/." in target or "/." in base:
        return posixpath.relpath(target, base)  # empty, "." or ".." segments (or a dot file): normalise first
    target_parts = [part for part in target.split("/") if part]
    base_parts = [part for part in base.split("/") if part]
    common = 0
    for ours, theirs in zip(base_parts, target_parts):
        if ours != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link from one source file to another (both docs-relative)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
