"""Categories and tags as a vault writes them: names in any script, tags nested with ``/``.

A taxonomy slug names a URL, so it must be ASCII and must not change when
the vocabulary grows: ASCII names are slugified, the rest get a short
digest of the name itself. A nested tag ``LifeWork/知の共有化`` stands for
itself and every level above it (``LifeWork``), so its parent's tag page
lists everything below it and both levels are found by search.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")


def term_slug(name: str, prefix: str) -> str:
    """A stable ASCII slug for a term name; ``prefix`` (``c``/``t``) when the name has no ASCII to use."""
    parts = []
    for segment in name.split("/"):
        ascii_segment = _NON_SLUG_RE.sub("-", unicodedata.normalize("NFKC", segment).lower()).strip("-")
        if ascii_segment and segment.isascii():
            parts.append(ascii_segment)
        else:
            digest = hashlib.sha1(segment.strip().encode("utf-8")).hexdigest()[:8]
            parts.append(f"{ascii_segment}-{digest}" if ascii_segment else f"{prefix}{digest}")
    return "-".join(parts)


def term_names(value: Any) -> list[str] | None:
    """Names from a front-matter value: a list, or one string (comma-separated); None when not names."""
    if isinstance(value, str):
        # "#phishing #メール" (tags pasted from a note body) is two tags; "Wi-Fi 設定" stays one name.
        items = [word for part in re.split(r"[,、，]", value) for word in _hashed_words(part)]
    elif isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        items = [str(item) for item in value]
    else:
        return None
    return [name for name in (clean_name(item) for item in items) if name]


def _hashed_words(part: str) -> list[str]:
    words = part.split()
    return words if len(words) > 1 and all(word.startswith("#") for word in words) else [part]


def clean_name(text: str) -> str:
    """A term as written, without Obsidian's ``#``, surrounding spaces or slashes at either end."""
    return " ".join(text.strip().lstrip("#").split()).strip("/")


def with_parents(tag: str) -> list[str]:
    """``a/b/c`` -> ``a``, ``a/b``, ``a/b/c``: every level of a nested tag."""
    parts = [part.strip() for part in tag.split("/") if part.strip()]
    return ["/".join(parts[: index + 1]) for index in range(len(parts))]
