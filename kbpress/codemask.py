"""Markdown with its code spans and fenced code blocks blanked out, line breaks kept.

Used to place a finding of the rendered page on its source line: what is
written inside code is content and must not be mistaken for the live
markup (or link) the finding is about. Indented code blocks are left as
they are when they follow a list item or a container (admonition,
details, tab), whose content is indented the same way; a miss only costs
the accuracy of a line number.
"""

from __future__ import annotations

import re

_FENCE_OPEN_RE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})")
# A span ends at the same number of backticks, within its paragraph (no blank line).
_CODE_SPAN_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>(?:(?!\n[ \t]*\n).)+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)


def mask_code(markdown: str) -> str:
    """``markdown`` with every character inside code replaced by a space (newlines kept)."""
    if "`" not in markdown and "~~~" not in markdown:
        return markdown
    lines = markdown.split("\n")
    masked: list[str] = []
    text_run: list[str] = []
    fence: str | None = None
    fence_line = 0  # index of the line that opened the fence
    indented = _IndentedCode()
    for index, line in enumerate(lines):
        if fence is None:
            opened = _FENCE_OPEN_RE.match(line)
            if indented.is_code(line) and opened is None:
                text_run.append(_blank(line))
                continue
            if opened is None:
                text_run.append(line)
                continue
            fence, fence_line = opened.group("fence"), index
            masked.extend(_mask_spans("\n".join(text_run)).split("\n") if text_run else [])
            text_run = []
            masked.append(_blank(line))
        else:
            stripped = line.lstrip(" \t>")
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]).strip():
                fence = None
            masked.append(_blank(line))
    if text_run:
        masked.extend(_mask_spans("\n".join(text_run)).split("\n"))
    if fence is not None:
        # Never closed: Markdown renders it as text and raw HTML, so what it holds may be live.
        masked[fence_line:] = lines[fence_line:]
    return "\n".join(masked)


class _IndentedCode:
    """Line by line: is this line part of an indented code block?"""

    def __init__(self) -> None:
        self.previous_blank = True
        self.in_code = False
        self.in_container = False  # a list item or an admonition: indented lines continue it

    def is_code(self, line: str) -> bool:
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if blank:
            self.previous_blank = True
            return self.in_code
        if not indented:
            self.in_code = False
            self.in_container = bool(_CONTAINER_RE.match(line))
        elif not self.in_container and (self.in_code or self.previous_blank):
            self.in_code = True
        self.previous_blank = False
        return self.in_code


_CONTAINER_RE = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|===|/// )")


def _mask_spans(text: str) -> str:
    if "`" not in text:
        return text
    return _CODE_SPAN_RE.sub(lambda span: _blank(span.group(0)), text)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def offsets(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text`` (occurrences not overlapping), in order."""
    found, index = [], text.find(needle)
    while index >= 0:
        found.append(index)
        index = text.find(needle, index + len(needle))
    return found
