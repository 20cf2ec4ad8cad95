"""Part title pages (扉): one page per titled part, in the reading order before its chapters.

A part that exists only in the navigation is invisible to a reader paging
through the book; Kindle, Kobo and Apple Books all show a part title page
when the part has a document of its own, which the navigation then points at.
"""

from __future__ import annotations

from lxml import etree

from .chapters import EPUB_TYPE, xhtml_document
from .manifest import Manifest
from .package import XHTML_MEDIA_TYPE, PackageFile
from .sanitize import X, strip_invalid_xml_chars
from .vertical import set_upright_runs

PART_FILE = "text/part{number:02d}.xhtml"


def part_file_names(manifest: Manifest) -> list[str]:
    """The title page of every titled part, in order."""
    titled = [part for part in manifest.parts if part.title]
    return [PART_FILE.format(number=number) for number in range(1, len(titled) + 1)]


def part_pages_by_start(manifest: Manifest, stylesheets: tuple[str, ...]) -> dict[int, PackageFile]:
    """Each titled part's page, by the index of its first chapter among the volume's chapters."""
    starts = []
    index = 0
    for part in manifest.parts:
        if part.title:
            starts.append((index, part))
        index += len(part.sources)
    pages = {}
    for file_name, (start, part) in zip(part_file_names(manifest), starts):
        section = etree.Element(X + "section")
        section.set(EPUB_TYPE, "part")
        section.set("role", "doc-part")
        section.set("class", "part-title")
        heading = etree.SubElement(section, X + "h1")
        heading.text = strip_invalid_xml_chars(part.title)
        if manifest.vertical:
            set_upright_runs(section)
        data = xhtml_document(section, part.title, manifest.language, stylesheets, body_class="part")
        uid = file_name.rsplit("/", 1)[-1].removesuffix(".xhtml")
        pages[start] = PackageFile(file_name, XHTML_MEDIA_TYPE, data, uid)
    return pages
