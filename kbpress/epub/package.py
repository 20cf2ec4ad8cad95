"""Assembling the EPUB container: EbookLib writes the package, we make it exact.

EbookLib generates the package document, the EPUB 3 navigation document
and the NCX fallback from our finished XHTML files (added as plain items,
so it never re-parses them). Its output is then corrected where EbookLib
cannot be told what to do -- ``xml:lang`` on ``<package>``, a hidden
landmarks list -- and re-zipped deterministically: ``mimetype`` first and
stored, the other entries sorted, one fixed timestamp, fixed attributes.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ebooklib import epub
from lxml import etree

from .chapters import TocEntry
from .vertical import set_upright_runs

PACKAGE_DIR = "EPUB"
NAV_FILE = "nav.xhtml"
COVER_PAGE_FILE = "cover.xhtml"
COVER_IMAGE_ID = "cover-img"
XHTML_MEDIA_TYPE = "application/xhtml+xml"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_XHTML = "{http://www.w3.org/1999/xhtml}"
_OPF = "{http://www.idpf.org/2007/opf}"
_NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
_EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackageError(RuntimeError):
    """EbookLib produced something unusable (it tends to fail silently)."""


@dataclass(frozen=True)
class PackageFile:
    file_name: str  # inside the package directory
    media_type: str
    data: bytes
    uid: str


@dataclass(frozen=True)
class BookMetadata:
    identifier: str
    title: str
    language: str
    modified: datetime  # timezone-aware
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    description: str = ""
    date: str = ""  # W3CDTF, e.g. 2025-06-12
    series: str = ""
    volume: int | None = None
    vertical: bool = False
    accessibility: tuple[tuple[str, str], ...] = ()  # (schema property, value)


@dataclass
class BookContent:
    cover_image: PackageFile
    cover_page: PackageFile
    documents: list[PackageFile]  # reading order
    toc: list[TocEntry]
    nav_stylesheets: tuple[str, ...] = ()
    resources: list[PackageFile] = field(default_factory=list)  # stylesheets, images


# EbookLib writes the package document, navigation and NCX; the chapters,
# stylesheets and images (most of a volume's bytes) are handed to it as
# this placeholder and put in only when the final zip is written, so a
# volume's content is held in memory once, not three times.
_PLACEHOLDER = b"kbpress: content added when zipping"


def assemble_epub(metadata: BookMetadata, content: BookContent, zip_time: datetime) -> bytes:
    """The finished EPUB file as bytes."""
    book = _book(metadata, content)
    buffer = io.BytesIO()
    options = {
        "epub3_pages": False,  # footnotes would otherwise become "pages"
        "mtime": metadata.modified.astimezone(timezone.utc),
        "compresslevel": 0,  # we compress once, when re-zipping
        "raise_exceptions": True,
        "landmark_title": "ランドマーク",
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # EbookLib's notice about future exception behaviour
        written = epub.write_epub(buffer, book, options)
    if not written:
        raise PackageError("EbookLib could not write the EPUB")
    entries = _read_entries(buffer.getvalue(), content)
    for file in content.documents + content.resources:
        name = f"{PACKAGE_DIR}/{file.file_name}"
        if entries[name] != _PLACEHOLDER:
            raise PackageError(f"EbookLib changed the content of {name}")
        entries[name] = file.data
    opf_name = f"{PACKAGE_DIR}/content.opf"
    entries[opf_name] = _patch_package_document(entries[opf_name], metadata.language)
    nav_name = f"{PACKAGE_DIR}/{NAV_FILE}"
    entries[nav_name] = _patch_navigation(entries[nav_name], metadata.vertical)
    ncx_name = f"{PACKAGE_DIR}/toc.ncx"
    entries[ncx_name] = _patch_ncx(entries[ncx_name])
    return deterministic_zip(entries, zip_time)


def _book(metadata: BookMetadata, content: BookContent) -> epub.EpubBook:
    book = epub.EpubBook()
    book.FOLDER_NAME = PACKAGE_DIR
    book.set_identifier(metadata.identifier)
    book.set_language(metadata.language)
    _add_titles(book, metadata)
    _add_people(book, metadata)
    _add_cover(book, content.cover_image)
    for prop, value in metadata.accessibility:
        book.add_metadata(None, "meta", value, OrderedDict([("property", prop)]))
    if metadata.vertical:
        book.set_direction("rtl")  # spine page-progression-direction only
        # Kindle sets a book vertically only when told here (its converters ignore the CSS for this).
        book.add_metadata(None, "meta", "", OrderedDict([("name", "primary-writing-mode"), ("content", "vertical-rl")]))

    cover_page = _item(content.cover_page)
    cover_page.is_linear = True
    book.add_item(cover_page)
    nav = epub.EpubNav(title="目次")
    for href in content.nav_stylesheets:
        nav.add_link(href=href, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    documents = [book.add_item(_item(document, _PLACEHOLDER)) for document in content.documents]
    for resource in content.resources:
        book.add_item(_item(resource, _PLACEHOLDER))

    book.toc = _ebooklib_toc(content.toc)
    book.spine = [cover_page, nav, *documents]
    book.guide = [
        {"type": "cover", "href": content.cover_page.file_name, "title": "表紙"},
        {"type": "toc", "href": NAV_FILE, "title": "目次"},
        {"type": "text", "href": content.documents[0].file_name, "title": "本文"},  # landmark "bodymatter"
    ]
    return book


def _add_titles(book: epub.EpubBook, metadata: BookMetadata) -> None:
    book.title = metadata.title  # used by EbookLib for the NCX and nav titles
    book.add_metadata("DC", "title", metadata.title, {"id": "title"})
    book.add_metadata(None, "meta", "main", OrderedDict([("refines", "#title"), ("property", "title-type")]))
    if metadata.subtitle:
        book.add_metadata("DC", "title", metadata.subtitle, {"id": "subtitle"})
        book.add_metadata(None, "meta", "subtitle", OrderedDict([("refines", "#subtitle"), ("property", "title-type")]))
    if metadata.series and metadata.volume is not None:
        book.add_metadata(None, "meta", metadata.series, OrderedDict([("property", "belongs-to-collection"), ("id", "series")]))
        book.add_metadata(None, "meta", "series", OrderedDict([("refines", "#series"), ("property", "collection-type")]))
        book.add_metadata(None, "meta", str(metadata.volume), OrderedDict([("refines", "#series"), ("property", "group-position")]))


def _add_people(book: epub.EpubBook, metadata: BookMetadata) -> None:
    for number, author in enumerate(metadata.authors, 1):
        # EbookLib gives every author the id "creator" unless told otherwise.
        book.add_author(author, role="aut", uid=f"creator{number}")
    if metadata.publisher:
        book.add_metadata("DC", "publisher", metadata.publisher)
    if metadata.description:
        book.add_metadata("DC", "description", metadata.description)
    if metadata.date:
        book.add_metadata("DC", "date", metadata.date)


def _add_cover(book: epub.EpubBook, image: PackageFile) -> None:
    cover = epub.EpubCover(uid=COVER_IMAGE_ID, file_name=image.file_name)
    cover.media_type = image.media_type
    cover.content = image.data
    book.add_item(cover)
    book.add_metadata(None, "meta", "", OrderedDict([("name", "cover"), ("content", COVER_IMAGE_ID)]))


def _item(file: PackageFile, content: bytes | None = None) -> epub.EpubItem:
    data = file.data if content is None else content
    return epub.EpubItem(uid=file.uid, file_name=file.file_name, media_type=file.media_type, content=data)


def _ebooklib_toc(entries: list[TocEntry]) -> list:
    counter = iter(range(1, 1_000_000))

    def convert(entry: TocEntry):
        if entry.children:
            return (epub.Section(entry.title, href=entry.href), [convert(child) for child in entry.children])
        return epub.Link(entry.href, entry.title, uid=f"navpoint-{next(counter)}")

    return [convert(entry) for entry in entries]


def _read_entries(data: bytes, content: BookContent) -> dict[str, bytes]:
    """Every zip entry, after checking EbookLib wrote each file with its content."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    expected = [f"{PACKAGE_DIR}/{name}" for name in ("content.opf", NAV_FILE, "toc.ncx")]
    expected += [f"{PACKAGE_DIR}/{file.file_name}" for file in (content.cover_image, content.cover_page)]
    expected += [f"{PACKAGE_DIR}/{file.file_name}" for file in content.documents + content.resources]
    missing = [name for name in expected if not entries.get(name)]
    if missing or entries.get("mimetype") != b"application/epub+zip":
        raise PackageError(f"EbookLib left files out or empty: {', '.join(missing[:5]) or 'mimetype'}")
    return entries


