"""From MkDocs' HTML fragment to safe XHTML elements.

A whitelist, not a blacklist: only elements and attributes known to be
valid in EPUB 3 XHTML survive. Scripts, styles and forms disappear;
embedded players become a link to what they showed; unknown wrappers are
unwrapped so their text stays. Every element moves into the XHTML
namespace, and ids become ASCII XML names (EPUBCheck rejects "fn:1";
some reading systems mishandle non-ASCII fragments), recorded in
``ids`` so links and the table of contents can follow them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from lxml import etree

from .material import remove_keeping_tail, unwrap

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
X = "{%s}" % XHTML_NS

ALLOWED_TAGS = frozenset(
    """a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del dfn div dl dt
    em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark ol p pre q rp rt ruby s samp
    section small span strong sub sup table tbody td tfoot th thead time tr u ul var wbr""".split()
)
# Dropped with their content: nothing in them is readable text in an e-book.
DROPPED_TAGS = frozenset(
    """script style noscript template form input button select textarea option optgroup datalist output
    meta link base head title svg math canvas map area param source track frame frameset applet dialog""".split()
)
# Embedded content: replaced by a link to its source, so the reader can still find it.
EMBED_TAGS = {"iframe": "src", "video": "src", "audio": "src", "embed": "src", "object": "data"}
GLOBAL_ATTRIBUTES = frozenset(("id", "class", "title", "lang", "dir"))
TAG_ATTRIBUTES = {
    "a": frozenset(("href",)),
    "img": frozenset(("src", "alt", "width", "height")),
    "td": frozenset(("colspan", "rowspan", "style")),
    "th": frozenset(("colspan", "rowspan", "style", "scope", "abbr")),
    "col": frozenset(("span",)),
    "colgroup": frozenset(("span",)),
    "ol": frozenset(("start", "reversed", "type")),
    "li": frozenset(("value",)),
    "time": frozenset(("datetime",)),
    "del": frozenset(("datetime",)),
    "ins": frozenset(("datetime",)),
}
_SAFE_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.IGNORECASE)
_INTEGER = re.compile(r"^\d{1,5}$")
_ASCII_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$")
_DIR_VALUES = frozenset(("ltr", "rtl", "auto"))
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EMBED_LABEL = "埋め込みコンテンツ (電子書籍では表示できません): "


@dataclass
class CleanResult:
    ids: dict[str, str] = field(default_factory=dict)  # original id -> id in the XHTML
    images: list[etree._Element] = field(default_factory=list)
    links: list[etree._Element] = field(default_factory=list)


def strip_invalid_xml_chars(text: str) -> str:
    """Text lxml accepts: control characters pasted from other tools removed."""
    return _INVALID_XML_CHARS.sub("", text)


def clean_tree(root: etree._Element) -> CleanResult:
    """Sanitise the children of ``root`` in place (``root`` itself is kept as is)."""
    result = CleanResult()
    _clean_children(root, result, set())
    return result


def _clean_children(parent: etree._Element, result: CleanResult, taken: set[str]) -> None:
    # Depth first by hand, so nothing inside a dropped element is ever collected.
    for element in list(parent):
        tag = element.tag
        if not isinstance(tag, str) or tag in DROPPED_TAGS:  # comments, scripts, forms...
            remove_keeping_tail(element)
        elif tag in EMBED_TAGS:
            _replace_embed(element, EMBED_TAGS[tag])
        elif tag not in ALLOWED_TAGS:
            _clean_children(element, result, taken)
            unwrap(element)
        else:
            _clean_attributes(element, tag, result, taken)
            element.tag = X + tag
            if tag == "img":
                result.images.append(element)
            elif tag == "a" and element.get("href") is not None:
                result.links.append(element)
            _clean_children(element, result, taken)


def _clean_attributes(element: etree._Element, tag: str, result: CleanResult, taken: set[str]) -> None:
    allowed = TAG_ATTRIBUTES.get(tag, frozenset())
    for name, value in list(element.attrib.items()):
        if not _keep_attribute(name, value, allowed):
            del element.attrib[name]
    original_id = element.get("id")
    if original_id is not None:
        new_id = xml_id(original_id, taken)
        taken.add(new_id)
        result.ids.setdefault(original_id, new_id)
        element.set("id", new_id)


def _keep_attribute(name: str, value: str, allowed: frozenset[str]) -> bool:
    if name not in GLOBAL_ATTRIBUTES and name not in allowed:
        return False
    if name == "style":
        return bool(_SAFE_STYLE.match(value))
    if name in ("colspan", "rowspan", "span", "start", "value", "width", "height"):
        return bool(_INTEGER.match(value.strip()))
    if name == "dir":
        return value in _DIR_VALUES
    if name == "type":
        return value in ("1", "a", "A", "i", "I")
    if name == "scope":
        return value in ("row", "col", "rowgroup", "colgroup")
    if name == "datetime":
        return bool(_DATETIME.match(value))
    if name == "id":
        return bool(value.strip())
    if name in ("class", "title", "lang"):
        return bool(value.strip())
    return True


def xml_id(original: str, taken: set[str]) -> str:
    """An ASCII XML name for ``original``, unique among ``taken``."""
    candidate = original.strip().replace(":", "-")
    if not _ASCII_ID.match(candidate):
        candidate = "id-" + hashlib.sha1(original.encode("utf-8")).hexdigest()[:10]
    unique, counter = candidate, 2
    while unique in taken:
        unique = f"{candidate}-{counter}"
        counter += 1
    return unique


def _replace_embed(element: etree._Element, source_attribute: str) -> None:
    source = (element.get(source_attribute) or "").strip()
    if not source.lower().startswith(("http://", "https://")):
        remove_keeping_tail(element)
        return
    # A span, not a paragraph: the player may sit inside a paragraph.
    wrapper = etree.Element(X + "span")
    wrapper.set("class", "embed-link")
    wrapper.text = _EMBED_LABEL
    link = etree.SubElement(wrapper, X + "a")
    link.set("href", source)
    link.text = source
    wrapper.tail = element.tail
    element.getparent().replace(element, wrapper)
