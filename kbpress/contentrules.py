"""The rules a page's content must pass, run by the build and by ``kbpress check`` alike.

Each rule reads the parsed page, not text patterns: what sits in a code
span or block reaches the parser as escaped text, so an XSS example that
shows ``<script>``, ``onerror=`` or a ``javascript:`` URL is content and
is shown as written, while the same markup outside code is a real
element or attribute and is reported. Both the MkDocs adapter and the
checker call :func:`page_problems`, so ``kbpress check`` fails exactly
where ``mkdocs build --strict`` does.

Findings are placed on the line of the Markdown source that produced
them: the n-th finding of a kind is the n-th occurrence of its text in
the source with code blanked out (:mod:`kbpress.codemask`), so a link or
tag written twice is reported at each of its own lines.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .codemask import mask_code
from .model import Problem
from .unsafe import XML_FORBIDDEN_RE

ACTIVE_ELEMENTS = {"script": "<script>", "iframe": "<iframe>", "object": "<object>/<embed>",
                   "embed": "<object>/<embed>", "form": "<form>"}
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
_URL_IGNORED_RE = re.compile(r"[\x00-\x20]")  # browsers skip these inside a URL scheme
_EVENT_ATTRIBUTE_RE = re.compile(r"on[a-z]+", re.ASCII)
# Text elements whose content is shown as written: Markdown code spans and blocks.
_CODE_ELEMENTS = frozenset({"code", "pre", "kbd", "samp"})
# A table's delimiter row (| --- | :-: |) that ended up as paragraph text.
_DELIMITER_ROW = r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*"
# In the source: a delimiter row under a header row under a line of text (not a heading).
_TABLE_UNDER_TEXT_RE = re.compile(rf"^[ \t]*[^\s#][^\n]*\n[^\n]*\|[^\n]*\n(?P<at>{_DELIMITER_ROW})$", re.MULTILINE)
_DELIMITER_IN_TEXT_RE = re.compile(rf"(?:^|\n){_DELIMITER_ROW}(?:\n|$)")

# Control characters inside code are shown as their visible symbols (U+2400 + code).
CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A, 0x0D)}
CONTROL_PICTURES.update({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})
# Screens, run on the lower-cased page. Each matches wherever a finding is
# possible, and more: event handlers also after / or a quote (<svg/onload=…>);
# any attribute value starting with "j" or a character reference (&#106; is "j").
_EVENT_SCREEN_RE = re.compile(r"on[a-z]+\s*=")
_URL_SCREEN_RE = re.compile(r"""=\s*["']?[\x00-\x20]*[j&]""")
_IMG_WITHOUT_ALT_SCREEN_RE = re.compile(r"""<img\b(?![^>]*\salt\s*=\s*(?:"[^"]*[^"\s]|'[^']*[^'\s]|[^\s"'>]))""")
_PIPE_DASH_RE = re.compile(r"\|[ \t]*:?-|-:?[ \t]*\|")


@dataclass(frozen=True)
class Finding:
    """One rule broken: a kind, a key to find it in the source (kind-specific) and the message."""

    kind: str  # "element", "event", "javascript", "control", "alt", "table"
    key: str  # element name, attribute name, image file name...
    message: str


def page_problems(html: str, markdown: str, shown: str, first_line: int) -> list[Problem]:
    """Every content problem of one page, as warnings with the source line (``first_line``: the Markdown's first line)."""
    findings = page_findings(html)
    if not findings:
        return []
    locator = _Locator(mask_code(markdown))
    problems = []
    for finding in findings:
        line = locator.line_of(finding)
        problems.append(Problem(shown, finding.message, first_line + line - 1 if line else None, severity="warning"))
    return problems


def page_findings(html: str) -> list[Finding]:
    """The findings of a rendered page, in document order."""
    if not _may_have_findings(html):
        return []
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.findings


