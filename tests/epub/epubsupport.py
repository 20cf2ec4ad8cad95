"""Helpers for the EPUB tests: hand-built sites and an EPUB reader.

Pages are rendered with Python-Markdown and the extensions of the
project's mkdocs.yml, so ``Page.html`` looks like MkDocs output; links in
the fixture Markdown are written the way MkDocs emits them (relative to
the page URL).
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from lxml import etree
from pymdownx.slugs import slugify

from kbpress.model import JST, Heading, Kind, Page, PageMeta, Site

BUILD_TIME = datetime(2026, 1, 1, 9, 0, tzinfo=JST)
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _extensions():
    return [
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        "tables",
        "toc",
        "pymdownx.details",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
    ]


def _extension_configs():
    return {
        "toc": {"permalink": True, "permalink_title": "この見出しへのリンク", "slugify": slugify(case="lower")},
        "pymdownx.highlight": {"anchor_linenums": False},
        "pymdownx.tabbed": {"alternate_style": True, "slugify": slugify(case="lower")},
    }


def render(text: str) -> tuple[str, tuple[Heading, ...]]:
    """HTML and table of contents of Markdown ``text``, as MkDocs renders it."""
    md = markdown.Markdown(extensions=_extensions(), extension_configs=_extension_configs())
    body = md.convert(text)
    return body, tuple(_heading(token) for token in md.toc_tokens)


def _heading(token: dict) -> Heading:
    title = html_module.unescape(re.sub(r"<[^>]+>", "", token["name"]))
    return Heading(token["level"], token["id"], title, tuple(_heading(child) for child in token["children"]))


def article(src_path: str, title: str, body: str, *, updated: datetime | None = None, url: str | None = None) -> Page:
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    meta = PageMeta(kind=Kind.ARTICLE, title=title, description=f"{title}の説明", updated=updated or BUILD_TIME)
    html, toc = render(body)
    return Page(src_path=src_path, url=url or f"articles/{stem}/", meta=meta, html=html, toc=toc)


def make_site(docs_dir: Path, pages: list[Page], site_dir: Path | None = None) -> Site:
    return Site(
        name="知識の保管庫",
        url="https://kb.example.jp/",
        description="テスト",
        organisation="みなと中小企業サイバーセキュリティ支援センター",
        docs_dir=str(docs_dir),
        site_dir=str(site_dir or docs_dir.parent / "site"),
        build_time=BUILD_TIME,
        pages=list(pages),
    )


@dataclass
class OpenedEpub:
    """An EPUB read back with lxml: package, spine and every XHTML document."""

    path: Path
    names: list[str]
    entries: dict[str, bytes]
    opf_path: str
    opf: etree._Element
    manifest: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (href, media type, properties)

    @classmethod
    def open(cls, path: Path) -> OpenedEpub:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            entries = {info.filename: archive.read(info) for info in infos}
        container = etree.fromstring(entries["META-INF/container.xml"])
        opf_path = container.find(".//c:rootfile", NS).get("full-path")
        opf = etree.fromstring(entries[opf_path])
        opened = cls(path, [info.filename for info in infos], entries, opf_path, opf)
        for item in opf.iterfind("opf:manifest/opf:item", NS):
            opened.manifest[item.get("id")] = (item.get("href"), item.get("media-type"), item.get("properties") or "")
        return opened

    @property
    def base(self) -> str:
        return posixpath.dirname(self.opf_path)

    def full(self, href: str, relative_to: str | None = None) -> str:
        directory = posixpath.dirname(relative_to) if relative_to else self.base
        return posixpath.normpath(posixpath.join(directory, unquote(href)))

    def spine_files(self) -> list[str]:
        return [self.full(self.manifest[ref.get("idref")][0]) for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def documents(self) -> dict[str, etree._Element]:
        return {
            self.full(href): etree.fromstring(self.entries[self.full(href)])
            for href, media_type, _ in self.manifest.values()
            if media_type == "application/xhtml+xml"
        }

    def metadata(self, name: str) -> list[str]:
        return [element.text or "" for element in self.opf.iterfind(f"opf:metadata/{name}", NS)]

    def meta_property(self, prop: str) -> list[str]:
        return [e.text or "" for e in self.opf.iterfind("opf:metadata/opf:meta", NS) if e.get("property") == prop]

    def chapter_titles(self) -> list[str]:
        titles = []
        for file in self.spine_files():
            root = etree.fromstring(self.entries[file])
            titles.append(root.findtext("x:head/x:title", namespaces=NS))
        return titles

    def page_titles(self) -> list[str]:
        """Titles of the chapters made from pages: no cover, contents, part title pages or horizontal documents."""
        return [title for file, title in zip(self.spine_files(), self.chapter_titles())
                if re.fullmatch(r"EPUB/text/ch\d{4}\.xhtml", file)]


def internal_link_problems(book: OpenedEpub) -> list[str]:
    """Every href/src inside the book that does not resolve to a file and id."""
    documents = book.documents()
    ids = {name: {e.get("id") for e in root.iter() if e.get("id")} for name, root in documents.items()}
    problems = []
    for name, root in documents.items():
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None or urlsplit(value).scheme:
                    continue
                parts = urlsplit(value)
                target = book.full(parts.path, relative_to=name) if parts.path else name
                if target not in book.entries:
                    problems.append(f"{name}: {value} (no file)")
                elif parts.fragment and parts.fragment not in ids.get(target, set()):
                    problems.append(f"{name}: {value} (no id)")
    return problems
