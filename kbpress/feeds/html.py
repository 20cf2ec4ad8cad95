"""Page HTML made fit for a feed: absolute links, no permalink anchors, XML-safe text.

MkDocs writes links relative to the page's own URL; a feed reader shows
the content somewhere else entirely, so every link and image must be
absolute. Each page is parsed once per build, whatever the number of
feeds and formats it appears in.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html

# Characters XML 1.0 forbids (lxml refuses them); tab, newline and CR stay.
_XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NEEDS_REWRITE_RE = re.compile(r"\b(?:href|src|srcset|style|headerlink)\b", re.IGNORECASE)
_HEADERLINK_XPATH = '//a[contains(concat(" ", normalize-space(@class), " "), " headerlink ")]'
_WRAPPER = "kbpress-feed-root"


def remove_forbidden_chars(text: str) -> tuple[str, int]:
    """The text without characters XML cannot carry, and how many were removed."""
    cleaned, count = _XML_FORBIDDEN_RE.subn("", text)
    return cleaned, count


def absolute_html(html: str, base_url: str) -> str:
    """``html`` with links and images absolute against ``base_url`` and headerlinks removed.

    ``html`` must already be free of XML-forbidden characters.
    """
    if not html.strip() or not _NEEDS_REWRITE_RE.search(html):
        return html
    root = lxml.html.fragment_fromstring(html, create_parent=_WRAPPER)
    for anchor in root.xpath(_HEADERLINK_XPATH):
        anchor.drop_tree()  # keeps the text that follows the anchor
    root.make_links_absolute(base_url, resolve_base_href=False, handle_failures="ignore")
    for element in root.xpath("//*[@srcset]"):  # lxml leaves srcset alone
        element.set("srcset", _absolute_srcset(element.get("srcset"), base_url))
    serialised = lxml.html.tostring(root, encoding="unicode")
    return serialised[len(f"<{_WRAPPER}>") : -len(f"</{_WRAPPER}>")]


def _absolute_srcset(srcset: str, base_url: str) -> str:
    candidates = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(base_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)
