"""Finding what specialists paste by accident: active HTML and invisible control characters.

The portal keeps what the author wrote (with a warning); EPUBs and feeds,
read in other programs, remove it. Both use these detectors so the
warning and the removal always agree on what counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# XML 1.0 allows tab, LF and CR below U+0020; the rest are what PDFs and Word leave behind.
XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# (what, cheap test that must pass first, the pattern). Every page is
# scanned and almost none holds any of these, so a substring test on the
# case-folded page, or a pattern without backtracking, screens them first.
# ASCII case-insensitivity on both sides: browsers only know <script> in
# ASCII, and a Unicode-wide pattern (ı matching i) could pass a screen by.
_FLAGS = re.IGNORECASE | re.ASCII
_ACTIVE_HTML = (
    ("<script>", ("<script",), re.compile(r"<script\b", _FLAGS)),
    ("<iframe>", ("<iframe",), re.compile(r"<iframe\b", _FLAGS)),
    ("<object>/<embed>", ("<object", "<embed"), re.compile(r"<(?:object|embed)\b", _FLAGS)),
    ("<form>", ("<form",), re.compile(r"<form\b", _FLAGS)),
    ("on* 属性", re.compile(r"\son[a-z]+\s*=", _FLAGS), re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", _FLAGS)),
    ("javascript: URL", ("javascript:",), re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", _FLAGS)),
)


@dataclass(frozen=True)
class Finding:
    what: str
    line: int  # 1-based within the text searched
    snippet: str = ""  # the matched text, to find the place in the source


def strip_xml_forbidden(text: str) -> str:
    return XML_FORBIDDEN_RE.sub("", text)


def find_control_characters(text: str) -> list[Finding]:
    """One finding per line that holds characters XML cannot carry."""
    lines = sorted({text.count("\n", 0, match.start()) + 1 for match in XML_FORBIDDEN_RE.finditer(text)})
    return [Finding("制御文字", line) for line in lines]


def find_active_html(html: str) -> list[Finding]:
    """Scripts, frames, event handlers and javascript: URLs in rendered HTML.

    Search the rendered page, not the Markdown: code spans that merely
    show ``<script>`` are escaped there and are not findings.
    """
    findings = []
    folded = html.casefold()
    for what, screen, pattern in _ACTIVE_HTML:
        if isinstance(screen, tuple):
            if not any(needle in folded for needle in screen):
                continue
        elif screen.search(html) is None:
            continue
        for match in pattern.finditer(html):
            findings.append(Finding(what, html.count("\n", 0, match.start()) + 1, match.group(0)))
    return sorted(findings, key=lambda finding: (finding.line, finding.what))


_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_RE = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SRC_RE = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def images_without_alt(html: str) -> list[str]:
    """The ``src`` of every rendered image whose alt text is missing or blank."""
    missing = []
    for tag in _IMG_RE.findall(html):
        alt = _ALT_RE.search(tag)
        if alt is None or not "".join(part for part in alt.groups() if part).strip():
            src = _SRC_RE.search(tag)
            missing.append("".join(part for part in src.groups() if part) if src else "")
    return missing
