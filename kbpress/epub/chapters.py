"""One volume page -> one XHTML chapter document.

Each page's rendered HTML is parsed once with lxml, flattened, sanitised
and enriched (footnotes, headings); links are rewritten in a second step
once every chapter's ids are known (see :mod:`links`), then serialised.

Between the two steps a chapter is kept as compressed XHTML bytes
(``freeze``), not as a tree: a parsed tree takes about ten times the
memory of its text, and a volume of 1,000 chapters held as trees costs
80 MB (as plain bytes 12 MB, compressed 3 MB). ``thaw`` parses it back
(XML, fast) when its turn comes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from lxml import etree

from ..model import Heading, Page
from .material import flatten_widgets, has_class, remove_keeping_tail, unwrap
from .sanitize import OPS_NS, XHTML_NS, X, clean_tree, strip_invalid_xml_chars

EPUB_TYPE = "{%s}type" % OPS_NS
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TOC_MAX_LEVEL = 3  # chapter title, then h2 and h3 in the navigation


@dataclass
class Chapter:
    page: Page
    file_name: str  # inside the package directory, e.g. text/ch0001.xhtml
    appendix: bool
    body: etree._Element | None  # an XHTML <section> holding the content (None while frozen)
    ids: dict[str, str] = field(default_factory=dict)  # page id -> chapter id
    images: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)
    frozen: bytes = b""  # the body while frozen (zlib-compressed XHTML)

    @property
    def href(self) -> str:
        """The chapter's href from another chapter (all chapters share one folder)."""
        return self.file_name.rsplit("/", 1)[-1]

    def target_id(self, fragment: str) -> str | None:
        return self.ids.get(fragment)

    def freeze(self) -> None:
        """Keep the body as bytes only, until :meth:`thaw`."""
        self.frozen = zlib.compress(etree.tostring(self.body), 1)
        self.release()

    def release(self) -> None:
        """Drop the tree once serialised (links and images hold it alive too)."""
        self.body, self.images, self.links = None, [], []

    def thaw(self) -> None:
        """Parse the frozen body back; images and links are found again in document order."""
        self.body = etree.fromstring(zlib.decompress(self.frozen), _XML_PARSER)
        self.frozen = b""
        self.images = list(self.body.iter(X + "img"))
        self.links = [link for link in self.body.iter(X + "a") if link.get("href") is not None]


@dataclass(frozen=True)
class TocEntry:
    title: str
    href: str  # relative to the package directory
    children: tuple[TocEntry, ...] = ()


def prepare_chapter(page: Page, file_name: str, appendix: bool = False) -> Chapter:
    """Parse, flatten and sanitise ``page.html``; links are still the page's own."""
    container = _parse_fragment(page.html)
    flatten_widgets(container)
    cleaned = clean_tree(container)
    section = etree.Element(X + "section")
    kind = "appendix" if appendix else "chapter"
    section.set(EPUB_TYPE, kind)
    section.set("role", f"doc-{kind}")
    section.text = container.text
    for child in list(container):
        section.append(child)
    chapter = Chapter(page, file_name, appendix, section, cleaned.ids, cleaned.images, cleaned.links)
    _ensure_title_heading(chapter)
    _mark_footnotes(chapter)
    return chapter


_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_HTML_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)


def _parse_fragment(html: str) -> etree._Element:
    """The ``<body>`` holding the fragment; plain lxml elements (lxml.html's classes cost time)."""
    document = "<html><body>" + strip_invalid_xml_chars(html) + "</body></html>"
    root = etree.fromstring(document.encode("utf-8"), _HTML_PARSER)
    return root.find("body")


def _ensure_title_heading(chapter: Chapter) -> None:
    """Material prints the page title itself when the Markdown has no ``# title``."""
    if next(chapter.body.iter(X + "h1"), None) is None:
        heading = etree.Element(X + "h1")
        heading.text = strip_invalid_xml_chars(chapter.page.title)
        heading.tail = chapter.body.text
        chapter.body.text = None
        chapter.body.insert(0, heading)


