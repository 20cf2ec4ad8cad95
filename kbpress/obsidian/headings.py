"""The ids the portal's ``toc`` extension gives a note's headings, worked out from its Markdown.

A link ``[[note#見出し]]`` names a heading by its text; the portal's page
has it under the id the configured ``slugify`` makes of the heading's
plain text (``pymdownx.slugs.slugify`` keeps Japanese), made unique with
``_1``, ``_2`` as ``toc`` does. MkDocs still validates every anchor of
the built page, so a heading this reading gets wrong is reported, not lost.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from markdown.extensions.toc import unique

from ..codemask import mask_code
from .syntax import drop_comments

Slugify = Callable[[str, str], str]

# A heading may sit in a callout ("> ## 手順"): the page shows it inside the admonition, with an id.
_ATX_RE = re.compile(r"^(?:[ \t]{0,3}>)*[ \t]{0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID_RE = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[^\s}]+)[^}]*\}[ \t]*$")
_ATTR_RE = re.compile(r"[ \t]*\{:?[^}]*\}[ \t]*$")
_INLINE_RULES = (
    (re.compile(r"%%.*?%%"), ""),
    (re.compile(r"!?\[\[([^\]|#]*)(?:#[^\]|]*)?\|([^\]]*)\]\]"), r"\2"),
    (re.compile(r"!?\[\[([^\]|]*)\]\]"), lambda m: m.group(1).replace("#", " > ")),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"(\*\*|__|~~|==|\*|_|`)"), ""),
)


def heading_texts(body: str) -> list[tuple[str, str | None]]:
    """(plain text, explicit id or None) of every ATX heading outside code, in order."""
    found = []
    body, _unclosed = drop_comments(body)  # a heading inside a comment is on no page
    for line in mask_code(body).split("\n"):
        match = _ATX_RE.match(line)
        if match is None or match.group("text") is None:
            continue
        text = match.group("text")
        explicit = _ATTR_ID_RE.search(text)
        text = _ATTR_RE.sub("", text)
        found.append((plain_text(text), explicit.group("id") if explicit else None))
    return found


def plain_text(markdown_text: str) -> str:
    """Inline Markdown reduced to the text a reader sees (what ``toc`` slugifies)."""
    text = markdown_text
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    return html.unescape(text).strip()


def heading_ids(body: str, slugify: Slugify, separator: str = "-") -> tuple[tuple[str, str], ...]:
    """(heading text, id) pairs as the portal's page will have them."""
    used: set[str] = set()
    pairs = []
    for text, explicit in heading_texts(body):
        anchor = explicit or unique(slugify(text, separator), used)
        used.add(anchor)
        pairs.append((text, anchor))
    return tuple(pairs)
