"""Active HTML and control characters XML cannot carry: the patterns the feed cleaner screens with.

The rules that warn about them in a page (build and ``kbpress check``)
read the parsed page: :mod:`kbpress.contentrules`.
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