def _mark_footnotes(chapter: Chapter) -> None:
    """Python-Markdown footnotes -> EPUB footnotes (pop-ups in most reading systems)."""
    for link in chapter.links:
        if has_class(link, "footnote-ref"):
            link.set(EPUB_TYPE, "noteref")
            link.set("role", "doc-noteref")
    for block in list(chapter.body.iter(X + "div")):
        if has_class(block, "footnote"):
            block.set("class", "footnotes")
            for numbered in block.findall(X + "ol"):
                _footnote_list_to_asides(chapter, numbered)


def _footnote_list_to_asides(chapter: Chapter, numbered: etree._Element) -> None:
    start = int(numbered.get("start") or 1)
    for number, item in enumerate(numbered.findall(X + "li"), start):
        backref = None
        for link in list(item.iter(X + "a")):
            if has_class(link, "footnote-backref"):
                backref = backref or link.get("href")
                remove_keeping_tail(link)
        item.tag = X + "aside"
        item.attrib.pop("value", None)
        item.set("class", "footnote")
        item.set(EPUB_TYPE, "footnote")
        item.set("role", "doc-footnote")
        _prefix_footnote_number(chapter, item, number, backref)
    unwrap(numbered)


def _prefix_footnote_number(chapter: Chapter, aside: etree._Element, number: int, backref: str | None) -> None:
    label = etree.Element(X + "a" if backref else X + "span")
    label.set("class", "footnote-number")
    label.text = str(number)
    if backref:
        label.set("href", backref)
        label.set("role", "doc-backlink")
        chapter.links.append(label)
    target = aside[0] if len(aside) and aside[0].tag == X + "p" else aside
    label.tail = "\u3000" + (target.text or "")
    target.text = None
    target.insert(0, label)


def chapter_toc(chapter: Chapter, max_level: int = TOC_MAX_LEVEL) -> TocEntry:
    """The chapter's navigation entry: its title, with its headings below."""
    headings = chapter.page.toc
    if len(headings) == 1 and headings[0].level == 1:
        headings = headings[0].children  # the page title itself
    title = strip_invalid_xml_chars(chapter.page.title)
    return TocEntry(title, chapter.file_name, tuple(_toc_entries(chapter, headings, max_level)))


def _toc_entries(chapter: Chapter, headings: tuple[Heading, ...], max_level: int) -> list[TocEntry]:
    entries = []
    for heading in headings:
        target = chapter.target_id(heading.id)
        children = _toc_entries(chapter, heading.children, max_level)
        # A heading of pasted control characters alone has no title left: a nav link needs text.
        title = strip_invalid_xml_chars(heading.title).strip()
        if heading.level > max_level or target is None or not title:
            entries.extend(children)  # an h3 under an unreachable h2 moves up a level
            continue
        entries.append(TocEntry(title, f"{chapter.file_name}#{target}", tuple(children)))
    return entries


def xhtml_document(
    body: etree._Element, title: str, language: str, stylesheets: tuple[str, ...], body_class: str | None = None
) -> bytes:
    """A complete XHTML5 content document around ``body``'s content."""
    root = etree.Element(X + "html", nsmap={None: XHTML_NS, "epub": OPS_NS})
    root.set("lang", language)
    root.set(XML_LANG, language)
    head = etree.SubElement(root, X + "head")
    etree.SubElement(head, X + "meta", charset="utf-8")
    title_element = etree.SubElement(head, X + "title")
    title_element.text = strip_invalid_xml_chars(title)
    for href in stylesheets:
        etree.SubElement(head, X + "link", rel="stylesheet", type="text/css", href=href)
    body_element = etree.SubElement(root, X + "body")
    # Japanese is left-to-right text in both writing modes. Some reading systems (epub.js) turn a
    # vertical book's right-to-left page progression into direction: rtl on <html>, which would
    # reverse tables and lists; the body's own dir keeps the text's direction.
    body_element.set("dir", "ltr")
    if body_class:
        body_element.set("class", body_class)
    body_element.append(body)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