def _patch_package_document(data: bytes, language: str) -> bytes:
    root = etree.fromstring(data)
    root.set(_XML_LANG, language)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def _patch_navigation(data: bytes, vertical: bool = False) -> bytes:
    """Hide the landmarks list (it is for reading systems, not a second contents page); 縦中横 in vertical books."""
    tree = etree.fromstring(data).getroottree()
    tree.getroot().find(f"{_XHTML}body").set("dir", "ltr")  # see xhtml_document
    for nav in tree.getroot().iter(f"{_XHTML}nav"):
        if nav.get(_EPUB_TYPE) == "landmarks":
            nav.set("hidden", "hidden")
        elif vertical:
            set_upright_runs(nav)
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)


NCX_MAX_DEPTH = 2  # Kindle documents two levels; deeper entries stay in the EPUB 3 navigation


def _patch_ncx(data: bytes) -> bytes:
    """Two levels, every navPoint with a ``playOrder`` (entries for one target share it), the real depth."""
    root = etree.fromstring(data)
    points = [(point, len(list(point.iterancestors(f"{_NCX}navPoint"))) + 1)
              for point in root.find(f"{_NCX}navMap").iter(f"{_NCX}navPoint")]  # levels before anything moves
    for point, level in points:
        if level == NCX_MAX_DEPTH + 1:
            point.getparent().remove(point)  # with the levels below it
    kept = [(point, level) for point, level in points if level <= NCX_MAX_DEPTH]
    orders: dict[str, int] = {}
    for point, _ in kept:
        content = point.find(f"{_NCX}content")
        source = content.get("src") if content is not None else ""
        point.set("playOrder", str(orders.setdefault(source, len(orders) + 1)))
    depth = max((level for _, level in kept), default=0)
    for meta in root.iter(f"{_NCX}meta"):
        if meta.get("name") == "dtb:depth":
            meta.set("content", str(depth))
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def deterministic_zip(entries: dict[str, bytes], moment: datetime) -> bytes:
    """A zip whose bytes depend only on ``entries`` and ``moment``."""
    stamp = max(_EARLIEST_ZIP_TIME, moment.timetuple()[:6])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(_zip_info("mimetype", stamp, zipfile.ZIP_STORED), entries["mimetype"])
        for name in sorted(entries):
            if name != "mimetype":
                archive.writestr(_zip_info(name, stamp, zipfile.ZIP_DEFLATED), entries[name], compresslevel=9)
    return buffer.getvalue()


def _zip_info(name: str, stamp: tuple, compression: int) -> zipfile.ZipInfo:
    if not name.isascii():
        raise PackageError(f"non-ASCII file name in the EPUB: {name}")
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = compression
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    return info
