"""Index records: what the search index takes from one built page.

The template marks the searchable part of a page with ``data-kb-search-body``
(the page body, without navigation); its text is collected per block
(paragraph, list item, heading...) so that a phrase split by inline
markup (パスワード<strong>管理</strong>) stays whole for the term cutter.
Parts marked ``data-kb-search-ignore`` and the exclude selectors are left
out. The category and tag names of the page information block are kept
apart as labels (they weigh more than body text); a page whose head says
``<meta name="robots" content="noindex">`` (pages for editors, not
readers) has no record at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from lxml import html as lxml_html

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul br".split()
)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIPPED_TAGS = frozenset(("script", "style", "template", "noscript", "svg", "button"))
BODY_MARKER = "data-kb-search-body"  # the attribute main.html sets on the indexed body
IGNORE_MARKER = "data-kb-search-ignore"
# The page info block repeats category and tag names on every page, and
# permalink anchors add a pilcrow: both only dilute the ranking.
DEFAULT_EXCLUDE_SELECTORS = (".kb-page-info", ".headerlink", ".kb-draft-banner", ".md-source-file")
_SPACE_RE = re.compile(r"\s+")
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
_BODY_RE = re.compile(rf"\s{BODY_MARKER}[\s>=]")
_NOINDEX_RE = re.compile(r"<meta\s+name=[\"']robots[\"']\s+content=[\"'][^\"']*noindex", re.I)
# Category and tag names, and the dates (readers search for 2024 セミナー).
LABEL_XPATH = ".//*[contains(concat(' ', normalize-space(@class), ' '), ' kb-page-info ')]//dd/*[self::a or self::time]"


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


@dataclass(frozen=True)
class IndexRecord:
    """One page as the index sees it."""

    title: str
    blocks: tuple[Block, ...]
    labels: tuple[str, ...] = ()  # category and tag names and dates shown on the page

    @property
    def text(self) -> str:
        return " ".join(block.text for block in self.blocks)

    @property
    def heading_text(self) -> str:
        return " ".join(block.text for block in self.blocks if block.heading)

    @property
    def label_text(self) -> str:
        return " ".join(self.labels)


def is_noindex(head_html: str) -> bool:
    """True when the page's head asks search engines (and so this index) to leave it out."""
    return _NOINDEX_RE.search(head_html) is not None


def page_record(page_html: str, exclude_selectors: tuple[str, ...] = ()) -> IndexRecord | None:
    """The record of a built page, or None when the page is not to be indexed."""
    marker = _BODY_RE.search(page_html)
    if marker is None or _NOINDEX_RE.search(page_html, 0, marker.start()):
        return None
    # Parse from the marked element on: the navigation before it is most
    # of a Material page and never indexed (lxml closes what is left open).
    start = page_html.rfind("<", 0, marker.start())
    bodies = lxml_html.fromstring(page_html[start:]).xpath(f"descendant-or-self::*[@{BODY_MARKER}]")
    if not bodies:
        return None
    body = bodies[0]
    labels = tuple(_SPACE_RE.sub(" ", link.text_content()).strip() for link in body.xpath(LABEL_XPATH))
    for selector in exclude_selectors:
        for element in body.xpath(_selector_xpath(selector)):
            _drop(element)
    for element in body.xpath(f".//*[@{IGNORE_MARKER}]"):
        _drop(element)
    blocks = tuple(block for block in _blocks(body) if block.text)
    title = next((block.text for block in blocks if block.heading), "") or _title_of(page_html)
    return IndexRecord(title=title, blocks=blocks, labels=tuple(label for label in labels if label))


def _selector_xpath(selector: str) -> str:
    """Class (``.name``), id (``#name``) or tag selectors; enough for the portal's templates."""
    selector = selector.strip()
    if selector.startswith("."):
        return f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {selector[1:]} ')]"
    if selector.startswith("#"):
        return f".//*[@id='{selector[1:]}']"
    if re.fullmatch(r"[a-zA-Z][a-zA-Z0-9-]*", selector):
        return f".//{selector.lower()}"
    raise ValueError(f"unsupported selector {selector!r}: use .class, #id or a tag name")


def _drop(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # Keep the text that follows the element (its tail) in place.
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _blocks(root) -> list[Block]:
    """Text of ``root`` cut at block elements; inline markup does not cut."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush(heading: bool = False) -> None:
        text = _SPACE_RE.sub(" ", "".join(current)).strip()
        current.clear()
        if text:
            blocks.append(Block(text, heading))

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED_TAGS:
            current.append(" ")
            return
        if tag in BLOCK_TAGS:
            flush()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if tag in BLOCK_TAGS:
            flush(heading=tag in HEADING_TAGS)

    walk(root)
    flush()
    return blocks


def _title_of(page_html: str) -> str:
    match = _TITLE_RE.search(page_html)
    return unescape(match.group(1)).strip() if match else ""