def _may_have_findings(html: str) -> bool:
    # Nearly every page is clean: cheap screens before parsing.
    folded = html.lower()
    return (
        any(f"<{name}" in folded for name in ACTIVE_ELEMENTS)
        or _EVENT_SCREEN_RE.search(folded) is not None
        or _URL_SCREEN_RE.search(folded) is not None
        or _IMG_WITHOUT_ALT_SCREEN_RE.search(folded) is not None
        or XML_FORBIDDEN_RE.search(html) is not None
        or _PIPE_DASH_RE.search(html) is not None
    )


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self._code_depth = 0
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.problem("element", tag, f"{ACTIVE_ELEMENTS[tag]} は使えません。EPUB とフィードからは取り除きます。"
                      "見せたい例ならコードとして `…` か ``` で囲んでください。そうでなければ削除してください")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            name = posixpath.basename(dict(attrs).get("src") or "")
            self.problem("alt", name, f"画像 '{name}' に代替テキストがありません。![画像の説明](…) の形で、何が写っているかを書いてください")
        if tag in _CODE_ELEMENTS:
            self._code_depth += 1
        elif tag == "p":
            self._paragraph = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _CODE_ELEMENTS:
            self._code_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _CODE_ELEMENTS and self._code_depth:
            self._code_depth -= 1
        elif tag == "p" and self._paragraph is not None:
            text, self._paragraph = "".join(self._paragraph), None
            for _ in _DELIMITER_IN_TEXT_RE.finditer(text):
                self.problem("table", "", "表の区切り行 (|---|---|) が文章として表示されます。表の前 (見出し行の上) に空行を入れてください")

    def handle_data(self, data: str) -> None:
        if self._code_depth:
            return  # content: shown as written (control characters as visible symbols)
        if self._paragraph is not None:
            self._paragraph.append(data)
        for _ in XML_FORBIDDEN_RE.finditer(data):
            self._control()

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if _EVENT_ATTRIBUTE_RE.fullmatch(name):
            self.problem("event", name, f"on* 属性 は使えません ({name})。EPUB とフィードからは取り除きます。"
                      "見せたい例ならコードとして `…` で囲んでください。そうでなければ削除してください")
        elif name in _URL_ATTRIBUTES and _URL_IGNORED_RE.sub("", value).lower().startswith("javascript:"):
            self.problem("javascript", "javascript:", "javascript: URL は使えません。EPUB とフィードからは取り除きます。"
                      "見せたい例ならコードとして `…` で囲んでください。そうでなければ削除してください")
        for _ in XML_FORBIDDEN_RE.finditer(value):
            self._control()

    def _control(self) -> None:
        self.problem("control", "", "目に見えない制御文字があります (他の文書から貼り付けたときに入ります)。"
                  "EPUB とフィードからは取り除きます。その行を打ち直してください")

    def problem(self, kind: str, key: str, message: str) -> None:
        self.findings.append(Finding(kind, key, message))


class _Locator:
    """The source line of the n-th finding of each kind, from the Markdown with code blanked out."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self._seen: dict[tuple[str, str], int] = {}
        self._matches: dict[tuple[str, str], list[int]] = {}

    def line_of(self, finding: Finding) -> int | None:
        key = (finding.kind, finding.key)
        occurrence = self._seen.get(key, 0)
        self._seen[key] = occurrence + 1
        if key not in self._matches:
            self._matches[key] = [match.start(match.lastindex or 0) for match in _source_pattern(finding).finditer(self.masked)]
        offsets = self._matches[key]
        if not offsets:
            return None
        # More findings than source matches (one tag written by an extension twice): the last match.
        offset = offsets[min(occurrence, len(offsets) - 1)]
        return self.masked.count("\n", 0, offset) + 1


def _source_pattern(finding: Finding) -> re.Pattern:
    flags = re.IGNORECASE | re.ASCII
    if finding.kind == "element":
        return re.compile(rf"<{finding.key}\b", flags)
    if finding.kind == "event":
        return re.compile(rf"(?<![\w-]){re.escape(finding.key)}\s*=", flags)
    if finding.kind == "javascript":
        return re.compile(r"javascript\s*:", flags)
    if finding.kind == "control":
        return XML_FORBIDDEN_RE
    if finding.kind == "table":
        return _TABLE_UNDER_TEXT_RE
    return re.compile(re.escape(finding.key) if finding.key else r"!\[\s*\]")


_CODE_BLOCK_RE = re.compile(r"<(pre|code|kbd|samp)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def show_control_characters_in_code(html: str) -> str:
    """``html`` with control characters inside code shown as their visible symbols (U+2400…).

    They are content there (an example of what an attacker sends), and
    XML (EPUB, feeds) cannot carry the characters themselves.
    """
    if XML_FORBIDDEN_RE.search(html) is None:
        return html
    return _CODE_BLOCK_RE.sub(lambda block: block.group(0).translate(CONTROL_PICTURES), html)
