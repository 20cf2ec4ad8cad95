"""Vertical volumes (縦書き): what the build changes in a chapter for them.

Two things Japanese e-book publishers do that CSS alone cannot:

- 縦中横: short runs of half-width digits and Latin letters ("20分",
  "12月", "PC") are set upright in one character cell. Which runs qualify
  is decided here, at build time, and marked with a class the vertical
  stylesheet sets ``text-combine-upright: all``; a CSS rule cannot pick out
  a run of characters. Runs of three or four digits ("2025年") and short
  capital acronyms ("USB") are set upright one character at a time:
  three digits squeezed into one cell are too narrow to read at body
  size. Longer Latin words, dates and times ("10:05") keep the usual
  sideways setting. Code is never touched.
- Tables and code blocks are horizontal material. Apple's Books Asset
  Guide asks for one writing mode per content document, and a horizontal
  table inside vertical text runs taller than a phone's page. So they
  move to a horizontal document placed right after the chapter in the
  reading order; the chapter keeps a link where each one stood, and each
  block links back.

Runs after links are rewritten (the moved blocks keep working links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .sanitize import X

COMBINED_CLASS = "tcy"  # 縦中横: the run shares one upright cell
UPRIGHT_CLASS = "upright"  # each character upright, one under the other
HORIZONTAL_SUFFIX = "-yoko"  # ch0001.xhtml -> ch0001-yoko.xhtml
MOVED_TAGS = (X + "table", X + "pre")
# Text inside these is never changed: code must stay as written; tables and
# figures' SVG/MathML are not running text.
_UNTOUCHED = frozenset(X + tag for tag in ("code", "pre", "kbd", "samp", "var", "tt", "script", "style", "table"))
_UNTOUCHED_NS = ("{http://www.w3.org/2000/svg}", "{http://www.w3.org/1998/Math/MathML}")
_ASCII_RUN = re.compile(r"[!-~]+")  # printable ASCII without the space
_COMBINED = re.compile(r"[0-9]{1,2}|[A-Za-z0-9]{1,2}|[!?]{1,2}")
_UPRIGHT = re.compile(r"[0-9]{3,4}|[A-Z]{3,4}")


def upright_class(run: str) -> str | None:
    """The class a run of printable ASCII gets in vertical text, None to leave it sideways."""
    if _COMBINED.fullmatch(run):
        return COMBINED_CLASS
    if _UPRIGHT.fullmatch(run):
        return UPRIGHT_CLASS
    return None


def set_upright_runs(root: etree._Element) -> int:
    """Wrap every qualifying run in running text under ``root`` in a span; returns how many."""
    count = 0
    for element in list(root.iter(etree.Element)):
        if _untouched(element):
            continue
        if element.text:
            count += _split_text(element, element.text, into_text=True)
        if element is not root and element.tail and not _untouched(element.getparent()):
            count += _split_text(element, element.tail, into_text=False)
    return count


def _untouched(element: etree._Element | None) -> bool:
    while element is not None:
        tag = element.tag
        if tag in _UNTOUCHED or (isinstance(tag, str) and tag.startswith(_UNTOUCHED_NS)):
            return True
        if COMBINED_CLASS in (element.get("class") or "").split():
            return True
        element = element.getparent()
    return False


def _split_text(element: etree._Element, text: str, into_text: bool) -> int:
    pieces = []  # (class, run, following text)
    last = 0
    lead = None
    for match in _ASCII_RUN.finditer(text):
        name = upright_class(match.group())
        if name is None:
            continue
        if lead is None:
            lead = text[: match.start()]
        else:
            pieces[-1][2] = text[last : match.start()]
        pieces.append([name, match.group(), ""])
        last = match.end()
    if not pieces:
        return 0
    pieces[-1][2] = text[last:]
    spans = []
    for name, run, following in pieces:
        span = etree.Element(X + "span")
        span.set("class", name)
        span.text = run
        span.tail = following or None
        spans.append(span)
    if into_text:
        element.text = lead or None
        for index, span in enumerate(spans):
            element.insert(index, span)
    else:
        element.tail = lead or None
        for span in reversed(spans):
            element.addnext(span)
    return len(spans)


@dataclass
class HorizontalBlocks:
    """The horizontal document of one chapter: its body and its file name."""

    body: etree._Element
    file_name: str


def horizontal_file_name(chapter_file: str) -> str:
    return chapter_file.removesuffix(".xhtml") + HORIZONTAL_SUFFIX + ".xhtml"


def move_horizontal_blocks(body: etree._Element, chapter_file: str, title: str) -> HorizontalBlocks | None:
    """Move the tables and code blocks of ``body`` into a horizontal document (None if it has none)."""
    blocks = [_with_wrapper(element) for element in body.iter(*MOVED_TAGS) if not _inside_moved(element, body)]
    if not blocks:
        return None
    chapter_href = chapter_file.rsplit("/", 1)[-1]
    target_file = horizontal_file_name(chapter_file)
    target_href = target_file.rsplit("/", 1)[-1]
    taken = {value for value in body.xpath("//@id")}
    section = etree.Element(X + "section")
    section.set("class", "horizontal-blocks")
    heading = etree.SubElement(section, X + "h1")
    heading.text = f"{title}（横組みの{_kinds(blocks)}）"
    numbers = {"table": 0, "pre": 0}
    for block in blocks:
        kind = "table" if block.tag == X + "table" else "pre"
        numbers[kind] += 1
        label = f"{'表' if kind == 'table' else '例'}{numbers[kind]}"
        block_id = _unique(f"yoko-{kind}-{numbers[kind]}", taken)
        ref_id = _unique(f"yoko-ref-{kind}-{numbers[kind]}", taken)
        reference = _reference(block, label, f"{target_href}#{block_id}", ref_id)
        figure = etree.SubElement(section, X + "div")
        figure.set("class", "horizontal-block")
        figure.set("id", block_id)
        caption = etree.SubElement(figure, X + "p")
        caption.set("class", "horizontal-label")
        caption.text = label
        block.addprevious(reference)
        reference.tail, block.tail = block.tail, None
        figure.append(block)
        back = etree.SubElement(etree.SubElement(figure, X + "p", {"class": "horizontal-back"}), X + "a")
        back.set("href", f"{chapter_href}#{ref_id}")
        back.text = "本文に戻る"
    _keep_link_targets(section, chapter_href)
    return HorizontalBlocks(section, target_file)


def _kinds(blocks: list[etree._Element]) -> str:
    tables = any(block.tag == X + "table" for block in blocks)
    code = any(block.tag != X + "table" for block in blocks)
    return "表と例" if tables and code else "表" if tables else "例"


def _with_wrapper(element: etree._Element) -> etree._Element:
    """A highlighted code block moves with its wrapper (file name title, line numbers)."""
    parent = element.getparent()
    if element.tag == X + "pre" and parent is not None and "highlight" in (parent.get("class") or "").split():
        return parent
    return element


def _inside_moved(element: etree._Element, body: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not body:
        if parent.tag in MOVED_TAGS:
            return True
        parent = parent.getparent()
    return False


def _unique(candidate: str, taken: set[str]) -> str:
    name, number = candidate, 1
    while name in taken:
        number += 1
        name = f"{candidate}-{number}"
    taken.add(name)
    return name


def _reference(block: etree._Element, label: str, href: str, ref_id: str) -> etree._Element:
    """The paragraph left in the vertical text, carrying the ids the block had (links to them land here)."""
    paragraph = etree.Element(X + "p")
    paragraph.set("class", "horizontal-ref")
    paragraph.set("id", ref_id)
    for element in block.iter(etree.Element):
        if element.get("id"):
            anchor = etree.SubElement(paragraph, X + "span")
            anchor.set("id", element.get("id"))
    link = etree.SubElement(paragraph, X + "a")
    link.set("href", href)
    link.text = f"{label}{_summary(block)}（横組み）を見る"
    return paragraph


def _summary(block: etree._Element, limit: int = 40) -> str:
    """What a table is about, for the link to it: its caption, else its column headings."""
    caption = next(block.iter(X + "caption"), None)
    if caption is not None:
        text = " ".join("".join(caption.itertext()).split())
    else:
        row = next(block.iter(X + "tr"), None)
        headings = row.findall(X + "th") if row is not None else []
        text = "・".join(" ".join("".join(cell.itertext()).split()) for cell in headings)
    if not text:
        return ""
    return f"「{text if len(text) <= limit else text[: limit - 1] + '…'}」"


def _keep_link_targets(section: etree._Element, chapter_href: str) -> None:
    """Links inside a moved block to the chapter's own ids now cross documents."""
    moved_ids = {element.get("id") for element in section.iter(etree.Element) if element.get("id")}
    for link in section.iter(X + "a"):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] not in moved_ids:
            link.set("href", chapter_href + href)
