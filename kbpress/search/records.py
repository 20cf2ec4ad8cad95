"""Index records: what Pagefind indexes for one built page.

The portal's pages stay as they are. For every page whose body the
template marked ``data-pagefind-body`` we write a small stand-in document
for Pagefind: the same headings and paragraphs, but with the text turned
into search terms (:mod:`kbpress.search.tokens`), and the readable title
and text kept as metadata for the results list. Text is collected per
block (paragraph, list item, heading...) so that a phrase split by inline
markup (パスワード<strong>管理</strong>) still yields all its terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

from lxml import html as lxml_html

from .tokens import index_text

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul br".split()
)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SKIPPED_TAGS = frozenset(("script", "style", "template", "noscript", "svg", "button"))
TEXT_LIMIT = 20_000  # characters of readable text kept for excerpts
INDEX_LANGUAGE = "und"  # no stemming, and no segmentation by Pagefind on either side
_SPACE_RE = re.compile(r"\s+")
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


@dataclass(frozen=True)
class IndexRecord:
    """One page as the index sees it."""

    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return " ".join(block.text for block in self.blocks)


def page_record(page_html: str, exclude_selectors: tuple[str, ...] = ()) -> IndexRecord | None:
    """The record of a built page, or None when the page is not to be indexed."""
    marker = page_html.find("data-pagefind-body")
    if marker < 0:
        return None
    # Parse from the marked element on: the navigation before it is most
    # of a Material page and never indexed (lxml closes what is left open).
    start = page_html.rfind("<", 0, marker)
    bodies = lxml_html.fromstring(page_html[start:]).xpath("descendant-or-self::*[@data-pagefind-body]")
    if not bodies:
        return None
    body = bodies[0]
    for selector in exclude_selectors:
        for element in body.xpath(_selector_xpath(selector)):
            _drop(element)
    for element in body.xpath(".//*[@data-pagefind-ignore]"):
        _drop(element)
    blocks = tuple(block for block in _blocks(body) if block.text)
    title = next((block.text for block in blocks if block.heading), "") or _title_of(page_html)
    return IndexRecord(title=title, blocks=blocks)


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


def index_document(record: IndexRecord) -> str:
    """The stand-in HTML Pagefind indexes for ``record``."""
    title = escape(record.title, quote=True)
    text = escape(record.text[:TEXT_LIMIT], quote=True)
    parts = [
        f'<!DOCTYPE html><html lang="{INDEX_LANGUAGE}"><head><meta charset="utf-8"><title>{title}</title>',
        f'<meta data-pagefind-meta="title[content]" content="{title}">',
        f'<meta data-pagefind-meta="text[content]" content="{text}">',
        "</head><body><main data-pagefind-body>",
        f"<h1>{escape(index_text(record.title))}</h1>",
    ]
    first_heading_skipped = False
    for block in record.blocks:
        if block.heading and not first_heading_skipped and block.text == record.title:
            first_heading_skipped = True  # already the <h1>
            continue
        tag = "h2" if block.heading else "p"
        parts.append(f"<{tag}>{escape(index_text(block.text))}</{tag}>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
